"""Reading our PDFs back with poppler (pdftotext, pdffonts), as a reader of the file would."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

PAGE_NUMBER = re.compile(r"^\s*-\s*[๐-๙]+\s*-\s*$")
HEADER = re.compile(r"^\s*ที่\s+ข้อเสนอแนะ\s+ความเห็น\s*$")

POPPLER = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts")),
    reason="poppler-utils (pdftotext, pdffonts) not installed",
)


def _run(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        command = [tool, *args, str(path)] + (["-"] if tool == "pdftotext" else [])
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        return done.stdout


def pdftotext(pdf: bytes, *args: str) -> str:
    """`pdftotext -enc UTF-8 [args]`: pages separated by form feeds."""
    return _run("pdftotext", pdf, "-enc", "UTF-8", *args)


def font_names(pdf: bytes) -> list[str]:
    """The embedded fonts' names, without the subset prefix ("Sarabun", "DejaVuSans", …)."""
    return re.findall(r"^\w{6}\+(\S+)", _run("pdffonts", pdf), re.M)


def squeeze(text: str) -> str:
    """Text with every whitespace removed: line breaks fall between Thai words, where the
    source may or may not have a space, so compare without them."""
    return re.sub(r"\s+", "", text)


def table_text(pdf: bytes, first_page: int = 2) -> str:
    """The enclosure as one squeezed string: page numbers and repeated headers left out."""
    lines = pdftotext(pdf, "-layout", "-f", str(first_page)).splitlines()
    kept = [line for line in lines if not (PAGE_NUMBER.match(line) or HEADER.match(line))]
    return squeeze("\n".join(kept).replace("\f", "\n"))


def assert_in_order(text: str, parts: list[str]) -> None:
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"missing after offset {at}: {part[:80]}"
        at = found + len(part)

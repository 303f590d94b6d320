"""The printable invitation letter: one A4 page, Thai digits and dates, the code as typed.

No database: the letter is rendered from plain values. Reading the PDF back uses pypdf when
installed, else poppler's pdftotext/pdfinfo when present, else the HTML it was made from.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from web.documents.weasy import font_files
from web.letters import (
    InvitationLetter,
    _FontsOnly,
    render_invitation_html,
    render_invitation_pdf,
)

ISSUED = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 10.00 น. in Bangkok


def letter(**changes: object) -> InvitationLetter:
    values: dict[str, object] = {
        "council_name_th": "สภาองค์กรชุมชนตำบลศรีภูมิ",
        "council_code": "T500101",
        "place_th": "ตำบลศรีภูมิ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่",
        "code": "K7QD-M2XP-9RTF",
        "expires_at": ISSUED + timedelta(days=30),
        "issued_at": ISSUED,
        "claim_url": "https://assembly.codi.or.th/claim",
    }
    values.update(changes)
    return InvitationLetter(**values)  # type: ignore[arg-type]


def page_count(pdf: bytes, tmp_path: Path) -> int:
    try:
        import pypdf  # type: ignore[import-not-found]
    except ImportError:
        pass
    else:
        import io

        return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    if shutil.which("pdfinfo"):
        path = tmp_path / "count.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        pages = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
        assert pages, info.stdout
        return int(pages[1])
    # No PDF reader: count the page objects, inside compressed object streams too.
    chunks = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(stream[1]))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", chunk)) for chunk in chunks)


def pdf_text(pdf: bytes, tmp_path: Path) -> str | None:
    try:
        import pypdf
    except ImportError:
        pass
    else:
        import io

        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    if shutil.which("pdftotext"):
        path = tmp_path / "text.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout
    return None


def skeleton(text: str) -> str:
    """Thai text as a PDF reader gives it back: extraction drops or reorders the marks above
    and below the line and splits sara am, so compare consonants and vowels on the line only."""
    text = text.replace("\u0e33", "\u0e32")  # sara am comes back as sara aa
    text = re.sub("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", "", text)  # marks above/below
    return re.sub(r"\s+", "", text)


def visible_text(html: str) -> str:
    body = html.split("<body>", 1)[1]
    return re.sub(r"<[^>]+>", " ", body)


def test_pdf_is_one_page_with_the_code_the_thai_date_and_the_council(tmp_path: Path) -> None:
    pdf = render_invitation_pdf(letter())

    assert pdf.startswith(b"%PDF")
    assert page_count(pdf, tmp_path) == 1
    text = pdf_text(pdf, tmp_path)
    if text is None:  # no PDF reader here: check the HTML the PDF is made from
        text = visible_text(render_invitation_html(letter()))
    assert "K7QD-M2XP-9RTF" in text
    assert "๒๕ พฤศจิกายน ๒๕๖๙" in text
    assert skeleton("สภาองค์กรชุมชนตำบลศรีภูมิ") in skeleton(text)
    assert "T500101" in text


def test_pdf_embeds_sarabun(tmp_path: Path) -> None:
    pdf = render_invitation_pdf(letter())
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) not installed")
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    names = re.findall(r"^\w{6}\+(\S+)", fonts.stdout, re.M)
    assert names, fonts.stdout
    assert all(name.startswith("Sarabun") for name in names), names


def test_long_names_still_fit_on_one_page(tmp_path: Path) -> None:
    long = letter(
        council_name_th="สภาองค์กรชุมชนเทศบาลตำบลเฉลิมพระเกียรติสมเด็จพระศรีนครินทร์ 2",
        council_code="M800123-2",
        place_th="ตำบลเฉลิมพระเกียรติ อำเภอเฉลิมพระเกียรติ จังหวัดนครศรีธรรมราช หมู่ที่ 12 บ้านทุ่งใหญ่พัฒนา",
    )
    assert page_count(render_invitation_pdf(long), tmp_path) == 1


def test_html_has_thai_digits_everywhere_but_the_code_council_code_and_url() -> None:
    html = render_invitation_html(letter(place_th="หมู่ที่ 7 ตำบลศรีภูมิ"))
    text = visible_text(html)

    assert "๒๕ พฤศจิกายน ๒๕๖๙" in text  # issued
    assert "๒๕ ธันวาคม ๒๕๖๙ เวลา ๑๐.๐๐ น." in text  # expires, Bangkok time
    assert "อย่างน้อย ๑๐ ตัวอักษร" in text
    assert "หมู่ที่ ๗" in text
    assert "K7QD-M2XP-9RTF" in text  # the code keeps its Latin letters and digits
    for kept in ("K7QD-M2XP-9RTF", "T500101", "https://assembly.codi.or.th/claim"):
        text = text.replace(kept, "")
    assert not re.search(r"[0-9]", text)


def test_html_escapes_the_council_name() -> None:
    html = render_invitation_html(letter(council_name_th='<script>alert("x")</script>สภา'))

    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        letter(expires_at=datetime(2026, 12, 25, 10, 0))


def test_rendering_loads_only_the_bundled_fonts() -> None:
    fetch = _FontsOnly()
    with pytest.raises(ValueError):
        fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetch("https://example.com/logo.png")
    regular = font_files()["regular"]
    assert fetch(regular.as_uri()).read(4) == regular.read_bytes()[:4]

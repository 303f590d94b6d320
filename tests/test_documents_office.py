"""The office formats of a submission: DOCX (read back with python-docx and as XML), XLSX
(read back with openpyxl) and the open-data JSON; all three byte-for-byte deterministic."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import msgspec
import openpyxl
import pytest
from docx.table import Table

from assembly.thai import thai_digits
from projections.documents import SubmissionDocument
from tests.documents_sample import large_document, seed_document, seed_recommendations
from web.documents.docx import render_docx
from web.documents.opendata import render_json
from web.documents.xlsx import render_xlsx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FONT = "TH Sarabun New"


@pytest.fixture(scope="module")
def seed_docx() -> bytes:
    return render_docx(seed_document())


@pytest.fixture(scope="module")
def large() -> SubmissionDocument:
    return large_document()


def _recommendations_table(data: bytes) -> Table:
    tables = docx.Document(io.BytesIO(data)).tables
    return next(t for t in tables if t.rows[0].cells[1].text == "ข้อเสนอแนะ")


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- DOCX: the seed's table ----------------------------------------------------------------


def test_docx_table_gives_the_seeds_five_recommendations_in_order(seed_docx: bytes) -> None:
    table = _recommendations_table(seed_docx)
    rows = table.rows[1:]
    expected = [thai_digits(text) for text in seed_recommendations()]
    assert [row.cells[0].text for row in rows] == ["๑.", "๒.", "๓.", "๔.", "๕."]
    assert [row.cells[1].text for row in rows] == expected
    assert "ตำบลเข้มแข็ง" in rows[0].cells[1].text and "ตาบล" not in table._tbl.xml
    assert [row.cells[2].text for row in rows] == [""] * 5  # no opinions back yet


def test_docx_table_header_repeats_and_widths_are_set_on_grid_and_cells(seed_docx: bytes) -> None:
    tbl = _recommendations_table(seed_docx)._tbl
    header, *rows = tbl.findall(f"{W}tr")
    assert header.find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is None for r in rows)  # rows break across pages
    assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    grid = [int(c.get(f"{W}w")) for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    assert len(grid) == 3 and all(grid) and sum(grid) == pytest.approx(9071, abs=3)  # 16 cm
    for tr in (header, *rows):
        widths = [int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for tc in tr.findall(f"{W}tc")]
        assert widths == grid


def test_docx_page_is_a4_with_official_margins_and_thai_page_numbers(seed_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(seed_docx))
    section = document.sections[0]
    sect_pr = section._sectPr
    size = sect_pr.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")  # A4 in twips
    margins = sect_pr.find(f"{W}pgMar")
    assert margins.get(f"{W}left") == "1701" and margins.get(f"{W}right") == "1134"
    assert sect_pr.find(f"{W}pgNumType").get(f"{W}fmt") == "thaiNumbers"
    assert sect_pr.find(f"{W}titlePg") is not None
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""  # no number on page 1
    header = section.header._element.xml
    assert "PAGE" in header and section.header.paragraphs[0].text.startswith("- ")


def test_docx_styles_set_the_thai_font_for_every_script_and_no_theme_font(seed_docx: bytes) -> None:
    styles = _part(seed_docx, "word/styles.xml")
    body = _part(seed_docx, "word/document.xml")
    assert not re.search(r"w:(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)=", styles + body)
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S)
    assert defaults is not None
    for needle in (
        f'w:ascii="{FONT}"',
        f'w:hAnsi="{FONT}"',
        f'w:eastAsia="{FONT}"',
        f'w:cs="{FONT}"',
        '<w:sz w:val="32"/>',
        '<w:szCs w:val="32"/>',
        'w:bidi="th-TH"',
        'w:val="th-TH"',
    ):
        assert needle in defaults.group(0), needle
    document = docx.Document(io.BytesIO(seed_docx))
    normal = document.styles["Normal"].element.rPr
    assert normal.find(f"{W}rFonts").get(f"{W}cs") == FONT
    # Every bold in the styles is bold for Thai too.
    for rpr in document.styles.element.iter(f"{W}rPr"):
        if rpr.find(f"{W}b") is not None and rpr.find(f"{W}b").get(f"{W}val") != "0":
            assert rpr.find(f"{W}bCs") is not None
    # Named styles, not direct formatting: no run in the body carries its own properties.
    assert "<w:rPr>" not in body
    assert "stylesWithEffects" not in _part(seed_docx, "word/_rels/document.xml.rels")


def test_docx_letter_parts_in_order_with_thai_digits(seed_docx: bytes) -> None:
    texts = [p.text for p in docx.Document(io.BytesIO(seed_docx)).paragraphs]
    letter = seed_document().letter
    order = [
        "๘ พฤศจิกายน ๒๕๖๕",
        f"เรื่อง\t{thai_digits(letter.subject)}",
        f"เรียน\t{letter.to}",
        f"อ้างถึง\t{thai_digits(letter.reference)}",
        f"สิ่งที่ส่งมาด้วย\t{thai_digits(letter.enclosures[0])}",
        thai_digits(letter.body[0]),
        "ขอแสดงความนับถือ",
        f"({letter.signatory_name})",
        letter.signatory_position,
        letter.department,
        "โทร. ๐ ๒๓๗๘ ๘๓๐๐ ต่อ ๑๒๓๔",
        "โทรสาร ๐ ๒๓๗๘ ๘๓๒๑",
        "ไปรษณีย์อิเล็กทรอนิกส์ saraban@codi.or.th",
        thai_digits(seed_document().enclosure_title),
    ]
    positions = [texts.index(t) for t in order]
    assert positions == sorted(positions)
    assert "ร่าง" not in texts
    head = docx.Document(io.BytesIO(seed_docx)).tables[0]
    assert head.rows[0].cells[0].text == "ที่ พม ๐๒๐๑/๕๘๙"
    assert "กทม. ๑๐๓๑๐" in head.rows[0].cells[1].text


def test_docx_draft_is_marked_and_has_no_number_or_date() -> None:
    data = render_docx(seed_document(final=False))
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "ร่าง"
    assert document.tables[0].rows[0].cells[0].text == "ที่"


def test_docx_correction_says_what_it_corrects() -> None:
    corrected = msgspec.structs.replace(
        seed_document(), corrects="ที่ พม 0201/589 ลงวันที่ 8 พฤศจิกายน 2565"
    )
    texts = [p.text for p in docx.Document(io.BytesIO(render_docx(corrected))).paragraphs]
    assert "ฉบับแก้ไข" in texts
    assert any("ที่ พม ๐๒๐๑/๕๘๙ ลงวันที่ ๘ พฤศจิกายน ๒๕๖๕" in t for t in texts)


def test_docx_emblem_is_three_centimetres_high() -> None:
    data = render_docx(seed_document(), emblem=_tiny_png())
    shapes = docx.Document(io.BytesIO(data)).inline_shapes
    assert len(shapes) == 1 and shapes[0].height == docx.shared.Cm(3)


def _tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (0, 0, 0)).save(buffer, "PNG")
    return buffer.getvalue()


# --- DOCX: a full edition --------------------------------------------------------------


def test_docx_large_document_has_every_row_and_the_long_text_whole(
    large: SubmissionDocument,
) -> None:
    steps: list[float] = []
    data = render_docx(large, progress=lambda done, _what: steps.append(done))
    table = _recommendations_table(data)
    rows = table.rows[1:]
    assert len(rows) == 300
    assert rows[-1].cells[0].text == "๓๐๐."
    first = rows[0].cells[1].paragraphs[0].text
    assert len(large.items[0].text_th) == 5_000
    assert first == thai_digits(large.items[0].text_th)
    backing = rows[0].cells[1].paragraphs[-1].text
    assert backing.startswith("จังหวัด ๑๑ · สภาฯ ๔๑") and "ครัวเรือน ๕,๐๐๑" in backing
    assert steps[0] == 0.0 and steps[-1] == 1.0 and steps == sorted(steps)
    summary = docx.Document(io.BytesIO(data)).tables[1]
    assert summary.rows[0].cells[0].text == "จังหวัด"
    assert len(summary.rows) == 1 + 154 + 1  # header, 77 provinces × 2 themes, total
    assert summary.rows[-1].cells[0].text == "รวมทั้งสิ้น"


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_rows_numbers_font_and_print_titles(large: SubmissionDocument) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(large)))
    sheet = book.worksheets[0]
    assert sheet.max_row == 301
    assert [c.value for c in sheet[1]][:3] == ["ที่", "ข้อเสนอแนะ", "รายละเอียด"]
    first = [c.value for c in sheet[2]]
    assert first[0] == "๑."
    assert first[2] == large.items[0].text_th
    assert first[5:8] == [41, 261, 5_001] and all(isinstance(v, int) for v in first[5:8])
    assert first[8] is None  # ความเห็น: no opinion back yet
    assert sheet.cell(301, 1).value == "๓๐๐."
    assert all(c.font.name == FONT for row in sheet.iter_rows() for c in row)
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "B2"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    summary = book.worksheets[1]
    assert summary.max_row == 1 + 154
    assert isinstance(summary.cell(2, 4).value, int)


# --- JSON ----------------------------------------------------------------------------------


def test_json_is_utf8_with_ids_and_format_version() -> None:
    item = msgspec.structs.replace(
        seed_document().items[0],
        issue_ids=["i-1", "i-2"],
        proposal_ids=["p-1"],
        council_ids=["c-1"],
    )
    document = msgspec.structs.replace(seed_document(), items=[item])
    data = render_json(document)
    assert "ตำบลเข้มแข็ง".encode() in data  # not \\u-escaped
    decoded = json.loads(data)
    assert decoded["format_version"] == 1
    assert decoded["letter"]["dated"] == "2022-11-08"
    row = decoded["items"][0]
    assert (row["issue_ids"], row["proposal_ids"], row["council_ids"]) == (
        ["i-1", "i-2"],
        ["p-1"],
        ["c-1"],
    )
    assert row["backing"] == {"councils": 0, "households": 0, "proposals": 0, "provinces": 0}
    assert list(decoded) == sorted(decoded)
    assert render_json(document) == data


# --- determinism -------------------------------------------------------------------------


@pytest.mark.parametrize("render", [render_docx, render_xlsx, render_json])
def test_same_document_gives_same_bytes(
    render: Callable[[SubmissionDocument], bytes], large: SubmissionDocument
) -> None:
    for document in (seed_document(), seed_document(final=False), large):
        assert _sha(render(document)) == _sha(render(document))


# --- optional: through LibreOffice ---------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_docx_converts_to_pdf_with_the_thai_text(seed_docx: bytes, tmp_path: Path) -> None:
    source = tmp_path / "seed.docx"
    source.write_bytes(seed_docx)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "seed.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "๘ พฤศจิกายน ๒๕๖๕" in text
    flat = "".join(text.split())  # LibreOffice breaks lines between words, anywhere
    assert "สมัชชาตำบลเข้มแข็งแห่งชาติ" in flat and "ตาบล" not in flat

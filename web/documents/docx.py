"""The submission as DOCX: a หนังสือภายนอก and its enclosure that a ministry clerk keeps editing.

Everything is carried by named styles (no direct formatting on runs), in TH Sarabun New 16 pt
set for every script slot: Word draws Thai with the complex-script font and size (`w:cs`,
`w:szCs`, `w:bCs`), which python-docx's `font.name`/`font.size` never touch, and a theme font
attribute left anywhere would win over the named font. The bytes are deterministic.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from assembly.thai import thai_date, thai_digits
from projections.documents import Backing, Item, Letter, SubmissionDocument, SummaryRow
from web.documents import Progress, no_progress
from web.documents.docx_styles import (
    FIXED_DATE,
    FOLLOWUP_COLUMNS,
    HEAD_COLUMNS,
    ITEM_COLUMNS,
    LANG,
    S_BODY,
    S_CELL,
    S_CELL_HEAD,
    S_CELL_NOTE,
    S_CELL_NUMBER,
    S_CLOSING,
    S_DATE,
    S_DEPARTMENT,
    S_EMBLEM,
    S_ENCLOSURES,
    S_FOOT,
    S_MARK,
    S_PART,
    S_POSITION,
    S_SIGNATORY,
    SUMMARY_COLUMNS,
    T_GRID,
    T_HEAD,
    TRPR_ORDER,
    element,
    insert_ordered,
    remove_children,
    setup_section,
    setup_styles,
    strip_theme_fonts,
)
from web.documents.followup import TEXT, TITLE, head, opinion_lines
from web.documents.zipfix import normalize_zip


def render_docx(
    document: SubmissionDocument,
    *,
    emblem: bytes | None = None,
    progress: Progress = no_progress,
) -> bytes:
    """The cover letter, a page break, then the enclosure (summary and recommendations)."""
    progress(0.0, "กำลังเตรียมรูปแบบเอกสาร")
    doc = Document()
    setup_styles(doc)
    setup_section(doc.sections[0])
    if document.followup is not None:  # the follow-up: its head, then the table
        progress(0.05, "กำลังเขียนสรุปผลการพิจารณา")
        _followup(doc, document, progress)
    else:
        progress(0.05, "กำลังเขียนหนังสือนำส่ง")
        _letter(doc, document, emblem)
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _enclosure(doc, document, progress)
    progress(0.95, "กำลังบันทึกไฟล์")
    strip_theme_fonts(doc)
    _core_properties(doc, document)
    buffer = io.BytesIO()
    doc.save(buffer)
    data = normalize_zip(buffer.getvalue())
    progress(1.0, "เสร็จแล้ว")
    return data


# --- the cover letter --------------------------------------------------------------------


def _letter(doc: DocxDocument, document: SubmissionDocument, emblem: bytes | None) -> None:
    letter = document.letter
    if not document.final:
        doc.add_paragraph("ร่าง", style=S_MARK)
    if document.corrects:
        doc.add_paragraph("ฉบับแก้ไข", style=S_MARK)
    picture = doc.add_paragraph(style=S_EMBLEM)
    if emblem:
        picture.add_run().add_picture(io.BytesIO(emblem), height=Cm(3))
    _head_table(doc, letter)
    doc.add_paragraph(thai_date(letter.dated, digits=True) if letter.dated else "", style=S_DATE)
    _part(doc, "เรื่อง", letter.subject)
    _part(doc, "เรียน", letter.to)
    if letter.reference:
        _part(doc, "อ้างถึง", letter.reference)
    _enclosure_lines(doc, letter.enclosures)
    if document.corrects:
        doc.add_paragraph(
            thai_digits(f"หนังสือฉบับนี้แก้ไขและใช้แทนหนังสือ {document.corrects}"), style=S_BODY
        )
    for text in letter.body:
        doc.add_paragraph(thai_digits(text), style=S_BODY)
    doc.add_paragraph(letter.closing, style=S_CLOSING)
    name = f"({letter.signatory_name})" if letter.signatory_name else ""
    doc.add_paragraph(name, style=S_SIGNATORY)
    for line in _lines(letter.signatory_position):
        doc.add_paragraph(thai_digits(line), style=S_POSITION)
    _foot(doc, letter)


def _head_table(doc: DocxDocument, letter: Letter) -> None:
    """ที่ on the left, the owner unit and its address on the right: a borderless table."""
    table = _table(doc, T_HEAD, HEAD_COLUMNS, rows=1)
    number, owner = table.rows[0].cells
    number.paragraphs[0].text = thai_digits(f"ที่ {letter.number}".rstrip())
    number.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    _cell_lines(owner, [thai_digits(line) for line in _lines(letter.owner_unit)], None)


def _part(doc: DocxDocument, label: str, text: str) -> None:
    doc.add_paragraph(f"{label}\t{thai_digits(text)}", style=S_PART)


def _enclosure_lines(doc: DocxDocument, enclosures: Sequence[str]) -> None:
    if not enclosures:
        return
    if len(enclosures) == 1:
        doc.add_paragraph(f"สิ่งที่ส่งมาด้วย\t{thai_digits(enclosures[0])}", style=S_ENCLOSURES)
        return
    for n, text in enumerate(enclosures, 1):
        label = "สิ่งที่ส่งมาด้วย" if n == 1 else ""
        line = thai_digits(f"{label}\t{n}. {text}")
        paragraph = doc.add_paragraph(line, style=S_ENCLOSURES)
        if n > 1:
            paragraph.paragraph_format.space_before = Pt(0)


def _foot(doc: DocxDocument, letter: Letter) -> None:
    lines = [
        ("", letter.department),
        ("โทร. ", letter.phone),
        ("โทรสาร ", letter.fax),
    ]
    style = S_DEPARTMENT
    for label, value in lines:
        if value:
            doc.add_paragraph(thai_digits(f"{label}{value}"), style=style)
            style = S_FOOT
    if letter.email:
        # An address, not prose: its digits stay as they are or it stops working.
        doc.add_paragraph(f"ไปรษณีย์อิเล็กทรอนิกส์ {letter.email}", style=style)


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


# --- the enclosure -----------------------------------------------------------------------


def _enclosure(doc: DocxDocument, document: SubmissionDocument, progress: Progress) -> None:
    doc.add_paragraph(thai_digits(document.enclosure_title), style="Heading 1")
    if document.summary:
        progress(0.1, "กำลังเขียนสรุปปัญหาตามจังหวัดและประเด็น")
        doc.add_paragraph("สรุปปัญหาตามจังหวัดและประเด็น", style="Heading 2")
        _summary_table(doc, document.summary, document.totals)
        doc.add_paragraph()
    if document.items:
        doc.add_paragraph("ตารางข้อเสนอแนะ", style="Heading 2")
        _items_table(doc, document.items, progress)


def _followup(doc: DocxDocument, document: SubmissionDocument, progress: Progress) -> None:
    doc.add_paragraph(TITLE, style="Heading 1")
    doc.add_paragraph(thai_digits(document.enclosure_title), style="Heading 2")
    for label, text in head(document):
        doc.add_paragraph(f"{label}\t{text}", style=S_ENCLOSURES)
    if document.items:
        _items_table(doc, document.items, progress, followup=True)


def _table(doc: DocxDocument, style: str, widths: Sequence[Length], *, rows: int) -> Table:
    """A fixed-layout table whose widths are on the grid and on every cell (Word reads the
    cells', LibreOffice the grid's)."""
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = doc.styles[style]
    table.autofit = False  # w:tblLayout fixed
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    tbl_pr = table._tbl.tblPr
    remove_children(tbl_pr, "tblW")
    tbl_w = element("tblW", type="dxa", w=str(sum(w.twips for w in widths)))
    table_style = tbl_pr.find(qn("w:tblStyle"))
    if table_style is not None:
        table_style.addnext(tbl_w)
    else:
        tbl_pr.insert(0, tbl_w)
    for _ in range(rows):
        table.add_row()  # copies the grid widths to each w:tcW
    return table


def _header_row(doc: DocxDocument, table: Table, labels: Sequence[str]) -> None:
    """The first row, repeated on every page and never split."""
    row = table.rows[0]
    tr_pr = row._tr.get_or_add_trPr()
    insert_ordered(tr_pr, element("cantSplit"), TRPR_ORDER)
    insert_ordered(tr_pr, element("tblHeader"), TRPR_ORDER)
    head = doc.styles[S_CELL_HEAD]
    assert isinstance(head, ParagraphStyle)
    for cell, label in zip(row.cells, labels, strict=True):
        _cell_lines(cell, [label], head)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _use_style(paragraph: Paragraph, style: ParagraphStyle) -> None:
    """Set the paragraph's style by id: python-docx's setter scans every style of the
    document each time to see whether it is the default one, which dominated a long table."""
    paragraph._p.get_or_add_pPr().style = style.style_id


def _cell_lines(cell: _Cell, lines: Iterable[str], style: ParagraphStyle | None) -> None:
    """Fill `cell` with one paragraph per line (its first, empty paragraph reused)."""
    first = True
    for line in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        if style is not None:
            _use_style(paragraph, style)
        paragraph.add_run(line)
        first = False


def _items_table(
    doc: DocxDocument, items: Sequence[Item], progress: Progress, *, followup: bool = False
) -> None:
    table = _table(doc, T_GRID, FOLLOWUP_COLUMNS if followup else ITEM_COLUMNS, rows=1)
    _header_row(doc, table, ("ที่", "ข้อเสนอแนะ", "ความเห็น"))
    styles = doc.styles
    text, number, note = styles[S_CELL], styles[S_CELL_NUMBER], styles[S_CELL_NOTE]
    assert isinstance(text, ParagraphStyle) and isinstance(number, ParagraphStyle)
    assert isinstance(note, ParagraphStyle)
    step = max(1, len(items) // 20)
    for i, item in enumerate(items):
        first, recommendation, opinions = table.add_row().cells
        _cell_lines(first, [thai_digits(f"{item.number}.")], number)
        _cell_lines(recommendation, [thai_digits(p) for p in _paragraphs(item.text_th)], text)
        backing = "" if followup else backing_line(item.backing)
        if backing:
            _use_style(recommendation.add_paragraph(backing), note)
        _use_style(opinions.paragraphs[0], text)  # kept (empty) while no opinion came back
        first_line = True
        for line in opinion_lines(item, followup=followup):
            paragraph = opinions.paragraphs[0] if first_line else opinions.add_paragraph()
            _use_style(paragraph, text if line.kind == TEXT else note)
            run = paragraph.add_run(line.text)
            if line.overdue:
                run.bold = True
            first_line = False
        if i % step == 0:
            progress(0.15 + 0.8 * i / len(items), thai_digits(f"ข้อเสนอแนะ {i + 1}/{len(items)}"))


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()] or [""]


def backing_line(backing: Backing) -> str:
    """'จังหวัด ๑๑ · สภาฯ ๔๑ · ข้อเสนอ ๒๖๑ · ครัวเรือน ๕,๐๐๑' (zero counts left out)."""
    parts = [
        (label, value)
        for label, value in (
            ("จังหวัด", backing.provinces),
            ("สภาฯ", backing.councils),
            ("ข้อเสนอ", backing.proposals),
            ("ครัวเรือน", backing.households),
        )
        if value
    ]
    return thai_digits(" · ".join(f"{label} {value:,}" for label, value in parts))


def _summary_table(doc: DocxDocument, rows: Sequence[SummaryRow], totals: Backing) -> None:
    table = _table(doc, T_GRID, SUMMARY_COLUMNS, rows=1)
    _header_row(doc, table, ("จังหวัด", "ประเด็นปัญหา", "จำนวนประเด็น", "สภาฯ", "ข้อเสนอ", "ครัวเรือน"))
    styles = doc.styles
    text, number = styles[S_CELL], styles[S_CELL_NUMBER]
    assert isinstance(text, ParagraphStyle) and isinstance(number, ParagraphStyle)
    for row in rows:
        labels = (row.province_th, row.category_th)
        _summary_row(table, labels, (row.issues, *_counts(row.backing)), text, number)
    issues = sum(row.issues for row in rows)
    # Councils, proposals and households are counted once each (a council may stand behind
    # several themes), so the total row takes the document's distinct totals, not a sum.
    _summary_row(table, ("รวมทั้งสิ้น", ""), (issues, *_counts(totals)), text, number)


def _counts(backing: Backing) -> tuple[int, int, int]:
    return backing.councils, backing.proposals, backing.households


def _summary_row(
    table: Table,
    labels: Sequence[str],
    numbers: Sequence[int],
    text: ParagraphStyle,
    number: ParagraphStyle,
) -> None:
    cells = table.add_row().cells
    for cell, label in zip(cells, labels, strict=False):
        _cell_lines(cell, [label], text)
    for cell, value in zip(cells[len(labels) :], numbers, strict=True):
        _cell_lines(cell, [thai_digits(f"{value:,}")], number)


# --- properties --------------------------------------------------------------------------


def _core_properties(doc: DocxDocument, document: SubmissionDocument) -> None:
    """Fixed metadata: the letter's date (or a fixed one), no editor or revision noise."""
    dated = document.letter.dated
    stamp = _midnight(dated) if dated else FIXED_DATE
    props = doc.core_properties
    props.author = document.letter.owner_unit.split("\n")[0]
    props.title = thai_digits(document.letter.subject)
    props.subject = thai_digits(document.edition_title_th)
    props.comments = ""
    props.keywords = "ร่าง" if not document.final else ""
    props.language = LANG
    props.last_modified_by = ""
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)

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
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Length, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from assembly.thai import thai_date, thai_digits
from projections.documents import Backing, Item, Letter, SubmissionDocument, SummaryRow
from web.documents import Progress, no_progress
from web.documents.zipfix import normalize_zip

FONT = "TH Sarabun New"
SIZE = 16  # points: the official size for body text
SMALL = 14  # the backing line under a recommendation
LANG = "th-TH"
# When a document has no date yet (a draft), its core properties still need one fixed value.
FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)

PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)
LEFT, RIGHT, TOP, BOTTOM = Cm(3), Cm(2), Cm(2.5), Cm(2)
TEXT_WIDTH = Cm(21 - 3 - 2)
HEAD_COLUMNS = (Cm(9), Cm(7))  # ที่ | ส่วนราชการเจ้าของหนังสือ
ITEM_COLUMNS = (Cm(1.2), Cm(7.4), Cm(7.4))  # ที่ | ข้อเสนอแนะ | ความเห็น
SUMMARY_COLUMNS = (Cm(3.2), Cm(3.6), Cm(2.0), Cm(2.2), Cm(2.2), Cm(2.8))

# Child order of w:rPr and w:sectPr in the schema (Word rejects elements out of order).
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
SECTPR_ORDER = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
    "docGrid printerSettings sectPrChange"
).split()
TRPR_ORDER = (
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden ins del trPrChange"
).split()
THEME_ATTRS = tuple(qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))

# Style names (the clerk sees these in Word's style list).
S_PART = "Letter Part"  # เรื่อง / เรียน / อ้างถึง: label, tab, text wrapping under the text
S_ENCLOSURES = "Letter Enclosures"  # สิ่งที่ส่งมาด้วย: a longer label
S_EMBLEM = "Letter Emblem"
S_MARK = "Letter Mark"  # ร่าง / ฉบับแก้ไข
S_DATE = "Letter Date"
S_BODY = "Letter Body"
S_CLOSING = "Letter Closing"
S_SIGNATORY = "Letter Signatory"
S_POSITION = "Letter Position"
S_DEPARTMENT = "Letter Department"
S_FOOT = "Letter Foot"
S_CELL = "Table Text"
S_CELL_HEAD = "Table Heading"
S_CELL_NUMBER = "Table Number"
S_CELL_NOTE = "Table Note"
T_HEAD = "Letter Head Table"
T_GRID = "Enclosure Table"


def render_docx(
    document: SubmissionDocument,
    *,
    emblem: bytes | None = None,
    progress: Progress = no_progress,
) -> bytes:
    """The cover letter, a page break, then the enclosure (summary and recommendations)."""
    progress(0.0, "กำลังเตรียมรูปแบบเอกสาร")
    doc = Document()
    _setup_styles(doc)
    _setup_section(doc.sections[0])
    progress(0.05, "กำลังเขียนหนังสือนำส่ง")
    _letter(doc, document, emblem)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _enclosure(doc, document, progress)
    progress(0.95, "กำลังบันทึกไฟล์")
    _strip_theme_fonts(doc)
    _core_properties(doc, document)
    buffer = io.BytesIO()
    doc.save(buffer)
    data = normalize_zip(buffer.getvalue())
    progress(1.0, "เสร็จแล้ว")
    return data


# --- XML helpers -------------------------------------------------------------------------


def _insert_ordered(parent: BaseOxmlElement, child: BaseOxmlElement, order: Sequence[str]) -> None:
    """Insert `child` before the first sibling that the schema puts after it."""
    rank = order.index(child.tag.split("}")[1])
    for sibling in parent:
        name = sibling.tag.split("}")[1] if isinstance(sibling.tag, str) else ""
        if name in order and order.index(name) > rank:
            sibling.addprevious(child)
            return
    parent.append(child)


def _element(tag: str, **attrs: str) -> BaseOxmlElement:
    el = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _set_run_font(rpr: BaseOxmlElement, *, size: float = SIZE, bold: bool | None = None) -> None:
    """Font, size and language for every script slot of `rpr` (a style's or the defaults')."""
    names = ["rFonts", "sz", "szCs", "lang"] + (["b", "bCs"] if bold is not None else [])
    for old in [c for c in rpr if isinstance(c.tag, str) and c.tag.split("}")[1] in names]:
        rpr.remove(old)
    half_points = str(round(size * 2))
    children = [
        _element("rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT),
        _element("sz", val=half_points),
        _element("szCs", val=half_points),
        _element("lang", val=LANG, bidi=LANG),
    ]
    if bold is not None:
        flag = "1" if bold else "0"
        children += [_element("b", val=flag), _element("bCs", val=flag)]
    for child in children:
        _insert_ordered(rpr, child, RPR_ORDER)


def _remove_children(parent: BaseOxmlElement, *tags: str) -> None:
    for tag in tags:
        for old in parent.findall(qn(f"w:{tag}")):
            parent.remove(old)


# --- styles ------------------------------------------------------------------------------


def _setup_styles(doc: DocxDocument) -> None:
    _set_defaults(doc)
    styles = doc.styles
    normal = styles["Normal"]
    _set_run_font(normal.element.get_or_add_rPr())
    _base_paragraph(normal)  # type: ignore[arg-type]
    for name in ("Header", "Footer"):
        _set_run_font(styles[name].element.get_or_add_rPr())
    header = styles["Header"]
    assert isinstance(header, ParagraphStyle)
    header.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    _heading(doc, "Heading 1", SIZE + 2)
    _heading(doc, "Heading 2", SIZE)
    _letter_styles(doc)
    _table_styles(doc)


def _set_defaults(doc: DocxDocument) -> None:
    """docDefaults: the named font in every slot (no theme), 16 pt, Thai; single spacing."""
    root = doc.styles.element
    defaults = root.find(qn("w:docDefaults"))
    assert defaults is not None  # the default template has them
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert rpr is not None
    _set_run_font(rpr)
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    assert ppr is not None
    _remove_children(ppr, "spacing")
    ppr.append(_element("spacing", after="0", line="240", lineRule="auto"))


def _base_paragraph(style: ParagraphStyle) -> None:
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.widow_control = True


def _paragraph_style(doc: DocxDocument, name: str, base: str = "Normal") -> ParagraphStyle:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = doc.styles[base]
    style.quick_style = True
    return style


def _heading(doc: DocxDocument, name: str, size: float) -> None:
    style = doc.styles[name]
    assert isinstance(style, ParagraphStyle)
    rpr = style.element.get_or_add_rPr()
    _remove_children(rpr, "color", "i", "iCs")  # the template's blue heading colour
    _set_run_font(rpr, size=size, bold=True)
    fmt = style.paragraph_format
    fmt.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.keep_with_next = True
    # Word keeps a linked character style in step with its paragraph style: fix it too.
    linked = style.element.find(qn("w:link"))
    if linked is not None:
        char = doc.styles.element.get_by_id(linked.get(qn("w:val")))
        if char is not None:
            char_rpr = char.get_or_add_rPr()
            _remove_children(char_rpr, "color", "i", "iCs")
            _set_run_font(char_rpr, size=size, bold=True)


def _letter_styles(doc: DocxDocument) -> None:
    part = _paragraph_style(doc, S_PART)
    _hanging(part, Cm(1.75))
    part.paragraph_format.space_before = Pt(6)
    enclosures = _paragraph_style(doc, S_ENCLOSURES, S_PART)
    _hanging(enclosures, Cm(3.25))

    emblem = _paragraph_style(doc, S_EMBLEM)
    emblem.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    # At least the emblem's height: the same place whether the picture is there or not.
    emblem.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    emblem.paragraph_format.line_spacing = Cm(3)

    mark = _paragraph_style(doc, S_MARK)
    mark.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
    _set_run_font(mark.element.get_or_add_rPr(), size=SIZE + 4, bold=True)

    dated = _paragraph_style(doc, S_DATE)
    dated.paragraph_format.left_indent = Cm(8)  # starts around the centre of the line
    dated.paragraph_format.space_before = Pt(6)

    body = _paragraph_style(doc, S_BODY)
    body.paragraph_format.first_line_indent = Cm(2.5)
    body.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.THAI_JUSTIFY
    body.paragraph_format.space_before = Pt(6)

    closing = _paragraph_style(doc, S_CLOSING)
    closing.paragraph_format.left_indent = Cm(6)
    closing.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    closing.paragraph_format.space_before = Pt(12)
    closing.paragraph_format.keep_with_next = True
    signatory = _paragraph_style(doc, S_SIGNATORY, S_CLOSING)
    signatory.paragraph_format.space_before = Pt(54)  # room for the signature
    position = _paragraph_style(doc, S_POSITION, S_CLOSING)
    position.paragraph_format.space_before = Pt(0)

    _paragraph_style(doc, S_FOOT)
    department = _paragraph_style(doc, S_DEPARTMENT, S_FOOT)
    department.paragraph_format.space_before = Pt(24)


def _hanging(style: ParagraphStyle, width: Length) -> None:
    """Label, tab, text: the text's later lines align under its first."""
    fmt = style.paragraph_format
    fmt.left_indent = width
    fmt.first_line_indent = Length(-width)
    fmt.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.LEFT)


def _table_styles(doc: DocxDocument) -> None:
    cell = _paragraph_style(doc, S_CELL)
    cell.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.THAI_JUSTIFY
    head = _paragraph_style(doc, S_CELL_HEAD, S_CELL)
    head.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    head.paragraph_format.keep_with_next = True
    _set_run_font(head.element.get_or_add_rPr(), bold=True)
    number = _paragraph_style(doc, S_CELL_NUMBER, S_CELL)
    number.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    note = _paragraph_style(doc, S_CELL_NOTE, S_CELL)
    note.paragraph_format.space_before = Pt(3)
    note.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.LEFT
    _set_run_font(note.element.get_or_add_rPr(), size=SMALL)

    borderless = doc.styles.add_style(T_HEAD, WD_STYLE_TYPE.TABLE)
    borderless.base_style = doc.styles["Normal Table"]
    grid = doc.styles.add_style(T_GRID, WD_STYLE_TYPE.TABLE)
    grid.base_style = doc.styles["Table Grid"]


def _strip_theme_fonts(doc: DocxDocument) -> None:
    """Remove every theme font reference (styles, stylesWithEffects, the body, headers): Word
    would draw the theme's font instead of the named one. A w:rFonts left empty is dropped so
    the style inherits the defaults' TH Sarabun New."""
    for part in doc.part.package.iter_parts():
        element = getattr(part, "_element", None)  # XML parts only; images have none
        if element is None:
            continue
        for fonts in list(element.iter(qn("w:rFonts"))):
            for attr in THEME_ATTRS:
                fonts.attrib.pop(attr, None)
            if not fonts.attrib:
                fonts.getparent().remove(fonts)
    _drop_template_leftovers(doc)
    # The template's settings name Japanese as its East Asian language (a Mac Word default):
    # Thai instead, for whatever a clerk adds later from the theme.
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.attrib.clear()
        lang.set(qn("w:val"), LANG)
        lang.set(qn("w:bidi"), LANG)


def _drop_template_leftovers(doc: DocxDocument) -> None:
    """Two parts of python-docx's template that would mislead: stylesWithEffects (a Word 2010
    copy of styles.xml, a plain blob to python-docx, still with theme fonts) and the
    thumbnail (a picture of the template, shown as this file's preview)."""
    for rels in (doc.part.rels, doc.part.package.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.endswith(("/stylesWithEffects", "/thumbnail")):
                del rels[rel_id]


# --- page setup --------------------------------------------------------------------------


def _setup_section(section: Section) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.header_distance, section.footer_distance = Cm(1.25), Cm(1)
    sect_pr = section._sectPr
    _remove_children(sect_pr, "pgNumType")
    _insert_ordered(sect_pr, _element("pgNumType", fmt="thaiNumbers"), SECTPR_ORDER)
    # No number on page 1 (w:titlePg, with an empty first-page header).
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = "Header"
    _page_number(paragraph)


def _page_number(paragraph: Paragraph) -> None:
    """'- ๒ -': a PAGE field, shown in Thai digits by the section's w:pgNumType."""
    paragraph.add_run("- ")
    run = paragraph.add_run()
    r = run._r
    r.append(_element("fldChar", fldCharType="begin"))
    instr = _element("instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    r.append(instr)
    r.append(_element("fldChar", fldCharType="separate"))
    shown = _element("t")
    shown.text = "๒"
    r.append(shown)
    r.append(_element("fldChar", fldCharType="end"))
    paragraph.add_run(" -")


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


def _table(doc: DocxDocument, style: str, widths: Sequence[Length], *, rows: int) -> Table:
    """A fixed-layout table whose widths are on the grid and on every cell (Word reads the
    cells', LibreOffice the grid's)."""
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = doc.styles[style]
    table.autofit = False  # w:tblLayout fixed
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    tbl_pr = table._tbl.tblPr
    _remove_children(tbl_pr, "tblW")
    tbl_w = _element("tblW", type="dxa", w=str(sum(w.twips for w in widths)))
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
    _insert_ordered(tr_pr, _element("cantSplit"), TRPR_ORDER)
    _insert_ordered(tr_pr, _element("tblHeader"), TRPR_ORDER)
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


def _items_table(doc: DocxDocument, items: Sequence[Item], progress: Progress) -> None:
    table = _table(doc, T_GRID, ITEM_COLUMNS, rows=1)
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
        backing = backing_line(item.backing)
        if backing:
            _use_style(recommendation.add_paragraph(backing), note)
        _use_style(opinions.paragraphs[0], text)  # kept (empty) while no opinion came back
        _cell_lines(opinions, [thai_digits(o) for o in item.opinions], text)
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

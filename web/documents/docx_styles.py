"""The DOCX house style: TH Sarabun New in every script slot, named styles for each part of
the letter and the tables, no theme fonts, A4 with the official margins, Thai page numbers.

Kept apart from `docx.py`, which writes the content with these styles.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Length, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

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
FOLLOWUP_COLUMNS = (Cm(1.2), Cm(5.6), Cm(9.2))  # the follow-up: opinions run longer
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


# --- XML helpers -------------------------------------------------------------------------


def insert_ordered(parent: BaseOxmlElement, child: BaseOxmlElement, order: Sequence[str]) -> None:
    """Insert `child` before the first sibling that the schema puts after it."""
    rank = order.index(child.tag.split("}")[1])
    for sibling in parent:
        name = sibling.tag.split("}")[1] if isinstance(sibling.tag, str) else ""
        if name in order and order.index(name) > rank:
            sibling.addprevious(child)
            return
    parent.append(child)


def element(tag: str, **attrs: str) -> BaseOxmlElement:
    el = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def set_run_font(rpr: BaseOxmlElement, *, size: float = SIZE, bold: bool | None = None) -> None:
    """Font, size and language for every script slot of `rpr` (a style's or the defaults')."""
    names = ["rFonts", "sz", "szCs", "lang"] + (["b", "bCs"] if bold is not None else [])
    for old in [c for c in rpr if isinstance(c.tag, str) and c.tag.split("}")[1] in names]:
        rpr.remove(old)
    half_points = str(round(size * 2))
    children = [
        element("rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT),
        element("sz", val=half_points),
        element("szCs", val=half_points),
        element("lang", val=LANG, bidi=LANG),
    ]
    if bold is not None:
        flag = "1" if bold else "0"
        children += [element("b", val=flag), element("bCs", val=flag)]
    for child in children:
        insert_ordered(rpr, child, RPR_ORDER)


def remove_children(parent: BaseOxmlElement, *tags: str) -> None:
    for tag in tags:
        for old in parent.findall(qn(f"w:{tag}")):
            parent.remove(old)


# --- styles ------------------------------------------------------------------------------


def setup_styles(doc: DocxDocument) -> None:
    set_defaults(doc)
    styles = doc.styles
    normal = styles["Normal"]
    set_run_font(normal.element.get_or_add_rPr())
    base_paragraph(normal)  # type: ignore[arg-type]
    for name in ("Header", "Footer"):
        set_run_font(styles[name].element.get_or_add_rPr())
    header = styles["Header"]
    assert isinstance(header, ParagraphStyle)
    header.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    heading(doc, "Heading 1", SIZE + 2)
    heading(doc, "Heading 2", SIZE)
    letter_styles(doc)
    table_styles(doc)


def set_defaults(doc: DocxDocument) -> None:
    """docDefaults: the named font in every slot (no theme), 16 pt, Thai; single spacing."""
    root = doc.styles.element
    defaults = root.find(qn("w:docDefaults"))
    assert defaults is not None  # the default template has them
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert rpr is not None
    set_run_font(rpr)
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    assert ppr is not None
    remove_children(ppr, "spacing")
    ppr.append(element("spacing", after="0", line="240", lineRule="auto"))


def base_paragraph(style: ParagraphStyle) -> None:
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.widow_control = True


def paragraph_style(doc: DocxDocument, name: str, base: str = "Normal") -> ParagraphStyle:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = doc.styles[base]
    style.quick_style = True
    return style


def heading(doc: DocxDocument, name: str, size: float) -> None:
    style = doc.styles[name]
    assert isinstance(style, ParagraphStyle)
    rpr = style.element.get_or_add_rPr()
    remove_children(rpr, "color", "i", "iCs")  # the template's blue heading colour
    set_run_font(rpr, size=size, bold=True)
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
            remove_children(char_rpr, "color", "i", "iCs")
            set_run_font(char_rpr, size=size, bold=True)


def letter_styles(doc: DocxDocument) -> None:
    part = paragraph_style(doc, S_PART)
    hanging(part, Cm(1.75))
    part.paragraph_format.space_before = Pt(6)
    enclosures = paragraph_style(doc, S_ENCLOSURES, S_PART)
    hanging(enclosures, Cm(3.25))

    emblem = paragraph_style(doc, S_EMBLEM)
    emblem.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    # At least the emblem's height: the same place whether the picture is there or not.
    emblem.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    emblem.paragraph_format.line_spacing = Cm(3)

    mark = paragraph_style(doc, S_MARK)
    mark.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
    set_run_font(mark.element.get_or_add_rPr(), size=SIZE + 4, bold=True)

    dated = paragraph_style(doc, S_DATE)
    dated.paragraph_format.left_indent = Cm(8)  # starts around the centre of the line
    dated.paragraph_format.space_before = Pt(6)

    body = paragraph_style(doc, S_BODY)
    body.paragraph_format.first_line_indent = Cm(2.5)
    body.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.THAI_JUSTIFY
    body.paragraph_format.space_before = Pt(6)

    closing = paragraph_style(doc, S_CLOSING)
    closing.paragraph_format.left_indent = Cm(6)
    closing.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    closing.paragraph_format.space_before = Pt(12)
    closing.paragraph_format.keep_with_next = True
    signatory = paragraph_style(doc, S_SIGNATORY, S_CLOSING)
    signatory.paragraph_format.space_before = Pt(54)  # room for the signature
    position = paragraph_style(doc, S_POSITION, S_CLOSING)
    position.paragraph_format.space_before = Pt(0)

    paragraph_style(doc, S_FOOT)
    department = paragraph_style(doc, S_DEPARTMENT, S_FOOT)
    department.paragraph_format.space_before = Pt(24)


def hanging(style: ParagraphStyle, width: Length) -> None:
    """Label, tab, text: the text's later lines align under its first."""
    fmt = style.paragraph_format
    fmt.left_indent = width
    fmt.first_line_indent = Length(-width)
    fmt.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.LEFT)


def table_styles(doc: DocxDocument) -> None:
    cell = paragraph_style(doc, S_CELL)
    cell.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.THAI_JUSTIFY
    head = paragraph_style(doc, S_CELL_HEAD, S_CELL)
    head.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    head.paragraph_format.keep_with_next = True
    set_run_font(head.element.get_or_add_rPr(), bold=True)
    number = paragraph_style(doc, S_CELL_NUMBER, S_CELL)
    number.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    note = paragraph_style(doc, S_CELL_NOTE, S_CELL)
    note.paragraph_format.space_before = Pt(3)
    note.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.LEFT
    set_run_font(note.element.get_or_add_rPr(), size=SMALL)

    borderless = doc.styles.add_style(T_HEAD, WD_STYLE_TYPE.TABLE)
    borderless.base_style = doc.styles["Normal Table"]
    grid = doc.styles.add_style(T_GRID, WD_STYLE_TYPE.TABLE)
    grid.base_style = doc.styles["Table Grid"]


def strip_theme_fonts(doc: DocxDocument) -> None:
    """Remove every theme font reference (styles, stylesWithEffects, the body, headers): Word
    would draw the theme's font instead of the named one. A w:rFonts left empty is dropped so
    the style inherits the defaults' TH Sarabun New."""
    for part in doc.part.package.iter_parts():
        element = getattr(part, "element", None)  # XML parts only; images have none
        if element is None:
            continue
        for fonts in list(element.iter(qn("w:rFonts"))):
            for attr in THEME_ATTRS:
                fonts.attrib.pop(attr, None)
            if not fonts.attrib:
                fonts.getparent().remove(fonts)
    drop_template_leftovers(doc)
    # The template's settings name Japanese as its East Asian language (a Mac Word default):
    # Thai instead, for whatever a clerk adds later from the theme.
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.attrib.clear()
        lang.set(qn("w:val"), LANG)
        lang.set(qn("w:bidi"), LANG)


def drop_template_leftovers(doc: DocxDocument) -> None:
    """Two parts of python-docx's template that would mislead: stylesWithEffects (a Word 2010
    copy of styles.xml, a plain blob to python-docx, still with theme fonts) and the
    thumbnail (a picture of the template, shown as this file's preview)."""
    for rels in (doc.part.rels, doc.part.package.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.endswith(("/stylesWithEffects", "/thumbnail")):
                del rels[rel_id]


# --- page setup --------------------------------------------------------------------------


def setup_section(section: Section) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.header_distance, section.footer_distance = Cm(1.25), Cm(1)
    sect_pr = section._sectPr
    remove_children(sect_pr, "pgNumType")
    insert_ordered(sect_pr, element("pgNumType", fmt="thaiNumbers"), SECTPR_ORDER)
    # No number on page 1 (w:titlePg, with an empty first-page header).
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = "Header"
    page_number(paragraph)


def page_number(paragraph: Paragraph) -> None:
    """'- ๒ -': a PAGE field, shown in Thai digits by the section's w:pgNumType."""
    paragraph.add_run("- ")
    run = paragraph.add_run()
    r = run._r
    r.append(element("fldChar", fldCharType="begin"))
    instr = element("instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    r.append(instr)
    r.append(element("fldChar", fldCharType="separate"))
    shown = element("t")
    shown.text = "๒"
    r.append(shown)
    r.append(element("fldChar", fldCharType="end"))
    paragraph.add_run(" -")

"""The submission as a PDF in the Thai official form (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ):
the cover letter (หนังสือภายนอก) on page one, the enclosure's tables after it.

Everything printed comes from `SubmissionDocument` alone, with Thai digits; the letter's date
is the PDF's date and the document's content its identifier, so a finalized document renders
to the same bytes every time. Only the bundled fonts and the emblem given by the caller are
loaded (`weasy.FontsOnly`); the text layer gives Thai back exactly (`weasy` marks each line
with its ActualText).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from assembly.thai import thai_date, thai_digits
from projections.documents import Backing, Item, SubmissionDocument, SummaryRow, encode
from web.documents import Progress, no_progress
from web.documents.followup import TITLE, Line, head, opinion_lines
from web.documents.weasy import (
    font_values,
    image_data_uri,
    lay_out,
    pages_laid_out,
    pdf_bytes,
    print_templates,
)

TEMPLATE = "documents/submission.html"
FOLLOWUP_TEMPLATE = "documents/followup.html"

# About how much text fills a page of the enclosure's table: to scale the progress, and to
# tell a big document (laid out in parts, in parallel) from the rest.
CHARS_PER_PAGE = 700
PARALLEL_PAGES = 150

_env = print_templates


def number(value: int) -> str:
    """A count in Thai digits, thousands grouped: ๑,๖๐๐,๐๐๐."""
    return thai_digits(f"{value:,}")


_env.filters["number"] = number


def backing_parts(backing: Backing) -> list[str]:
    """What stands behind a row, printed under its text ("จังหวัด ๑๑", "สภาฯ ๑๔๐", …; each
    kept on one line): nothing when nothing is counted."""
    parts = (
        ("จังหวัด", backing.provinces),
        ("สภาฯ", backing.councils),
        ("ข้อเสนอ", backing.proposals),
        ("ครัวเรือน", backing.households),
    )
    if not any(count for _, count in parts):
        return []
    return [f"{label} {number(count)}" for label, count in parts]


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the recommendations table, ready to print: an item's first, or one that
    carries it on (`more`: no number, no rule above it), as the seed's table does across a
    page break."""

    number: str  # "๑."; "" on a row that carries the item on
    paragraphs: list[str]
    backing: list[str]
    opinions: list[Line]
    more: bool = False


# WeasyPrint repeats a table's header on the page after a row breaks, but not on a page that
# a row fills from top to bottom: a row is kept under about two thirds of a page (characters
# of each column; a paragraph costs a line more), and an item longer than that goes on in
# the rows after it.
TEXT_BUDGET = {False: 700, True: 420}  # the recommendation's column: letter, follow-up
OPINION_BUDGET = {False: 420, True: 640}
PARAGRAPH_COST = 30


def _pieces(text: str, budget: int) -> list[str]:
    """A paragraph cut into pieces of at most `budget` characters, at a space when there
    is one in the second half, never before a combining mark (Thai vowels and tones)."""
    out = []
    while len(text) > budget:
        cut = text.rfind(" ", budget // 2, budget)
        if cut < 0:
            cut = budget
            while cut < len(text) and unicodedata.category(text[cut]) == "Mn":
                cut += 1
        out.append(text[:cut].strip())
        text = text[cut:].strip()
    return [*out, text] if text else out


def _chunks(lines: list[Line], budget: int) -> list[list[Line]]:
    """Lines packed into rows of at most `budget` (a longer line first cut into pieces)."""
    rows: list[list[Line]] = []
    size = budget  # forces a new row first
    for line in lines:
        for piece in _pieces(line.text, budget - PARAGRAPH_COST):
            cost = len(piece) + PARAGRAPH_COST
            if size + cost > budget:
                rows.append([])
                size = 0
            rows[-1].append(Line(piece, line.kind, line.overdue))
            size += cost
    return rows


@dataclass(frozen=True, slots=True)
class Summary:
    """One row of the summary table; the province's name only on its first row."""

    province: str
    category: str
    issues: str
    councils: str
    proposals: str
    households: str


def paragraphs(text: str) -> list[str]:
    return [thai_digits(part.strip()) for part in text.split("\n") if part.strip()]


def rows(items: list[Item], *, followup: bool = False) -> list[Row]:
    out = []
    for item in items:
        text = _chunks([Line(p) for p in paragraphs(item.text_th)], TEXT_BUDGET[followup])
        opinions = _chunks(opinion_lines(item, followup=followup), OPINION_BUDGET[followup])
        backing = [] if followup else backing_parts(item.backing)
        for k in range(max(len(text), len(opinions), 1)):
            out.append(
                Row(
                    number="" if k else thai_digits(f"{item.number}."),
                    paragraphs=[line.text for line in text[k]] if k < len(text) else [],
                    backing=backing if k == max(len(text) - 1, 0) else [],
                    opinions=opinions[k] if k < len(opinions) else [],
                    more=k > 0,
                )
            )
    return out


def summary(lines: list[SummaryRow]) -> list[Summary]:
    out = []
    previous = None
    for line in lines:
        out.append(
            Summary(
                province="" if line.province_code == previous else line.province_th,
                category=thai_digits(line.category_th),
                issues=number(line.issues),
                councils=number(line.backing.councils),
                proposals=number(line.backing.proposals),
                households=number(line.backing.households),
            )
        )
        previous = line.province_code
    return out


def identifier(document: SubmissionDocument, emblem: bytes | None) -> bytes:
    """The PDF's /ID: the same content always gives the same identifier."""
    digest = hashlib.sha256(encode(document))
    digest.update(emblem or b"")
    return digest.hexdigest()[:32].encode("ascii")


def _context(document: SubmissionDocument, emblem: bytes | None, part: slice) -> dict[str, Any]:
    letter = document.letter
    dated: date | None = letter.dated
    return {
        "doc": document,
        "letter": letter,
        "draft": not document.final,
        "number": thai_digits(letter.number),
        "owner_lines": [thai_digits(x) for x in letter.owner_unit.split("\n") if x.strip()],
        "date_th": thai_date(dated, digits=True) if dated else "",
        "iso_date": dated.isoformat() if dated else "",
        "enclosures": [thai_digits(x) for x in letter.enclosures],
        "body": [thai_digits(x) for x in letter.body],
        "positions": [thai_digits(x) for x in letter.signatory_position.split("\n") if x.strip()],
        "emblem": image_data_uri(emblem) if emblem else None,
        "summary": summary(document.summary),
        "issues_total": number(sum(line.issues for line in document.summary)),
        "rows": rows(document.items[part]),
        **font_values(),
    }


def _followup_context(document: SubmissionDocument, part: slice) -> dict[str, Any]:
    dated = document.followup.as_of if document.followup else None
    return {
        "doc": document,
        "title": TITLE,
        "subtitle": thai_digits(document.enclosure_title),
        "head": head(document),
        "iso_date": dated.isoformat() if dated else "",
        "rows": rows(document.items[part], followup=True),
        **font_values(),
    }


def render_html(
    document: SubmissionDocument,
    *,
    emblem: bytes | None = None,
    part: slice = slice(None),
    continued: bool = False,
    numbered: bool = True,
) -> str:
    """The document as HTML: what the PDF is laid out from (the follow-up when the document
    carries one: no letter, the resolution at its head). Only the items in `part` make rows
    (the head still counts them all); a `continued` part holds only the table; an unnumbered
    one has no page numbers (`web.documents.parallel` stamps them on the whole)."""
    flags = {"continued": continued, "numbered": numbered}
    if document.followup is not None:
        context = _followup_context(document, part)
        return _env.get_template(FOLLOWUP_TEMPLATE).render(context | flags)
    return _env.get_template(TEMPLATE).render(_context(document, emblem, part) | flags)


def item_size(item: Item) -> int:
    """About how much an item prints: its text and its opinions, in characters."""
    return len(item.text_th) + sum(map(len, item.opinions))


def _expected_pages(document: SubmissionDocument) -> int:
    text = sum(map(item_size, document.items))
    return 2 + len(document.summary) // 20 + text // CHARS_PER_PAGE


def render_pdf(
    document: SubmissionDocument,
    *,
    emblem: bytes | None = None,
    progress: Progress = no_progress,
    parallel_from: int = PARALLEL_PAGES,
) -> bytes:
    """The document as an A4 PDF. `emblem` (PNG or JPEG) fills the Garuda's place on the
    letter; without it the place stays blank. A document of `parallel_from` expected pages
    or more is laid out in parts at once, one process a part (`web.documents.parallel`)."""
    if _expected_pages(document) >= parallel_from:
        from web.documents.parallel import render_in_parts

        parts = render_in_parts(document, emblem=emblem, progress=progress)
        if parts is not None:
            return parts
    progress(0.0, "กำลังเตรียมเนื้อหาเอกสาร")
    html = render_html(document, emblem=emblem)
    followup = document.followup is not None  # no letter: no emblem
    images = (image_data_uri(emblem),) if emblem and not followup else ()
    progress(0.05, "กำลังจัดหน้าเอกสาร")
    with pages_laid_out(progress, 0.05, 0.85, _expected_pages(document)):
        laid_out = lay_out(html, images)
    progress(0.9, f"กำลังเขียนไฟล์ PDF {thai_digits(len(laid_out.pages))} หน้า")
    pdf = pdf_bytes(laid_out, pdf_identifier=identifier(document, emblem))
    progress(1.0, "เสร็จแล้ว")
    return pdf

"""The submission as XLSX: one row per recommendation, and the summary by province and theme,
for the secretariat to sort, filter and print. Counts are numbers (not text), so they sum.

The bytes are deterministic: the workbook's dates are fixed and the zip is normalized.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from assembly.thai import thai_digits, to_bangkok
from projections.documents import Item, SubmissionDocument
from web.documents import Progress, no_progress
from web.documents.followup import TITLE, opinion_lines
from web.documents.zipfix import normalize_zip

FONT = "TH Sarabun New"
SIZE = 14  # a sheet reads better a size below the letter's 16
FIXED_DATE = datetime(2000, 1, 1)  # when the letter has no date yet (a draft)

BODY_FONT = Font(name=FONT, size=SIZE)
HEAD_FONT = Font(name=FONT, size=SIZE, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")

# (header, width in characters)
ITEM_COLUMNS = (
    ("ที่", 6),
    ("ข้อเสนอแนะ", 40),
    ("รายละเอียด", 80),
    ("หน่วยงาน", 20),
    ("จังหวัด", 40),
    ("สภาองค์กรชุมชนตำบล", 12),
    ("ข้อเสนอ", 10),
    ("ครัวเรือน", 12),
    ("ความเห็น", 80),  # the numbered opinions, once answers come back
)
FOLLOWUP_COLUMNS = (
    ("ที่", 6),
    ("ข้อเสนอแนะ", 40),
    ("รายละเอียด", 60),
    ("ความเห็น", 90),
)
# The follow-up's second sheet: one row per agency on each recommendation.
ANSWER_COLUMNS = (
    ("ที่", 6),
    ("ข้อเสนอแนะ", 40),
    ("ลำดับความเห็น", 10),
    ("รหัสหน่วยงาน", 12),
    ("หน่วยงาน", 40),
    ("ชื่อย่อ", 16),
    ("หน่วยงานหลัก", 10),
    ("ความเห็น", 80),
    ("ได้รับเป็นหนังสือ", 12),
    ("ลงวันที่", 14),
    ("ส่งเมื่อ", 20),
    ("กำหนดตอบ", 14),
    ("สถานะ", 16),
)
SUMMARY_COLUMNS = (
    ("รหัสจังหวัด", 10),
    ("จังหวัด", 20),
    ("ประเด็นปัญหา", 24),
    ("จำนวนประเด็น", 12),
    ("สภาองค์กรชุมชนตำบล", 12),
    ("ข้อเสนอ", 10),
    ("ครัวเรือน", 12),
)


def render_xlsx(document: SubmissionDocument, *, progress: Progress = no_progress) -> bytes:
    progress(0.0, "กำลังเตรียมตาราง")
    workbook = Workbook()
    items = workbook.active
    assert isinstance(items, Worksheet)
    if document.followup is not None:
        items.title = TITLE
        _followup_sheet(items, document, progress)
        progress(0.8, "กำลังเขียนความเห็นรายหน่วยงาน")
        _answers_sheet(workbook.create_sheet("ความเห็นรายหน่วยงาน"), document)
    else:
        items.title = "ข้อเสนอแนะ"
        _items_sheet(items, document, progress)
        progress(0.8, "กำลังเขียนสรุปตามจังหวัดและประเด็น")
        _summary_sheet(workbook.create_sheet("สรุปตามจังหวัด"), document)
    _properties(workbook, document)
    progress(0.9, "กำลังบันทึกไฟล์")
    data = normalize_zip(_save(workbook))
    progress(1.0, "เสร็จแล้ว")
    return data


def _items_sheet(ws: Worksheet, document: SubmissionDocument, progress: Progress) -> None:
    _header(ws, ITEM_COLUMNS)
    total = max(1, len(document.items))
    for i, item in enumerate(document.items):
        b = item.backing
        _row(
            ws,
            i + 2,
            (
                thai_digits(f"{item.number}."),
                item.title_th,
                item.text_th,
                ", ".join(item.agencies),
                ", ".join(item.provinces),
                b.councils,
                b.proposals,
                b.households,
                _opinions(item, followup=False),
            ),
        )
        if i % 50 == 0:
            progress(0.7 * i / total, thai_digits(f"ข้อเสนอแนะ {i + 1}/{total}"))


def _opinions(item: Item, *, followup: bool) -> str:
    return "\n".join(line.text for line in opinion_lines(item, followup=followup))


def _followup_sheet(ws: Worksheet, document: SubmissionDocument, progress: Progress) -> None:
    """The same rows as the PDF and the DOCX: ที่ | ข้อเสนอแนะ | ความเห็น."""
    _header(ws, FOLLOWUP_COLUMNS)
    total = max(1, len(document.items))
    for i, item in enumerate(document.items):
        number = thai_digits(f"{item.number}.")
        row = (number, item.title_th, item.text_th, _opinions(item, followup=True))
        _row(ws, i + 2, row)
        if i % 50 == 0:
            progress(0.7 * i / total, thai_digits(f"ข้อเสนอแนะ {i + 1}/{total}"))


def _answers_sheet(ws: Worksheet, document: SubmissionDocument) -> None:
    """One row per agency on each recommendation: its answer (numbered as printed), or the
    date it is awaited by; for sorting and filtering by agency."""
    _header(ws, ANSWER_COLUMNS)
    at = 2
    for item in document.items:
        number = thai_digits(f"{item.number}.")
        for answer in item.answers:
            dated = answer.received_on.isoformat() if answer.received_on else ""
            sent = to_bangkok(answer.sent_at).strftime("%Y-%m-%d %H:%M") if answer.sent_at else ""
            values: tuple[str | int, ...] = (
                number,
                item.title_th,
                thai_digits(f"{item.number}.{answer.number}"),
                answer.agency,
                answer.agency_th,
                answer.abbreviation,
                "ใช่" if answer.lead else "",
                answer.text_th,
                "ใช่" if answer.on_paper else "",
                dated,
                sent,
                "",
                "ตอบแล้ว",
            )
            _row(ws, at, values)
            at += 1
        for awaited in item.awaited:
            due = awaited.due_on.isoformat() if awaited.due_on else ""
            status = "เกินกำหนด" if awaited.overdue else "รอความเห็น"
            values = (number, item.title_th, "", awaited.agency, awaited.agency_th)
            values += (awaited.abbreviation, "ใช่" if awaited.lead else "", "", "", "", "")
            _row(ws, at, (*values, due, status))
            at += 1


def _summary_sheet(ws: Worksheet, document: SubmissionDocument) -> None:
    _header(ws, SUMMARY_COLUMNS)
    for i, row in enumerate(document.summary):
        b = row.backing
        _row(
            ws,
            i + 2,
            (
                row.province_code,
                row.province_th,
                row.category_th,
                row.issues,
                b.councils,
                b.proposals,
                b.households,
            ),
        )


def _header(ws: Worksheet, columns: Sequence[tuple[str, int]]) -> None:
    """Header row, printed on every page and kept in view; A4, fitted to the page's width."""
    for index, (label, width) in enumerate(columns, 1):
        cell = ws.cell(row=1, column=index, value=label)
        cell.font, cell.alignment = HEAD_FONT, HEAD_ALIGN
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"


def _row(ws: Worksheet, row: int, values: Sequence[str | int]) -> None:
    for index, value in enumerate(values, 1):
        cell = ws.cell(row=row, column=index, value=value)
        cell.font, cell.alignment = BODY_FONT, WRAP
        if isinstance(value, int):
            cell.number_format = "#,##0"


def _properties(workbook: Workbook, document: SubmissionDocument) -> None:
    dated = document.letter.dated
    stamp = datetime(dated.year, dated.month, dated.day) if dated else FIXED_DATE
    props = workbook.properties
    props.creator = document.letter.owner_unit.split("\n")[0]
    props.title = TITLE if document.followup is not None else document.enclosure_title
    props.subject = document.edition_title_th
    props.language = "th-TH"
    props.lastModifiedBy = None
    props.created = stamp
    props.modified = stamp


def _save(workbook: Workbook) -> bytes:
    """Write through ExcelWriter: `Workbook.save` would stamp `modified` with the clock."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()

"""The provincial meeting's minutes (รายงานการประชุม) as PDF and DOCX, in the official Thai
form of the Cabinet documents and from their machinery: one view model (`Minutes`, Thai
digits and Buddhist-era dates already in it) feeds both renderers, under the organization's
emblem when one was uploaded (/letterhead), as its letters print it. Delegates' names come from
the people table at export time, never from events (an erased person prints as erased)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import anyio.to_thread
from docx import Document
from docx.shared import Cm
from litestar import Response

from assembly.actors import Actor
from assembly.geography import province_name_th
from assembly.meetings import TIE_RULE_TH
from assembly.thai import thai_datetime, thai_digits
from assembly.visibility import Seen, check
from projections import submissions as letterhead
from projections.meetings import provincial_queries as q
from web.documents.docx_styles import (
    S_BODY,
    S_EMBLEM,
    S_SIGNATORY,
    T_GRID,
    setup_section,
    setup_styles,
)
from web.documents.weasy import font_values, image_data_uri, lay_out, pdf_bytes, print_templates
from web.documents.zipfix import normalize_zip
from web.meetings import provincial_service as service
from web.services import Services

TEMPLATE = "meetings/provincial/minutes_print.html"
ERASED = "(ลบข้อมูลบุคคลแล้ว)"
MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True, slots=True)
class Minutes:
    title: str
    province_th: str
    when: str
    place: str
    draft: bool
    present_count: str
    councils_total: str
    present_by_amphoe: list[tuple[str, list[str]]]
    agenda: list[str]
    tally_head: list[str]
    tally: list[list[str]]
    result: list[str]
    tie_rule: str
    voters: str
    resolutions: list[str]
    delegates: list[str]
    signature: list[str] = field(default_factory=list)


def _d(value: object) -> str:
    return thai_digits(value)


async def minutes_of(svc: Services, year_be: int, province_code: str) -> Minutes:
    m = await service.found(svc, year_be, province_code)
    name = province_name_th(province_code)
    attendance = await q.attendance(svc.db, m)
    present = [a for a in attendance if a.present]
    by_amphoe = [
        (f"อำเภอ{amphoe}", [_d(a.name_th) for a in group])
        for amphoe, group in groupby(present, key=lambda a: a.district_name_th)
    ]
    agenda = await q.agenda(svc.db, m.id)
    tally = await q.tally(svc.db, m.id)
    rankings = await q.rankings(svc.db, m.id)
    n = len(agenda)
    delegates = await q.delegates(svc.db, year_be, province_code)
    return Minutes(
        title=f"รายงานการประชุมสมัชชาสภาองค์กรชุมชนตำบลระดับจังหวัด{name} ประจำปี {_d(year_be)}",
        province_th=name,
        when=thai_datetime(m.starts_at, digits=True),
        place=_d(m.place_th),
        draft=not m.closed,
        present_count=_d(len(present)),
        councils_total=_d(len(attendance)),
        present_by_amphoe=by_amphoe,
        agenda=[_d(f"{i.position}. {i.title_th}") for i in agenda],
        tally_head=["ลำดับ", "ประเด็น", "คะแนนรวม", *(f"ลำดับที่ {_d(k)}" for k in range(1, n + 1))],
        tally=[
            [_d(t.place), _d(t.title_th), _d(t.points), *(_d(c) for c in t.by_rank)] for t in tally
        ],
        result=[_d(f"{t.place}. {t.title_th}") + (" (คะแนนเท่ากัน)" if t.tied else "") for t in tally]
        if m.vote == "closed"
        else [],
        tie_rule=TIE_RULE_TH,
        voters=_d(len(rankings)),
        resolutions=[_d(f"{r.number}. {r.text_th}") for r in await q.resolutions(svc.db, m.id)],
        delegates=[_d(f"{k}. {d.name_th or ERASED}") for k, d in enumerate(delegates, start=1)],
        signature=[
            "(ลงชื่อ) ...................................................",
            "(...................................................)",
            f"ผู้ประสานงานจังหวัด{name}",
            "ผู้บันทึกรายงานการประชุม",
        ],
    )


def render_pdf(minutes: Minutes, emblem: bytes | None = None) -> bytes:
    picture = image_data_uri(emblem) if emblem else None
    html = print_templates.get_template(TEMPLATE).render(
        m=minutes, emblem=picture, numbered=True, **font_values()
    )
    return pdf_bytes(lay_out(html, images=(picture,) if picture else ()))


def render_docx(minutes: Minutes, emblem: bytes | None = None) -> bytes:
    doc = Document()
    setup_styles(doc)
    setup_section(doc.sections[0])
    if emblem:  # the organization's emblem at the head, as on its letters
        doc.add_paragraph(style=S_EMBLEM).add_run().add_picture(io.BytesIO(emblem), height=Cm(3))
    doc.add_heading(minutes.title + (" (ร่าง)" if minutes.draft else ""), level=1)

    def para(text: str, style: str = S_BODY) -> None:
        doc.add_paragraph(text, style=style)

    para(f"วันที่ประชุม {minutes.when}")
    para(f"สถานที่ {minutes.place}")
    doc.add_heading(
        f"สภาองค์กรชุมชนตำบลที่มาประชุม {minutes.present_count} แห่ง"
        f" จากทั้งหมด {minutes.councils_total} แห่ง",
        level=2,
    )
    for amphoe, names in minutes.present_by_amphoe:
        para(f"{amphoe}: {' '.join(names)}")
    doc.add_heading("ระเบียบวาระ", level=2)
    for line in minutes.agenda:
        para(line)
    doc.add_heading(f"ผลการลงคะแนนจัดลำดับประเด็น (สภาที่ลงคะแนน {minutes.voters} แห่ง)", level=2)
    table = doc.add_table(rows=1, cols=len(minutes.tally_head))
    table.style = doc.styles[T_GRID]
    for cell, label in zip(table.rows[0].cells, minutes.tally_head, strict=True):
        cell.text = label
    for row in minutes.tally:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    para("คะแนนแบบบอร์ดา: ลำดับที่ ๑ ได้คะแนนเท่ากับจำนวนประเด็นลบหนึ่ง ลำดับสุดท้ายได้ ๐ คะแนน")
    para(minutes.tie_rule)
    for line in minutes.result:
        para(line)
    doc.add_heading("มติที่ประชุม", level=2)
    for line in minutes.resolutions or ["ไม่มี"]:
        para(line)
    doc.add_heading("ผู้แทนเข้าร่วมประชุมระดับชาติที่ได้รับเลือก", level=2)
    for line in minutes.delegates or ["ไม่มี"]:
        para(line)
    for line in minutes.signature:
        para(line, S_SIGNATORY)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalize_zip(buffer.getvalue())


async def download(
    svc: Services, actor: Actor, year_be: int, province_code: str, format: str
) -> Response[bytes]:
    """Public once the meeting is closed; its draft for those who run it."""
    meeting = await service.found(svc, year_be, province_code)
    if not meeting.closed:
        check(actor, Seen.MEETING_DESK, province_code=province_code)
    minutes = await minutes_of(svc, year_be, province_code)
    render: Any = render_pdf if format == "pdf" else render_docx
    content = await anyio.to_thread.run_sync(render, minutes, await letterhead.emblem(svc.db))
    name = f"minutes-{year_be}-{province_code}.{format}"
    return Response(
        content,
        media_type=MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

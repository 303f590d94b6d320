"""Open data: an edition's recommendations, answers and province summaries as JSON and CSV
(UTF-8 with a BOM, so Excel reads the Thai), one stable URL per edition and file, the page
that documents every field in Thai, and the Atom feed of status changes."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import msgspec
from litestar import Request, Response, get
from litestar.params import FromPath
from litestar.response import Template

from assembly import geography
from assembly.errors import NotFound
from projections.followups import STATUS_TH, Status
from projections.public import edition_recommendations, theme_label
from projections.public_detail import answer_rows, province_summary
from web.pages import PUBLIC
from web.public.cache import day, public_cache
from web.public.feed import atom
from web.public.pages import edition_of, labels
from web.services import Services, SvcDep

# Each file's fields, in order, with what each means (the /open page prints these).
FIELDS: dict[str, list[tuple[str, str]]] = {
    "recommendations": [
        ("year_be", "ปีของการประชุม (พุทธศักราช)"),
        ("id", "รหัสข้อเสนอแนะ (UUID) ใช้เชื่อมกับไฟล์ความเห็นของหน่วยงาน"),
        ("title_th", "ชื่อข้อเสนอแนะ"),
        ("theme", "รหัสหมวดประเด็น"),
        ("theme_th", "ชื่อหมวดประเด็น"),
        ("from_paper_record", "true: บันทึกจากเอกสารย้อนหลัง (ไม่มีประเด็นระดับจังหวัดในระบบ)"),
        ("provinces", "จำนวนจังหวัดที่มีประเด็นอยู่ในข้อเสนอแนะนี้"),
        ("issues", "จำนวนประเด็นระดับจังหวัด"),
        ("councils", "จำนวนสภาองค์กรชุมชนตำบลที่เสนอ"),
        ("proposals", "จำนวนข้อเสนอของสภา"),
        ("households", "จำนวนครัวเรือนที่ได้รับผลกระทบตามข้อเสนอ"),
        ("status", "สถานะ: " + ", ".join(f"{s.value} = {STATUS_TH[s]}" for s in Status)),
        ("status_th", "สถานะเป็นภาษาไทย"),
        ("submission_id", "รหัสหนังสือเสนอคณะรัฐมนตรี (ว่าง: ยังไม่ได้เสนอ)"),
        ("resolved_on", "วันที่คณะรัฐมนตรีมีมติ (ค.ศ. รูปแบบ YYYY-MM-DD)"),
        ("decision_th", "มติคณะรัฐมนตรี"),
        ("agencies", "จำนวนหน่วยงานที่ได้รับมอบหมาย"),
        ("answered", "จำนวนหน่วยงานที่ตอบแล้ว"),
        ("overdue", "จำนวนหน่วยงานที่เกินกำหนดตอบ"),
    ],
    "answers": [
        ("year_be", "ปีของการประชุม (พุทธศักราช)"),
        ("recommendation_id", "รหัสข้อเสนอแนะ"),
        ("recommendation_th", "ชื่อข้อเสนอแนะ"),
        ("number", "ลำดับความเห็นแบบเอกสารสรุปผล เช่น 1.2 (ข้อเสนอแนะที่ 1 ความเห็นที่ 2) ว่าง: ยังไม่ตอบ"),
        ("agency", "รหัสหน่วยงาน"),
        ("agency_th", "ชื่อหน่วยงาน"),
        ("agency_short_th", "ชื่อย่อหน่วยงาน"),
        ("lead", "true: หน่วยงานหลัก"),
        ("due_on", "กำหนดตอบ (YYYY-MM-DD) ว่าง: ได้รับมอบหมายพร้อมความเห็นจากเอกสาร"),
        ("status", "answered = ตอบแล้ว, awaited = รอความเห็น, overdue = เกินกำหนด"),
        ("opinion_th", "ความเห็นของหน่วยงาน (ฉบับที่ใช้อยู่)"),
        ("sent_on", "วันที่ส่งความเห็นในระบบ"),
        ("on_paper", "true: ได้รับเป็นหนังสือ ฝ่ายเลขานุการบันทึกแทน"),
        ("received_on", "วันที่ได้รับหนังสือ"),
        ("superseded", "จำนวนครั้งที่ความเห็นถูกแทนด้วยฉบับใหม่"),
    ],
    "provinces": [
        ("year_be", "ปีของการประชุม (พุทธศักราช)"),
        ("province_code", "รหัสจังหวัด (กรมการปกครอง)"),
        ("province_name_th", "ชื่อจังหวัด"),
        ("councils_registered", "จำนวนสภาองค์กรชุมชนตำบลที่จดแจ้ง"),
        ("councils_behind", "จำนวนสภาที่มีข้อเสนออยู่ในประเด็นของจังหวัด"),
        ("issues", "จำนวนประเด็นระดับจังหวัดที่เผยแพร่"),
        ("proposals", "จำนวนข้อเสนอในประเด็นเหล่านั้น"),
        ("households", "จำนวนครัวเรือนที่ได้รับผลกระทบ"),
        ("recommendations", "จำนวนข้อเสนอแนะระดับชาติที่มีประเด็นของจังหวัด"),
        *((f"status_{s.value}", f"จำนวนข้อเสนอแนะที่{STATUS_TH[s]}") for s in Status),
    ],
}
FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8"}


async def _rows(svc: Services, year_be: int, name: str) -> list[dict[str, Any]]:
    on = day(svc)
    if name == "answers":
        return [msgspec.structs.asdict(a) for a in await answer_rows(svc.db, year_be, on)]
    if name == "provinces":
        out = []
        recs = {r.id: r for r in await edition_recommendations(svc.db, year_be, on)}
        for p in geography.provinces():
            s = await province_summary(svc.db, year_be, p.code, on, recs)
            row = msgspec.structs.asdict(s)
            row["issues"] = len(s.issues)
            row.update({f"status_{k.value}": s.statuses.get(k.value, 0) for k in Status})
            out.append(row)
        return out
    names = await labels(svc)
    rows = []
    for r in await edition_recommendations(svc.db, year_be, on):
        row = msgspec.structs.asdict(r)
        row.update(msgspec.structs.asdict(r.backing))
        row["theme_th"] = theme_label(r.theme, names)
        rows.append(row)
    return rows


# A text cell a spreadsheet would run as a formula (OWASP "CSV injection"): the file is made
# for Excel (it carries a BOM for the Thai), and its texts come from people (a decision, an
# agency's opinion), so such a cell gets a leading apostrophe, shown by Excel as text. JSON
# stays exact; numbers, dates and ids never begin so.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


def encode(name: str, rows: Sequence[dict[str, Any]], fmt: str) -> bytes:
    fields = [f for f, _ in FIELDS[name]]
    picked = [{f: row.get(f) for f in fields} for row in rows]
    if fmt == "json":
        return msgspec.json.encode({"fields": fields, "items": picked})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    writer.writerows([_cell(row[f]) for f in fields] for row in picked)
    return ("\ufeff" + out.getvalue()).encode()


@get("/open", name="open_data", opt=PUBLIC)
async def open_page(svc: SvcDep) -> Template:
    """The open data's files per edition, and what every field means."""
    return Template(
        template_name="public/open.html",
        context={"editions": await svc.editions(), "fields": FIELDS},
    )


@get("/open/{year_be:int}/{file:str}", name="open_file", opt=PUBLIC)
async def open_file(
    request: Request[Any, Any, Any], svc: SvcDep, year_be: FromPath[int], file: FromPath[str]
) -> Response[bytes]:
    """`recommendations|answers|provinces` `.json|.csv`, or `feed.atom`, of one edition."""
    await edition_of(svc, year_be)
    name, _, fmt = file.partition(".")
    if file == "feed.atom":
        return await feed_response(request, svc, year_be)
    if name not in FIELDS or fmt not in FORMATS:
        raise NotFound("ไม่มีไฟล์นี้ ดูรายการไฟล์ที่หน้าข้อมูลเปิด (/open)", field="file")

    async def build() -> bytes:
        return encode(name, await _rows(svc, year_be, name), fmt)

    body = await public_cache(request.app).get(svc, ("open", year_be, name, fmt), build)
    filename = f"assembly-{year_be}-{name}.{fmt}"
    return Response(
        body,
        media_type=FORMATS[fmt],
        headers={"content-disposition": f'inline; filename="{filename}"'},
    )


async def feed_response(
    request: Request[Any, Any, Any], svc: SvcDep, year_be: int | None
) -> Response[bytes]:
    base = str(request.base_url).rstrip("/")

    async def build() -> bytes:
        return await atom(svc.db, base, year_be, datetime.now(UTC))

    body = await public_cache(request.app).get(svc, ("feed", year_be, base), build)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@get("/open/feed.atom", name="open_feed", opt=PUBLIC)
async def feed_all(request: Request[Any, Any, Any], svc: SvcDep) -> Response[bytes]:
    """Every edition's status changes, newest first."""
    return await feed_response(request, svc, None)


ROUTES = [open_page, open_file, feed_all]

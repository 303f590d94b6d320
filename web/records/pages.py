"""The secretariat's page for a past edition's record: upload the file, see what will be
entered (every problem listed by its JSON path if any), confirm, and see what was done."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.response import Template

from assembly.agencies import resolve
from assembly.editions import Edition, edition_id
from assembly.errors import DomainError, Invalid
from assembly.recommendations import CreateRecommendation
from assembly.store import Store
from assembly.thai import thai_digits
from web.errors import status_of
from web.guards import may_issue
from web.pages import page, refusal
from web.records.across_years import THEMES_TH
from web.records.importer import ImportResult, check, enter
from web.records.record import FORMAT, MAX_BYTES, Record
from web.services import ActorDep, SvcDep

GUARD = [may_issue(CreateRecommendation)]  # the secretariat's (and the system's)
UPLOAD_LIMIT = MAX_BYTES + 64 * 1024


def preview_of(record: Record, store: Store) -> dict[str, Any]:
    """What the import will enter, as the follow-up document prints it (๑.๑ ผู้แทน สศช. …)."""
    counts: dict[int, int] = {}
    answers = []
    for a in record.answers:
        counts[a.recommendation] = counts.get(a.recommendation, 0) + 1
        agency = resolve(store, a.agency)
        answers.append(
            {
                "number": thai_digits(f"{a.recommendation}.{counts[a.recommendation]}"),
                "representative_th": agency.representative_th,
                "received_on": a.received_on,
                "opinion_th": a.opinion_th,
            }
        )
    found = store.load(edition_id(record.edition.year_be), Edition)
    themes = dict(THEMES_TH)
    if record.edition.categories:
        themes.update({c.code: c.name_th for c in record.edition.categories})
    return {
        "record": record,
        "exists": found is not None,
        "themes": themes,
        "answers": answers,
        "numbers": [thai_digits(i + 1) for i in range(len(record.recommendations))],
    }


def _page(
    request: Request[Any, Any, Any], context: dict[str, Any], error: DomainError | None = None
) -> Template:
    full = {"format": FORMAT, "result": None, "content": "", **context}
    status = status_of(error) if error is not None else 200  # 400 unreadable, 422 problems
    return page(request, "records/import.html", {**full, "error": error}, status_code=status)


@get("/records", name="records", guards=GUARD)
async def records_page(request: Request[Any, Any, Any]) -> Template:
    return _page(request, {})


async def _content(request: Request[Any, Any, Any], name: str) -> bytes:
    form = await request.form()
    value = form.get(name)
    if isinstance(value, UploadFile):
        return await value.read()
    if isinstance(value, str) and value.strip():
        return value.encode()
    raise Invalid("กรุณาเลือกไฟล์บันทึก (JSON)", field="file")


@post("/records/preview", guards=GUARD, request_max_body_size=UPLOAD_LIMIT)
async def preview(request: Request[Any, Any, Any], svc: SvcDep) -> Template:
    """Check the whole file and show what would be entered; nothing is written yet."""
    context: dict[str, Any] = {}
    with refusal() as refused:
        content = await _content(request, "file")
        record = await check(svc, content)
        context = await anyio.to_thread.run_sync(preview_of, record, svc.assembly)
        context["content"] = content.decode()
    return _page(request, context, refused.error)


@post("/records/import", guards=GUARD, request_max_body_size=UPLOAD_LIMIT)
async def confirm(request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep) -> Template:
    """The confirmed import: the same file is checked again, then entered."""
    result: ImportResult | None = None
    with refusal() as refused:
        content = await _content(request, "record")
        record = await check(svc, content)
        result = await enter(svc, actor, record)
    return _page(request, {"result": result}, refused.error)


ROUTES = [records_page, preview, confirm]

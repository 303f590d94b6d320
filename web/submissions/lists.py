"""The lists of submissions (the year's to the Cabinet, a province's to its governor) with
the form that composes a new one, and the pages that read one: the print preview and the
versions with their diff."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from assembly import geography, policy
from assembly.actors import Actor
from assembly.commands import parse
from assembly.errors import DomainError, NotFound
from assembly.submissions import ComposeSubmission
from assembly.visibility import sees_submission
from projections import followup_document, submissions
from projections.meetings import national_desk
from web.pages import PUBLIC, field_errors, form_data, page, refusal, refusal_status
from web.services import ActorDep, Services, SvcDep
from web.submissions import service
from web.submissions.pages import FORM_LABELS, choices, province_name

EVENTS_TH = {
    "Composed": "จัดทำร่าง",
    "LetterRevised": "แก้ไขหนังสือ",
    "ItemsSet": "จัดรายการ",
    "ChangeTaken": "รับข้อความใหม่",
    "ChangeLeft": "คงข้อความเดิม",
    "Finalized": "ออกเลขหนังสือ",
}


# --- the year's submissions (national) and a province's letters ---


async def resolved_by_meeting(svc: Services, year_be: int, province_code: str | None) -> set[str]:
    """A new Cabinet submission takes by default what the national meeting adopted or
    amended (a rejected one the write side refuses: `rejected_by_meeting`)."""
    if province_code is not None:
        return set()
    found = await national_desk.outcomes(svc.db, year_be)
    return {rec for rec, outcome in found.items() if outcome in ("adopted", "amended")}


async def list_page(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    year_be: int,
    province_code: str | None,
    *,
    error: DomainError | None = None,
    values: dict[str, Any] | None = None,
) -> Template:
    edition = next((e for e in await svc.editions() if e.year_be == year_be), None)
    if edition is None:
        raise NotFound(f"ไม่พบการประชุมประจำปี {year_be}")
    found = await submissions.submissions(svc.db, year_be, province_code=province_code)
    shown = [v for v in found if sees_submission(actor, v.province_code, v.final)]
    writer = policy.may(ComposeSubmission, actor) and sees_submission(actor, province_code, False)
    found_choices = await choices(svc, year_be, province_code) if writer else []
    context = {
        "edition": edition,
        "province_code": province_code,
        "province_th": province_name(province_code),
        "submissions": shown,
        "may_write": writer,
        "choices": found_choices,
        "error": error,
        "errors": field_errors(error, FORM_LABELS),
        "values": values or {},
        "picked": set(map(str, (values or {}).get("item_ids", [])))
        if values
        else await resolved_by_meeting(svc, year_be, province_code),
    }
    status = refusal_status(error)
    return page(request, "submissions/index.html", context, status_code=status)


@get("/submissions", name="submissions_now")
async def submissions_now(svc: SvcDep) -> Redirect:
    """The newest edition's submissions (the header's link)."""
    edition = await svc.current_edition()
    return Redirect(f"/editions/{edition.year_be}/submissions", status_code=302)


@get("/editions/{year_be:int}/submissions", name="submissions", opt=PUBLIC)
async def national_list(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, year_be: FromPath[int]
) -> Template:
    """The year's submissions to the Cabinet: finalized ones for everyone, drafts and the
    form for a new one for the secretariat."""
    return await list_page(request, svc, actor, year_be, None)


@get("/provinces/{code:str}/submissions", name="province_submissions", opt=PUBLIC)
async def province_list(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, code: FromPath[str]
) -> Template:
    """A province's letters to its governor (this year's), and its coordinator's form."""
    if geography.province(code) is None:
        raise NotFound(f"ไม่พบจังหวัดรหัส {code}")
    edition = await svc.current_edition()
    return await list_page(request, svc, actor, edition.year_be, code)


async def _compose(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    year_be: int,
    province_code: str | None,
) -> Response[Any]:
    values = await form_data(request, multi=("item_ids",))
    items_key = "issue_ids" if province_code else "recommendation_ids"
    with refusal() as refused:
        data = {
            "year_be": year_be,
            "submission_id": str(uuid4()),
            "subject_th": values.get("subject_th", ""),
            items_key: values.get("item_ids", []),
        }
        if province_code:
            data["province_code"] = province_code
        command = parse(ComposeSubmission, data)
        await svc.run(command, actor)
    if refused.error is not None:
        return await list_page(
            request, svc, actor, year_be, province_code, error=refused.error, values=values
        )
    return Redirect(f"/submissions/{command.submission_id}?notice=composed", status_code=303)


@post("/editions/{year_be:int}/submissions")
async def compose_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, year_be: FromPath[int]
) -> Response[Any]:
    return await _compose(request, svc, actor, year_be, None)


@post("/provinces/{code:str}/submissions")
async def compose_provincial_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, code: FromPath[str]
) -> Response[Any]:
    edition = await svc.current_edition()
    return await _compose(request, svc, actor, edition.year_be, code)


# --- the print preview and the versions ---


@get("/submissions/{submission_id:uuid}/preview", name="submission_preview", opt=PUBLIC)
async def preview_page(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID]
) -> Template:
    """The document as it will print (the same view model every format renders): a finalized
    one with the answers that came back in its ความเห็น column, as its downloads have them."""
    view = await service.visible(svc, actor, submission_id)
    if view.final:
        _, document = await followup_document.with_answers(svc.db, view, followup=False)
    else:
        document = await service.document(svc, view)
    emblem = await submissions.emblem(svc.db)
    context = {"view": view, "doc": document, "has_emblem": emblem is not None}
    return page(request, "submissions/preview.html", context)


@get("/submissions/{submission_id:uuid}/versions", name="submission_versions", opt=PUBLIC)
async def versions_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    submission_id: FromPath[UUID],
    from_version: FromQuery[int | None] = None,
    to_version: FromQuery[int | None] = None,
) -> Template:
    """Every version (when, by which role, what happened); two chosen: what changed."""
    view = await service.visible(svc, actor, submission_id)
    versions = await submissions.versions(svc.db, view.id)
    diff, error = None, None
    if from_version and to_version:
        with refusal() as refused:
            diff = await service.version_diff(svc, view, from_version, to_version)
        error = refused.error
    context = {
        "view": view,
        "versions": versions,
        "events_th": EVENTS_TH,
        "diff": diff,
        "error": error,
        "from_version": from_version or max(1, view.version - 1),
        "to_version": to_version or view.version,
    }
    return page(request, "submissions/versions.html", context, status_code=refusal_status(error))


ROUTES = [
    submissions_now,
    national_list,
    province_list,
    compose_form,
    compose_provincial_form,
    preview_page,
    versions_page,
]

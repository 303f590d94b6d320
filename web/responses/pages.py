"""The loop back as pages: a finalized submission's Cabinet resolution (anyone reads it; the
secretariat records it, then amends it only with a reason), and an agency's work (its
liaisons answer their assignments: draft, send after a question, supersede with a reason).

Every write builds the same command as the JSON API (`web.responses.api`) through
`web.responses.service`; every refusal comes back beside the field it names."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from assembly import policy
from assembly.actors import Actor, Role
from assembly.agencies import RegisterAgency
from assembly.commands import parse
from assembly.errors import DomainError, Invalid
from assembly.responses import DAYS_TO_ANSWER, LABELS, RecordResolution, SendAnswer
from assembly.visibility import check_agency, own_agency
from projections import followups
from projections.agencies import all_agencies
from web.pages import PUBLIC, field_errors, form_data, page, refusal, refusal_status
from web.responses import service
from web.services import ActorDep, Services, SvcDep
from web.submissions import service as submissions

DECISIONS = ("รับทราบ", "เห็นชอบ", "มอบหมาย", "รับทราบและมอบหมายหน่วยงานที่เกี่ยวข้องพิจารณา")
NOTICES = {
    "recorded": "บันทึกมติคณะรัฐมนตรีแล้ว หน่วยงานที่ได้รับมอบหมายเห็นงานนี้ในหน้าของหน่วยงานแล้ว",
    "amended": "บันทึกการแก้ไขมติคณะรัฐมนตรีพร้อมเหตุผลแล้ว",
    "unchanged": "มติเหมือนเดิมทุกประการ ไม่มีการเปลี่ยนแปลง",
    "sent": "ส่งความเห็นแล้ว สภาที่เสนอเรื่องนี้จะได้รับแจ้ง",
    "superseded": "ส่งความเห็นฉบับใหม่แทนฉบับเดิมพร้อมเหตุผลแล้ว",
    "same": "ความเห็นนี้ส่งไว้แล้ว ไม่มีการเปลี่ยนแปลง",
}


def _split(text: str) -> list[str]:
    return [t.strip() for t in text.replace(",", "\n").splitlines() if t.strip()]


def resolution_fields(values: dict[str, Any]) -> dict[str, Any]:
    """The form's rows (one per recommendation) as the command's assignments; a row
    without a lead agency assigns nobody."""
    ids = values.get("recommendation_id") or []
    leads = values.get("lead_agency") or []
    others = values.get("agencies") or []
    dues = values.get("due_on") or []
    if not (len(ids) == len(leads) == len(others) == len(dues)):
        raise Invalid("แบบฟอร์มไม่ครบ กรุณาเปิดหน้านี้ใหม่", field="assignments")
    assignments = [
        {
            "recommendation_id": rid,
            "lead_agency": lead.strip(),
            "agencies": _split(more),
            **({"due_on": due} if due else {}),
        }
        for rid, lead, more, due in zip(ids, leads, others, dues, strict=True)
        if lead.strip()
    ]
    fields: dict[str, Any] = {
        k: values[k]
        for k in ("resolved_on", "decision_th", "notified_on", "reason_th")
        if k in values
    }
    return {**fields, "assignments": assignments}


def _as_form(values: dict[str, Any]) -> dict[str, Any]:
    """Form values with each row's fields kept by position, for showing them again."""
    rows = zip(
        values.get("recommendation_id") or [],
        values.get("lead_agency") or [],
        values.get("agencies") or [],
        values.get("due_on") or [],
        strict=False,
    )
    return {**values, "rows": {r[0]: r[1:] for r in rows}}


async def resolution_page_for(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    submission_id: UUID,
    *,
    error: DomainError | None = None,
    typed: dict[str, Any] | None = None,
    notice: str | None = None,
) -> Template:
    view = await submissions.visible(svc, actor, submission_id)
    resolution = await followups.resolution_of(svc.db, view.id)
    ids = [i.id for i in view.items]
    answers = await followups.answers_of(svc.db, ids, service.today(svc))
    current: dict[str, tuple[str, str, str]] = {}
    for rid, found in answers.items():
        lead = next((a for a in found if a.lead), None)
        if lead is not None:
            more = [a.agency_short_th for a in found if not a.lead and not a.assigned_with_answer]
            due = lead.due_on.isoformat() if lead.due_on else ""
            current[rid] = (lead.agency_short_th, ", ".join(more), due)
    may_record = view.final and view.province_code is None and policy.may(RecordResolution, actor)
    default_due = None
    if resolution is not None:
        default_due = resolution.notified_on + timedelta(days=DAYS_TO_ANSWER)
    context = {
        "view": view,
        "resolution": resolution,
        "amendments": await followups.amendments_of(svc.db, view.id) if resolution else [],
        "answers": answers,
        "may_record": may_record,
        "agencies": list((await all_agencies(svc.db)).values()) if may_record else [],
        "decisions": DECISIONS,
        "days": DAYS_TO_ANSWER,
        "default_due": default_due,
        "values": typed or {"rows": current},
        "error": error,
        "errors": field_errors(error, LABELS),
        "notice": NOTICES.get(notice or ""),
        "today": service.today(svc).isoformat(),
    }
    return page(request, "responses/resolution.html", context, status_code=refusal_status(error))


@get("/submissions/{submission_id:uuid}/resolution", name="resolution", opt=PUBLIC)
async def resolution_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    submission_id: FromPath[UUID],
    notice: FromQuery[str | None] = None,
) -> Template:
    """The Cabinet's resolution on a finalized submission, its amendments, and per
    recommendation the agencies with their answers; the secretariat's form."""
    return await resolution_page_for(request, svc, actor, submission_id, notice=notice)


@post("/submissions/{submission_id:uuid}/resolution")
async def resolution_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID]
) -> Response[Any]:
    """Record the resolution (the page asked first), or amend it with a reason."""
    await submissions.visible(svc, actor, submission_id)
    values = await form_data(
        request, multi=("recommendation_id", "lead_agency", "agencies", "due_on")
    )
    # form_data drops empty values: keep every row's place (a blank due date, no agencies)
    form = await request.form()
    for name in ("lead_agency", "agencies", "due_on"):
        values[name] = [str(v) for v in form.getall(name, [])]
    notice = ""
    with refusal() as refused:
        notice = await service.record_resolution(
            svc, actor, submission_id, resolution_fields(values)
        )
    if refused.error is not None:
        return await resolution_page_for(
            request, svc, actor, submission_id, error=refused.error, typed=_as_form(values)
        )
    return Redirect(f"/submissions/{submission_id}/resolution?notice={notice}", status_code=303)


# --- an agency's work ---


@get("/agency", name="agency_home")
async def agency_home(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    code: FromQuery[str | None] = None,
    registered: FromQuery[str | None] = None,
) -> Response[Any]:
    """A liaison's own agency's work; the secretariat picks an agency from the register (and
    registers one the register lacks)."""
    if actor.role is Role.AGENCY and actor.agency:
        return Redirect(f"/agencies/{own_agency(actor)}/work", status_code=302)
    with refusal() as refused:
        if code:
            ref = await service.agency(svc, code, "code")
            check_agency(actor, ref.code)
            return Redirect(f"/agencies/{ref.code}/work", status_code=302)
    check_agency(actor, "")
    return await pick_page(request, svc, actor, code=code, error=refused.error, added=registered)


async def pick_page(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    *,
    code: str | None = None,
    error: DomainError | None = None,
    register_error: DomainError | None = None,
    typed: dict[str, Any] | None = None,
    added: str | None = None,
) -> Template:
    """The register to pick from, with the form to add an agency (its refusals beside it)."""
    agencies = await all_agencies(svc.db)
    context = {
        "agencies": list(agencies.values()),
        "error": error,
        "errors": field_errors(error),
        "code": code or "",
        "may_register": policy.may(RegisterAgency, actor),
        # the register form's fields are "new_…" (the pick form above has its own "code")
        "register_errors": {f"new_{k}": v for k, v in field_errors(register_error).items()},
        "typed": typed or {},
        "added": agencies.get(added or ""),
    }
    status = refusal_status(error or register_error)
    return page(request, "responses/agency_pick.html", context, status_code=status)


@post("/agencies")
async def register_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep
) -> Response[Any]:
    """The secretariat registers an agency the register lacks (its code, name, abbreviations)."""
    policy.authorize(RegisterAgency, actor)
    values = await form_data(request)
    abbreviations = [a.strip() for a in str(values.get("new_abbreviations", "")).split(",")]
    with refusal() as refused:
        command = parse(
            RegisterAgency,
            {
                "code": str(values.get("new_code", "")).strip().lower(),
                "name_th": values.get("new_name_th", ""),
                "abbreviations": [a for a in abbreviations if a],
            },
        )
        await svc.run(command, actor)
    if refused.error is not None:
        return await pick_page(request, svc, actor, register_error=refused.error, typed=values)
    return Redirect(f"/agency?registered={command.code}", status_code=303)


async def work_page_for(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    code: str,
    *,
    error: DomainError | None = None,
    failed: str | None = None,
    typed: dict[str, Any] | None = None,
    notice: str | None = None,
    done: str | None = None,
) -> Template:
    ref = await service.agency(svc, code, "code")
    check_agency(actor, ref.code)
    items = await followups.assignments_of_agency(svc.db, ref.code, on=service.today(svc))
    context = {
        "agency": ref,
        "open": [a for a in items if a.number is None],
        "answered": [a for a in items if a.number is not None],
        "may_answer": policy.may(SendAnswer, actor),
        "error": error,
        "errors": field_errors(error, LABELS),
        "failed": failed,  # the assignment (recommendation id) the refusal belongs to
        "typed": typed or {},
        "notice": NOTICES.get(notice or ""),
        "done": done,
    }
    return page(request, "responses/work.html", context, status_code=refusal_status(error))


@get("/agencies/{code:str}/work", name="agency_work")
async def work_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    code: FromPath[str],
    notice: FromQuery[str | None] = None,
    done: FromQuery[str | None] = None,
) -> Template:
    """The agency's assignments on one page: open ones first, overdue at the top."""
    return await work_page_for(request, svc, actor, code, notice=notice, done=done)


@post("/agencies/{code:str}/work/{recommendation_id:uuid}/draft")
async def draft_form(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    code: FromPath[str],
    recommendation_id: FromPath[UUID],
) -> Response[Any]:
    """Keep the answer as a draft (autosaved as one types, or by the button)."""
    ref = await service.agency(svc, code, "code")
    check_agency(actor, ref.code)
    values = await form_data(request)
    with refusal() as refused:
        fields: dict[str, Any] = {"agency": ref.code, "opinion_th": values.get("opinion_th", "")}
        await service.draft_answer(svc, actor, recommendation_id, fields)
    context = {
        "rid": str(recommendation_id),
        "error": refused.error,
        "saved_at": svc.now(),
    }
    if request.headers.get("hx-request"):
        return page(request, "responses/_draft_saved.html", context)
    if refused.error is not None:
        return await _refused(request, svc, actor, code, refused.error, recommendation_id, values)
    return Redirect(
        f"/agencies/{ref.code}/work?done={recommendation_id}#rec-{recommendation_id}",
        status_code=303,
    )


@post("/agencies/{code:str}/work/{recommendation_id:uuid}/send")
async def send_form(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    code: FromPath[str],
    recommendation_id: FromPath[UUID],
) -> Response[Any]:
    """Send the answer (the page asked first: a sent answer is final), or a new one that
    supersedes it with a reason."""
    ref = await service.agency(svc, code, "code")
    check_agency(actor, ref.code)
    values = await form_data(request)
    notice = ""
    with refusal() as refused:
        fields: dict[str, Any] = {k: values[k] for k in ("opinion_th", "reason_th") if k in values}
        notice = await service.sent_answer(
            svc, actor, recommendation_id, {**fields, "agency": ref.code}
        )
    if refused.error is not None:
        return await _refused(request, svc, actor, code, refused.error, recommendation_id, values)
    return Redirect(
        f"/agencies/{ref.code}/work?notice={notice}&done={recommendation_id}#rec-{recommendation_id}",
        status_code=303,
    )


async def _refused(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    code: str,
    error: DomainError,
    recommendation_id: UUID,
    typed: dict[str, Any],
) -> Template:
    """The work page again, the refusal beside the assignment's form, what was typed kept."""
    failed = str(recommendation_id)
    return await work_page_for(request, svc, actor, code, error=error, failed=failed, typed=typed)


ROUTES = [
    resolution_page,
    resolution_form,
    agency_home,
    register_form,
    work_page,
    draft_form,
    send_form,
]

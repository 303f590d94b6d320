"""Handlers of the loop back: load, ask the aggregates, return what changed."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate

from assembly.actors import Actor, Role
from assembly.agencies import AgencyRef, resolve
from assembly.commands import changed, route
from assembly.editions import get_edition
from assembly.errors import Conflict, Forbidden, Invalid, NotFound
from assembly.recommendations import Recommendation
from assembly.responses.commands import (
    DraftAnswer,
    MarkOverdue,
    RecordResolution,
    SendAnswer,
)
from assembly.responses.followup import Assignments, FollowUp, followup_id
from assembly.responses.resolution import (
    DAYS_TO_ANSWER,
    Assigned,
    Resolution,
    check_dates,
    resolution_id,
)
from assembly.store import Store
from assembly.submissions import Submission
from assembly.thai import to_bangkok


def today(store: Store) -> date:
    return to_bangkok(store.clock()).date()


def _assignments(store: Store, cmd: RecordResolution) -> list[Assigned]:
    notified = cmd.notified_on or cmd.resolved_on
    out: list[Assigned] = []
    for a in cmd.assignments:
        lead = resolve(store, a.lead_agency, "lead_agency").code
        others = [resolve(store, t, "agencies").code for t in a.agencies]
        out.append(
            {
                "recommendation_id": str(a.recommendation_id),
                "lead": lead,
                "agencies": list(dict.fromkeys([lead, *others])),
                "due_on": (a.due_on or notified + timedelta(days=DAYS_TO_ANSWER)).isoformat(),
            }
        )
    return out


def _per_recommendation(assigned: list[Assigned]) -> dict[UUID, Assignments]:
    return {
        UUID(a["recommendation_id"]): {
            code: {"lead": code == a["lead"], "due_on": a["due_on"]} for code in a["agencies"]
        }
        for a in assigned
    }


def record_resolution(store: Store, cmd: RecordResolution, actor: Actor) -> list[Aggregate]:
    submission = store.load(cmd.submission_id, Submission)
    if submission is None:
        raise NotFound("ไม่พบหนังสือนี้", field="submission_id")
    if submission.province_code is not None:
        raise Invalid("มติคณะรัฐมนตรีบันทึกได้เฉพาะหนังสือเสนอคณะรัฐมนตรี", field="submission_id")
    if not submission.final:
        raise Conflict(
            "หนังสือนี้ยังไม่ออกเลข บันทึกมติคณะรัฐมนตรีได้เมื่อออกเลขและส่งแล้ว",
            field="submission_id",
            code="not_final",
        )
    check_dates(cmd.resolved_on, submission.dated, today(store))
    items = {i["id"] for i in submission.items}
    for a in cmd.assignments:
        if str(a.recommendation_id) not in items:
            raise Invalid(f"ข้อเสนอแนะ {a.recommendation_id} ไม่ได้อยู่ในหนังสือฉบับนี้", field="assignments")
    assigned = _assignments(store, cmd)
    notified = cmd.notified_on or cmd.resolved_on
    resolution = store.load(resolution_id(submission.id), Resolution)
    before: dict[UUID, Assignments] = {}
    if resolution is None:
        resolution = Resolution.record(
            submission.id,
            submission.year_be,
            cmd.resolved_on,
            notified,
            cmd.decision_th,
            assigned,
            actor,
        )
    else:
        before = _per_recommendation(resolution.assignments)
        resolution.amend(cmd.resolved_on, notified, cmd.decision_th, assigned, cmd.reason_th, actor)
    after = _per_recommendation(assigned)
    ids = set(before) | set(after)
    found = store.load_many(followup_id(r) for r in ids)
    followups: list[Aggregate] = []
    for rec in sorted(ids):
        followup = found.get(followup_id(rec))
        if isinstance(followup, FollowUp):
            if followup.submission_id != submission.id:
                raise Conflict(
                    "ข้อเสนอแนะนี้มีมติคณะรัฐมนตรีในหนังสือฉบับอื่นแล้ว",
                    field="assignments",
                    code="resolved_elsewhere",
                )
            followup.reassign(after.get(rec, {}), actor)
            followups.append(followup)
        elif rec in after:
            followups.append(
                FollowUp(
                    recommendation_id=rec,
                    submission_id=submission.id,
                    year_be=submission.year_be,
                    assignments=after[rec],
                    by=actor.ref,
                )
            )
    return changed(resolution, *followups)


def _followup(store: Store, recommendation_id: UUID) -> FollowUp:
    found = store.load(followup_id(recommendation_id), FollowUp)
    if found is not None:
        return found
    if store.load(recommendation_id, Recommendation) is None:
        raise NotFound("ไม่พบข้อเสนอแนะนี้", field="recommendation_id")
    raise Conflict(
        "ข้อเสนอแนะนี้ยังไม่มีมติคณะรัฐมนตรี (หนังสือเสนอยังไม่ออกเลขหรือยังไม่ได้บันทึกมติ) จึงยังตอบไม่ได้",
        message_en="no Cabinet resolution on this recommendation yet",
        field="recommendation_id",
        code="not_resolved",
    )


def _answering(store: Store, text: str, actor: Actor) -> AgencyRef:
    """The agency answering; a liaison answers only for their own agency."""
    agency = resolve(store, text)
    if actor.role is Role.AGENCY:
        own = resolve(store, actor.agency or "-") if actor.agency else None
        if own is None or own.code != agency.code:
            raise Forbidden(
                "ผู้แทนหน่วยงานตอบได้เฉพาะในนามหน่วยงานของตนเอง",
                message_en="another agency's assignment",
                field="agency",
                code="out_of_scope",
            )
    return agency


def draft_answer(store: Store, cmd: DraftAnswer, actor: Actor) -> list[Aggregate]:
    agency = _answering(store, cmd.agency, actor)
    followup = _followup(store, cmd.recommendation_id)
    followup.draft(agency.code, cmd.opinion_th, actor)
    return changed(followup)


def send_answer(store: Store, cmd: SendAnswer, actor: Actor) -> list[Aggregate]:
    agency = _answering(store, cmd.agency, actor)
    received_on = cmd.received_on
    if actor.role is Role.AGENCY and received_on is not None:
        raise Invalid("วันที่ได้รับหนังสือใช้เฉพาะความเห็นที่ฝ่ายเลขานุการบันทึกจากหนังสือ", field="received_on")
    if actor.role is not Role.AGENCY:  # the secretariat enters what came on paper
        received_on = received_on or today(store)
        if received_on > today(store):
            raise Invalid("วันที่ได้รับหนังสือต้องไม่เป็นวันในอนาคต", field="received_on")
    followup = _followup(store, cmd.recommendation_id)
    edition = get_edition(store, followup.year_be)
    followup.send(
        agency.code, cmd.opinion_th, cmd.reason_th, received_on, edition.from_paper, actor
    )
    return changed(followup)


def mark_overdue(store: Store, cmd: MarkOverdue, actor: Actor) -> list[Aggregate]:
    agency = resolve(store, cmd.agency)
    followup = _followup(store, cmd.recommendation_id)
    followup.mark_overdue(agency.code, today(store), actor)
    return changed(followup)


HANDLERS = dict(
    [
        route(RecordResolution, record_resolution),
        route(DraftAnswer, draft_answer),
        route(SendAnswer, send_answer),
        route(MarkOverdue, mark_overdue),
    ]
)

"""What came back on a finalized submission, joined to its frozen document: the follow-up
("สรุปผลการพิจารณา", the seed's last table ที่ | ข้อเสนอแนะ | ความเห็น) and the submission's
own export with its ความเห็น column filled.

The frozen document is never rebuilt from the live read model: only each item's answers, the
agencies still awaited and the Cabinet's resolution are added to it. Everything added is read
at one revision of the follow-up (`followups.followup_revision`, bumped by the projector on
every change), so an export made at a revision shows exactly that revision, and exports are
kept per revision: a new answer gives a new file, nothing new gives the same one again.
"""

from __future__ import annotations

from datetime import date

import asyncpg
import msgspec

from assembly.thai import to_bangkok
from projections import followups
from projections.document_data import document_of
from projections.documents import (
    Amendment,
    Answer,
    Awaited,
    FollowUp,
    Item,
    SubmissionDocument,
)
from projections.submissions import SubmissionView

REPRESENTATIVE = "ผู้แทน"
_TRIES = 5  # reads to get one consistent revision while answers keep arriving


def printed(item_number: int, answer: Answer) -> str:
    """'1.1 ผู้แทน สศช. มีความเห็นว่า …' as the seed prints it (Arabic digits: the renderers
    write Thai ones); an answer that already names its representative is not named twice."""
    head = f"{item_number}.{answer.number}"
    if answer.text_th.startswith(REPRESENTATIVE):
        return f"{head} {answer.text_th}"
    return f"{head} {answer.representative_th} {answer.text_th}"


def _answer(a: followups.Answer) -> Answer:
    assert a.number is not None and a.opinion_th is not None
    return Answer(
        number=a.number,
        agency=a.agency,
        agency_th=a.agency_th,
        abbreviation=a.agency_short_th,
        representative_th=a.representative_th,
        lead=a.lead,
        text_th=a.opinion_th,
        on_paper=a.on_paper,
        received_on=a.received_on,
        sent_at=a.sent_at,
        superseded=a.superseded,
        assigned_with_answer=a.assigned_with_answer,
    )


def _awaited(a: followups.Answer, marked: bool) -> Awaited:
    return Awaited(
        agency=a.agency,
        agency_th=a.agency_th,
        abbreviation=a.agency_short_th,
        representative_th=a.representative_th,
        lead=a.lead,
        due_on=a.due_on,
        overdue=a.overdue or marked,
    )


def _with_answers(item: Item, found: list[followups.Answer], marked: set[tuple[str, str]]) -> Item:
    answered = sorted((_answer(a) for a in found if a.number is not None), key=lambda a: a.number)
    awaited = [_awaited(a, (item.id, a.agency) in marked) for a in found if a.number is None]
    return msgspec.structs.replace(
        item,
        answers=answered,
        opinions=[printed(item.number, a) for a in answered],
        awaited=awaited,
    )


async def _marked_overdue(db: asyncpg.Pool, submission_id: str) -> set[tuple[str, str]]:
    """The assignments the scheduler marked overdue (for their current date), unanswered."""
    rows = await db.fetch(
        "SELECT recommendation_id::text, agency FROM assignments WHERE submission_id = $1::uuid"
        " AND number IS NULL AND overdue_on IS NOT NULL AND overdue_on = due_on",
        submission_id,
    )
    return {(r[0], r[1]) for r in rows}


async def _state(db: asyncpg.Pool, submission_id: str) -> tuple[int, date | None]:
    """The follow-up's revision and the day of its last change (Bangkok)."""
    row = await db.fetchrow(
        "SELECT revision, updated_at FROM resolutions WHERE submission_id = $1::uuid",
        submission_id,
    )
    if row is None:
        return 0, None
    return int(row[0]), to_bangkok(row[1]).date()


async def revision(db: asyncpg.Pool, view: SubmissionView) -> int:
    """The revision an export of `view` is kept under (a draft has none: 0)."""
    return await followups.followup_revision(db, view.id) if view.final else 0


async def with_answers(
    db: asyncpg.Pool, view: SubmissionView, *, followup: bool
) -> tuple[int, SubmissionDocument]:
    """The frozen document with what came back, and the revision it shows. `followup`: the
    follow-up document (the resolution on it); otherwise the submission's own document with
    its ความเห็น column filled. A draft comes back as it is (nothing came back on it)."""
    frozen = await document_of(db, view)
    if not view.final:
        return 0, frozen
    ids = [item.id for item in frozen.items]
    for _ in range(_TRIES):
        before, as_of = await _state(db, view.id)
        resolution = await followups.resolution_of(db, view.id)
        amendments = await followups.amendments_of(db, view.id)
        # Overdue as of the last change, not today, or as the scheduler marked it (a change
        # itself): the same revision prints the same.
        answers = await followups.answers_of(db, ids, on=as_of) if resolution else {}
        marked = await _marked_overdue(db, view.id)
        after, _ = await _state(db, view.id)
        if before == after:
            break
    items = [_with_answers(item, answers.get(item.id, []), marked) for item in frozen.items]
    part = None
    if followup:
        part = FollowUp(
            revision=before,
            as_of=as_of,
            resolved_on=resolution.resolved_on if resolution else None,
            notified_on=resolution.notified_on if resolution else None,
            decision_th=resolution.decision_th if resolution else "",
            amendments=[
                Amendment(
                    amended_on=to_bangkok(a.amended_at).date(),
                    resolved_on=a.resolved_on,
                    decision_th=a.decision_th,
                    reason_th=a.reason_th,
                )
                for a in amendments
            ],
        )
    return before, msgspec.structs.replace(frozen, items=items, followup=part)

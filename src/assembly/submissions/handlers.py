"""Submission handlers: load, call the aggregate, return what changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from assembly.actors import Actor
from assembly.commands import changed, route
from assembly.consolidation.issues import IssueStatus, ProvincialIssue
from assembly.editions import get_edition
from assembly.errors import Conflict, NotFound
from assembly.meetings.ballots import AgendaItem, agenda_item_id
from assembly.meetings.national_commands import Outcome
from assembly.recommendations import Recommendation
from assembly.store import Store
from assembly.submissions.commands import (
    LETTER_FIELDS,
    ComposeSubmission,
    FinalizeSubmission,
    LeaveChange,
    LetterFields,
    ReviseLetter,
    SetItems,
    TakeChange,
)
from assembly.submissions.submission import (
    DocumentNumber,
    Snapshot,
    Submission,
    number_id,
    snapshot,
)


def letter_of(cmd: LetterFields) -> dict[str, Any]:
    """The letter fields a command sets (UUIDs as text, as events keep them)."""
    fields: dict[str, Any] = {}
    for name in LETTER_FIELDS:
        value = getattr(cmd, name)
        if value is not None:
            fields[name] = str(value) if isinstance(value, UUID) else value
    return fields


def sources_of(
    store: Store, item_ids: list[UUID], year_be: int, province_code: str | None
) -> dict[UUID, Aggregate]:
    """The recommendations of the year (or the open issues of the province), all of them."""
    found = store.load_many(item_ids)
    for item_id in item_ids:
        source = found.get(item_id)
        if province_code is None:
            ok = isinstance(source, Recommendation) and source.year_be == year_be
            what = "ข้อเสนอแนะ"
        else:
            ok = (
                isinstance(source, ProvincialIssue)
                and source.year_be == year_be
                and source.province_code == province_code
                and source.status is IssueStatus.OPEN
            )
            what = "ประเด็นเปิดของจังหวัดนี้"
        if not ok:
            raise NotFound(
                f"ไม่พบ{what} {item_id} ในการประชุมปี {year_be}",
                field="recommendation_ids" if province_code is None else "issue_ids",
            )
    return found


def amended_texts(store: Store, year_be: int, ids: list[UUID]) -> dict[UUID, str]:
    """What the national meeting resolved on these recommendations: a rejected one is
    refused (it goes to no Cabinet submission), an amended one taken with its amended text."""
    texts: dict[UUID, str] = {}
    items = store.load_many(agenda_item_id(year_be, r) for r in ids)
    for item in items.values():
        if not isinstance(item, AgendaItem):
            continue
        if item.outcome == Outcome.REJECTED:
            raise Conflict(
                "ที่ประชุมระดับชาติมีมติไม่รับรองข้อเสนอแนะนี้ จึงนำเข้าหนังสือเสนอคณะรัฐมนตรีไม่ได้",
                message_en="rejected by the national meeting",
                field="recommendation_ids",
                code="rejected_by_meeting",
                details=[{"recommendation_id": str(item.recommendation_id)}],
            )
        if item.outcome == Outcome.AMENDED and item.amended_text_th:
            texts[item.recommendation_id] = item.amended_text_th
    return texts


def _submission(store: Store, submission_id: UUID) -> Submission:
    found = store.load(submission_id, Submission)
    if found is None:
        raise NotFound("ไม่พบหนังสือนี้", field="submission_id")
    return found


def _item_sources(store: Store, submission: Submission) -> Mapping[UUID, Aggregate]:
    return store.load_many(UUID(i["id"]) for i in submission.items)


def compose(store: Store, cmd: ComposeSubmission, actor: Actor) -> list[Aggregate]:
    get_edition(store, cmd.year_be)
    if store.exists(cmd.submission_id):
        raise Conflict("มีหนังสือนี้อยู่แล้ว", code="submission_exists")
    ids = cmd.issue_ids if cmd.province_code else cmd.recommendation_ids
    if len(set(ids)) != len(ids):
        raise Conflict("มีรายการซ้ำกันในหนังสือ", code="duplicate_items")
    sources = sources_of(store, ids, cmd.year_be, cmd.province_code)
    texts = amended_texts(store, cmd.year_be, ids) if cmd.province_code is None else {}
    items: list[Snapshot] = [snapshot(sources[i], texts.get(i)) for i in ids]
    corrects = _submission(store, cmd.corrects) if cmd.corrects else None
    submission = Submission.compose(
        cmd.submission_id,
        cmd.year_be,
        cmd.province_code,
        items,
        letter_of(cmd),
        corrects,
        actor,
    )
    return [submission]


def revise_letter(store: Store, cmd: ReviseLetter, actor: Actor) -> list[Aggregate]:
    submission = _submission(store, cmd.submission_id)
    submission.revise_letter(letter_of(cmd), cmd.version, actor)
    return changed(submission)


def set_items(store: Store, cmd: SetItems, actor: Actor) -> list[Aggregate]:
    submission = _submission(store, cmd.submission_id)
    kept = {UUID(i["id"]) for i in submission.items}
    new = [i for i in cmd.item_ids if i not in kept]
    sources = sources_of(store, new, submission.year_be, submission.province_code) if new else {}
    national = submission.province_code is None and new
    texts = amended_texts(store, submission.year_be, new) if national else {}
    submission.set_items(cmd.item_ids, sources, cmd.version, actor, texts)
    return changed(submission)


def _source(store: Store, item_id: UUID) -> Aggregate:
    found = store.load_many([item_id]).get(item_id)
    if found is None:
        raise NotFound("ไม่พบรายการนี้", field="item_id")
    return found


def take_change(store: Store, cmd: TakeChange, actor: Actor) -> list[Aggregate]:
    submission = _submission(store, cmd.submission_id)
    texts = {}
    if submission.province_code is None:
        texts = amended_texts(store, submission.year_be, [cmd.item_id])
    submission.take_change(_source(store, cmd.item_id), actor, texts.get(cmd.item_id))
    return changed(submission)


def leave_change(store: Store, cmd: LeaveChange, actor: Actor) -> list[Aggregate]:
    submission = _submission(store, cmd.submission_id)
    submission.leave_change(_source(store, cmd.item_id), actor)
    return changed(submission)


def finalize(store: Store, cmd: FinalizeSubmission, actor: Actor) -> list[Aggregate]:
    submission = _submission(store, cmd.submission_id)
    if store.exists(number_id(submission.year_be, cmd.document_number)):
        raise Conflict(
            f"เลขที่หนังสือ “{cmd.document_number}” ใช้แล้วในปี {submission.year_be}",
            field="document_number",
            code="number_taken",
        )
    submission.finalize(
        cmd.document_number,
        cmd.dated,
        cmd.document_sha256,
        _item_sources(store, submission),
        cmd.version,
        actor,
    )
    taken = DocumentNumber(
        year_be=submission.year_be,
        number=submission.document_number or "",
        submission_id=submission.id,
        by=actor.ref,
    )
    return [submission, taken]


HANDLERS = dict(
    [
        route(ComposeSubmission, compose),
        route(ReviseLetter, revise_letter),
        route(SetItems, set_items),
        route(TakeChange, take_change),
        route(LeaveChange, leave_change),
        route(FinalizeSubmission, finalize),
    ]
)

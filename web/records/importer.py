"""Importing a record: every part becomes a command through `Services.run` (that is
`app.handle`, then waiting for the read side), and the submission is finalized through the
submissions service, so its frozen document exists as for any other.

The whole file is checked first (`checks.read`); then each step is taken only if it is not
already done (ids are derived from the year and the position), so importing the same record
again writes nothing, and an import cut short carries on where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import anyio.to_thread
import msgspec

from assembly.actors import SYSTEM, Actor
from assembly.commands import Command
from assembly.editions import Edition, FinalizeEdition, OpenEdition, edition_id
from assembly.recommendations import ClassifyRecommendation, CreateRecommendation, Recommendation
from assembly.responses import Assignment, RecordResolution, SendAnswer
from assembly.submissions import ComposeSubmission, Submission
from web.records.checks import read
from web.records.record import Record, recommendation_id, submission_id
from web.services import Services
from web.submissions import service

SEED_2565 = Path(__file__).with_name("seed_2565.json")

Progress = Callable[[int, int, str], None]  # done, total, what


class ImportResult(msgspec.Struct):
    """What the import did: `events` is 0 when the record was already in (nothing changed)."""

    year_be: int
    submission_id: str
    recommendation_ids: list[str]
    recommendations: int
    assignments: int
    answers: int
    events: int


def steps_of(record: Record) -> int:
    """How many steps an import takes (for a progress bar)."""
    return 6 + 2 * len(record.recommendations) + len(record.answers)


async def check(svc: Services, content: bytes) -> Record:
    """The record, or an `Invalid` listing every problem (reads the write side: agencies
    registered, the edition of that year)."""
    return await anyio.to_thread.run_sync(read, content, svc.assembly, svc.now())


async def import_record(
    svc: Services, actor: Actor, content: bytes, progress: Progress | None = None
) -> ImportResult:
    record = await check(svc, content)
    return await enter(svc, actor, record, progress)


async def enter(
    svc: Services, actor: Actor, record: Record, progress: Progress | None = None
) -> ImportResult:
    app = svc.assembly
    before = app.recorder.max_notification_id() or 0
    year = record.edition.year_be
    total, done = steps_of(record), 0

    def step(what: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, what)

    async def run(command: Command, who: Actor = actor) -> None:
        await svc.run(command, who)

    e = record.edition
    if app.load(edition_id(year), Edition) is None:
        # A past year's edition comes with its record: the secretariat enters it whole
        # (organizers open live ones). `checks` made sure its window is past: from paper.
        await run(
            OpenEdition(
                year_be=year,
                title_th=e.title_th,
                proposal_opens_at=e.proposal_opens_at,
                proposal_closes_at=e.proposal_closes_at,
                **({"categories": e.categories} if e.categories is not None else {}),
            ),
            SYSTEM,
        )
    step("การประชุม")
    rec_ids = [recommendation_id(year, i + 1) for i in range(len(record.recommendations))]
    for rid, r in zip(rec_ids, record.recommendations, strict=True):
        if not app.exists(rid):
            await run(
                CreateRecommendation(
                    year_be=year,
                    title_th=r.title_th,
                    text_th=r.text_th,
                    agencies=r.agencies,
                    recommendation_id=rid,
                )
            )
        step("ข้อเสนอแนะ")
        if r.category is not None:
            found = app.load(rid, Recommendation)
            if found is None or found.category != r.category:
                await run(ClassifyRecommendation(recommendation_id=rid, category=r.category))
        step("หมวดหมู่")
    sid = submission_id(year)
    await _submission(svc, actor, record, sid, rec_ids)
    step("หนังสือเสนอคณะรัฐมนตรี")
    found_submission = app.load(sid, Submission)
    if found_submission is None or not found_submission.final:
        s = record.submission
        await service.finalize(svc, actor, sid, s.document_number, s.dated)
    step("ออกเลขหนังสือ")
    await run(FinalizeEdition(year_be=year))
    step("ปิดการรวมประเด็น")
    resolution = record.resolution
    if resolution is not None:
        await run(
            RecordResolution(
                submission_id=sid,
                resolved_on=resolution.resolved_on,
                decision_th=resolution.decision_th,
                notified_on=resolution.notified_on,
                assignments=[
                    Assignment(
                        recommendation_id=rec_ids[a.recommendation - 1],
                        lead_agency=a.lead_agency,
                        agencies=a.agencies,
                        due_on=a.due_on,
                    )
                    for a in resolution.assignments
                ],
            )
        )
    step("มติคณะรัฐมนตรี")
    for a in record.answers:  # in the order they arrived: numbered so (๑.๑, ๑.๒ …)
        await run(
            SendAnswer(
                recommendation_id=rec_ids[a.recommendation - 1],
                agency=a.agency,
                opinion_th=a.opinion_th,
                received_on=a.received_on,
            )
        )
        step("ความเห็นของหน่วยงาน")
    step("เสร็จแล้ว")
    after = app.recorder.max_notification_id() or 0
    return ImportResult(
        year_be=year,
        submission_id=str(sid),
        recommendation_ids=[str(r) for r in rec_ids],
        recommendations=len(rec_ids),
        assignments=len(resolution.assignments) if resolution else 0,
        answers=len(record.answers),
        events=after - before,
    )


async def _submission(
    svc: Services, actor: Actor, record: Record, sid: UUID, rec_ids: list[UUID]
) -> None:
    if svc.assembly.exists(sid):
        return
    s = record.submission
    signatory = await service.signatory(svc, s.signatory_name)  # the name stays out of events
    await svc.run(
        ComposeSubmission(
            year_be=record.edition.year_be,
            submission_id=sid,
            recommendation_ids=rec_ids,
            subject_th=s.subject_th,
            to_th=s.to_th,
            reference_th=s.reference_th,
            enclosures=s.enclosures,
            body=s.body,
            signatory_id=signatory,
            signatory_position=s.signatory_position,
            owner_unit=s.owner_unit,
            department=s.department,
            phone=s.phone,
            fax=s.fax,
            email=s.email,
        ),
        actor,
    )

"""National recommendations (ข้อเสนอแนะระดับชาติ): the secretariat rolls provincial issues from
across the country up into recommendations to the Cabinet, naming the agencies concerned.

In a live edition a recommendation stands on at least one provincial issue. A past edition
entered from the paper record may hold recommendations without issues: they are marked so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar
from uuid import UUID, uuid4

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly.commands import Command, Handler
from assembly.consolidation import IssueStatus, ProvincialIssue, Year, live_edition
from assembly.errors import Conflict, Invalid, NotFound

if TYPE_CHECKING:
    from assembly.actors import Actor
    from assembly.application import Assembly
    from assembly.editions import Edition

Agency = Annotated[str, msgspec.Meta(min_length=2, max_length=200)]
Agencies = Annotated[list[Agency], msgspec.Meta(max_length=50)]
IssueIds = Annotated[list[UUID], msgspec.Meta(max_length=5_000)]

LABELS = {
    "title_th": "ชื่อข้อเสนอแนะ",
    "text_th": "ข้อเสนอแนะ",
    "issue_ids": "ประเด็นระดับจังหวัด",
    "issue_id": "ประเด็นระดับจังหวัด",
    "agencies": "หน่วยงานที่เกี่ยวข้อง",
    "version": "ฉบับ",
}


class RecommendationCommand(Command):
    labels: ClassVar[dict[str, str]] = LABELS
    multiline: ClassVar[frozenset[str]] = frozenset({"text_th"})


class CreateRecommendation(RecommendationCommand, kw_only=True):
    year_be: Year
    title_th: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    text_th: Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]
    issue_ids: IssueIds = msgspec.field(default_factory=list)
    agencies: Agencies = msgspec.field(default_factory=list)
    recommendation_id: UUID = msgspec.field(default_factory=uuid4)


class ReviseRecommendation(RecommendationCommand, kw_only=True):
    recommendation_id: UUID
    version: Annotated[int, msgspec.Meta(ge=1)]
    title_th: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    text_th: Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]
    agencies: Agencies = msgspec.field(default_factory=list)


class AddIssue(RecommendationCommand):
    recommendation_id: UUID
    issue_id: UUID


class RemoveIssue(RecommendationCommand):
    recommendation_id: UUID
    issue_id: UUID


class Recommendation(Aggregate):
    class Created(Aggregate.Created):
        recommendation_id: UUID
        year_be: int
        title_th: str
        text_th: str
        issue_ids: list[UUID]
        agencies: list[str]
        from_paper_record: bool  # a past edition's recommendation with no issues on record
        by: str

    class Revised(Aggregate.Event):
        title_th: str
        text_th: str
        agencies: list[str]
        by: str

    class IssueAdded(Aggregate.Event):
        issue_id: UUID
        by: str

    class IssueRemoved(Aggregate.Event):
        issue_id: UUID
        by: str

    @event(Created)
    def __init__(
        self,
        recommendation_id: UUID,
        year_be: int,
        title_th: str,
        text_th: str,
        issue_ids: list[UUID],
        agencies: list[str],
        from_paper_record: bool,
        by: str,
    ) -> None:
        self.year_be = year_be
        self.title_th = title_th
        self.text_th = text_th
        self.issue_ids = list(issue_ids)
        self.agencies = list(agencies)
        self.from_paper_record = from_paper_record

    @classmethod
    def create_id(cls, recommendation_id: UUID, **_: object) -> UUID:
        return recommendation_id

    @event(Revised)
    def revise(self, title_th: str, text_th: str, agencies: list[str], by: str) -> None:
        self.title_th = title_th
        self.text_th = text_th
        self.agencies = list(agencies)

    @event(IssueAdded)
    def add_issue(self, issue_id: UUID, by: str) -> None:
        self.issue_ids.append(issue_id)

    @event(IssueRemoved)
    def remove_issue(self, issue_id: UUID, by: str) -> None:
        self.issue_ids.remove(issue_id)


def _agencies(agencies: list[str]) -> list[str]:
    return list(dict.fromkeys(a.strip() for a in agencies if a.strip()))


def _check_issues(app: Assembly, issue_ids: list[UUID], year_be: int) -> None:
    if len(set(issue_ids)) != len(issue_ids):
        raise Invalid("มีประเด็นซ้ำกันในรายการ", field="issue_ids")
    found = app.load_many(issue_ids)
    for iid in issue_ids:
        issue = found.get(iid)
        if not isinstance(issue, ProvincialIssue) or issue.year_be != year_be:
            raise NotFound(f"ไม่พบประเด็นระดับจังหวัด {iid} ในการประชุมปีนี้", field="issue_ids")
        if issue.status is not IssueStatus.OPEN:
            raise Conflict(
                f"ประเด็น “{issue.title_th}” ถูกรวมหรือยกเลิกแล้ว ใช้ประเด็นที่รวมไว้แทน",
                field="issue_ids",
                code="issue_closed",
            )


def _needs_issues(edition: Edition) -> None:
    if not edition.from_paper:
        raise Invalid(
            "ข้อเสนอแนะระดับชาติต้องมีประเด็นระดับจังหวัดรองรับอย่างน้อยหนึ่งประเด็น",
            field="issue_ids",
            code="no_issues",
        )


def create_recommendation(
    app: Assembly, cmd: CreateRecommendation, actor: Actor
) -> list[Aggregate]:
    edition = live_edition(app, cmd.year_be)
    if not cmd.issue_ids:
        _needs_issues(edition)
    if app.exists(cmd.recommendation_id):
        raise Conflict("มีข้อเสนอแนะนี้อยู่แล้ว", code="recommendation_exists")
    _check_issues(app, cmd.issue_ids, cmd.year_be)
    return [
        Recommendation(
            recommendation_id=cmd.recommendation_id,
            year_be=cmd.year_be,
            title_th=cmd.title_th,
            text_th=cmd.text_th,
            issue_ids=cmd.issue_ids,
            agencies=_agencies(cmd.agencies),
            from_paper_record=not cmd.issue_ids,
            by=actor.ref,
        )
    ]


def _recommendation(app: Assembly, recommendation_id: UUID) -> Recommendation:
    found = app.load(recommendation_id, Recommendation)
    if found is None:
        raise NotFound("ไม่พบข้อเสนอแนะนี้", field="recommendation_id")
    return found


def revise_recommendation(
    app: Assembly, cmd: ReviseRecommendation, actor: Actor
) -> list[Aggregate]:
    rec = _recommendation(app, cmd.recommendation_id)
    live_edition(app, rec.year_be)
    if cmd.version != rec.version:
        raise Conflict(
            "ข้อเสนอแนะนี้ถูกแก้ไขโดยผู้อื่นแล้ว กรุณาโหลดฉบับล่าสุดก่อนแก้ไขต่อ", field="version", code="stale"
        )
    agencies = _agencies(cmd.agencies)
    if (cmd.title_th, cmd.text_th, agencies) == (rec.title_th, rec.text_th, rec.agencies):
        return []
    rec.revise(cmd.title_th, cmd.text_th, agencies, by=actor.ref)
    return [rec]


def add_issue(app: Assembly, cmd: AddIssue, actor: Actor) -> list[Aggregate]:
    rec = _recommendation(app, cmd.recommendation_id)
    live_edition(app, rec.year_be)
    if cmd.issue_id in rec.issue_ids:
        return []
    _check_issues(app, [cmd.issue_id], rec.year_be)
    rec.add_issue(cmd.issue_id, by=actor.ref)
    return [rec]


def remove_issue(app: Assembly, cmd: RemoveIssue, actor: Actor) -> list[Aggregate]:
    rec = _recommendation(app, cmd.recommendation_id)
    edition = live_edition(app, rec.year_be)
    if cmd.issue_id not in rec.issue_ids:
        raise Conflict("ประเด็นนี้ไม่ได้อยู่ในข้อเสนอแนะนี้", field="issue_id", code="not_in_recommendation")
    if len(rec.issue_ids) == 1:
        _needs_issues(edition)
    rec.remove_issue(cmd.issue_id, by=actor.ref)
    return [rec]


HANDLERS: dict[type[Command], Handler] = {
    CreateRecommendation: create_recommendation,
    ReviseRecommendation: revise_recommendation,
    AddIssue: add_issue,
    RemoveIssue: remove_issue,
}

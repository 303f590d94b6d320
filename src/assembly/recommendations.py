"""National recommendations (ข้อเสนอแนะระดับชาติ): the secretariat rolls provincial issues from
across the country up into recommendations to the Cabinet, naming the agencies concerned.

In a live edition a recommendation stands on at least one provincial issue. A past edition
entered from the paper record may hold recommendations without issues: they are marked so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, ClassVar
from uuid import UUID, uuid4

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor
from assembly.commands import Command, changed, route
from assembly.consolidation.commands import Year
from assembly.consolidation.issues import IssueStatus, ProvincialIssue
from assembly.editions import Edition, get_edition, live_edition
from assembly.errors import Conflict, Invalid, NotFound
from assembly.store import Store

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
    "category": "หมวดหมู่",
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


class ClassifyRecommendation(RecommendationCommand, kw_only=True):
    """A paper record's recommendation given its theme (a live one takes its issues')."""

    recommendation_id: UUID
    category: Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]


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

    class Classified(Aggregate.Event):
        """A paper record's recommendation was given its theme (an edition's category)."""

        category: str
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
        self.category: str | None = None

    @classmethod
    def create_id(cls, recommendation_id: UUID, **_: object) -> UUID:
        return recommendation_id

    @classmethod
    def create(
        cls,
        recommendation_id: UUID,
        edition: Edition,
        title_th: str,
        text_th: str,
        issues: Mapping[UUID, Aggregate],
        issue_ids: list[UUID],
        agencies: list[str],
        actor: Actor,
    ) -> Recommendation:
        """It stands on open issues of its edition (a paper record's may stand on none)."""
        edition.check_live()
        if not issue_ids:
            _needs_issues(edition)
        _check_issues(issues, issue_ids, edition.year_be)
        return cls(
            recommendation_id=recommendation_id,
            year_be=edition.year_be,
            title_th=title_th,
            text_th=text_th,
            issue_ids=issue_ids,
            agencies=_agencies(agencies),
            from_paper_record=not issue_ids,
            by=actor.ref,
        )

    def revise(
        self,
        title_th: str,
        text_th: str,
        agencies: list[str],
        version: int,
        edition: Edition,
        actor: Actor,
    ) -> None:
        """`version` is the one the editor started from; the same text again changes nothing."""
        edition.check_live()
        if version != self.version:
            raise Conflict(
                "ข้อเสนอแนะนี้ถูกแก้ไขโดยผู้อื่นแล้ว กรุณาโหลดฉบับล่าสุดก่อนแก้ไขต่อ",
                field="version",
                code="stale",
            )
        agencies = _agencies(agencies)
        if (title_th, text_th, agencies) != (self.title_th, self.text_th, self.agencies):
            self._revise(title_th, text_th, agencies, by=actor.ref)

    @event(Revised)
    def _revise(self, title_th: str, text_th: str, agencies: list[str], by: str) -> None:
        self.title_th = title_th
        self.text_th = text_th
        self.agencies = list(agencies)

    def add_issue(
        self, issue_id: UUID, issues: Mapping[UUID, Aggregate], edition: Edition, actor: Actor
    ) -> None:
        """One more open issue of the edition; adding twice is a no-op."""
        edition.check_live()
        if issue_id in self.issue_ids:
            return
        _check_issues(issues, [issue_id], self.year_be)
        self._add_issue(issue_id, by=actor.ref)

    @event(IssueAdded)
    def _add_issue(self, issue_id: UUID, by: str) -> None:
        self.issue_ids.append(issue_id)

    def remove_issue(self, issue_id: UUID, edition: Edition, actor: Actor) -> None:
        """Never the last one of a live edition's recommendation."""
        edition.check_live()
        if issue_id not in self.issue_ids:
            raise Conflict(
                "ประเด็นนี้ไม่ได้อยู่ในข้อเสนอแนะนี้", field="issue_id", code="not_in_recommendation"
            )
        if len(self.issue_ids) == 1:
            _needs_issues(edition)
        self._remove_issue(issue_id, by=actor.ref)

    @event(IssueRemoved)
    def _remove_issue(self, issue_id: UUID, by: str) -> None:
        self.issue_ids.remove(issue_id)

    def classify(self, category: str, edition: Edition, actor: Actor) -> None:
        """Only a paper record's; the same theme again changes nothing. Allowed after the
        edition was finalized: it files history, it does not change what was sent."""
        if not self.from_paper_record:
            raise Conflict(
                "ข้อเสนอแนะที่มีประเด็นระดับจังหวัดรองรับใช้หมวดหมู่ของประเด็น กำหนดหมวดหมู่เองไม่ได้",
                message_en="a live recommendation takes its theme from its issues",
                field="category",
                code="not_paper_record",
            )
        edition.check_category(category)
        if category != self.category:
            self._classify(category, by=actor.ref)

    @event(Classified)
    def _classify(self, category: str, by: str) -> None:
        self.category = category


def _agencies(agencies: list[str]) -> list[str]:
    return list(dict.fromkeys(a.strip() for a in agencies if a.strip()))


def _check_issues(found: Mapping[UUID, Aggregate], issue_ids: list[UUID], year_be: int) -> None:
    if len(set(issue_ids)) != len(issue_ids):
        raise Invalid("มีประเด็นซ้ำกันในรายการ", field="issue_ids")
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


def create_recommendation(store: Store, cmd: CreateRecommendation, actor: Actor) -> list[Aggregate]:
    edition = live_edition(store, cmd.year_be)
    if not cmd.issue_ids:
        _needs_issues(edition)
    if store.exists(cmd.recommendation_id):
        raise Conflict("มีข้อเสนอแนะนี้อยู่แล้ว", code="recommendation_exists")
    issues = store.load_many(cmd.issue_ids)
    recommendation = Recommendation.create(
        cmd.recommendation_id,
        edition,
        cmd.title_th,
        cmd.text_th,
        issues,
        cmd.issue_ids,
        cmd.agencies,
        actor,
    )
    return [recommendation]


def _recommendation(store: Store, recommendation_id: UUID) -> Recommendation:
    found = store.load(recommendation_id, Recommendation)
    if found is None:
        raise NotFound("ไม่พบข้อเสนอแนะนี้", field="recommendation_id")
    return found


def revise_recommendation(store: Store, cmd: ReviseRecommendation, actor: Actor) -> list[Aggregate]:
    rec = _recommendation(store, cmd.recommendation_id)
    edition = get_edition(store, rec.year_be)
    rec.revise(cmd.title_th, cmd.text_th, cmd.agencies, cmd.version, edition, actor)
    return changed(rec)


def add_issue(store: Store, cmd: AddIssue, actor: Actor) -> list[Aggregate]:
    rec = _recommendation(store, cmd.recommendation_id)
    edition = get_edition(store, rec.year_be)
    issues = {} if cmd.issue_id in rec.issue_ids else store.load_many([cmd.issue_id])
    rec.add_issue(cmd.issue_id, issues, edition, actor)
    return changed(rec)


def remove_issue(store: Store, cmd: RemoveIssue, actor: Actor) -> list[Aggregate]:
    rec = _recommendation(store, cmd.recommendation_id)
    edition = get_edition(store, rec.year_be)
    rec.remove_issue(cmd.issue_id, edition, actor)
    return [rec]


def classify_recommendation(
    store: Store, cmd: ClassifyRecommendation, actor: Actor
) -> list[Aggregate]:
    rec = _recommendation(store, cmd.recommendation_id)
    rec.classify(cmd.category, get_edition(store, rec.year_be), actor)
    return changed(rec)


HANDLERS = dict(
    [
        route(CreateRecommendation, create_recommendation),
        route(ReviseRecommendation, revise_recommendation),
        route(AddIssue, add_issue),
        route(RemoveIssue, remove_issue),
        route(ClassifyRecommendation, classify_recommendation),
    ]
)

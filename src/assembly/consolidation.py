"""Consolidation: a province's coordinator groups its submitted proposals into provincial
issues (ประเด็นปัญหาระดับจังหวัด), writes each issue's summary and recommendation, and ranks them.

A proposal is never deleted or rewritten here. Taking it into an issue records
`Proposal.Consolidated` on the proposal and `ProposalAttached` on the issue, in one save, so
a proposal is in at most one issue at a time (two coordinators racing for it: the second
save meets a newer proposal version and decides again). Merging and splitting move
proposals between issues; each move is an event on every aggregate involved, so the
lineage of every proposal can be replayed.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly.commands import Command, Handler
from assembly.editions import Edition, edition_id
from assembly.errors import Conflict, Invalid, NotFound
from assembly.policy_scope import check_scope
from assembly.proposals import CategoryCode, Proposal, Status

if TYPE_CHECKING:
    from assembly.actors import Actor
    from assembly.application import Assembly

MAX_PROPOSALS = 2_000  # in one command: a province's whole year fits
ProvinceCode = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{2}$")]
Year = Annotated[int, msgspec.Meta(ge=2500, le=2700)]
IssueTitle = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
IssueText = Annotated[str, msgspec.Meta(max_length=20_000)]
ProposalIds = Annotated[list[UUID], msgspec.Meta(max_length=MAX_PROPOSALS)]

LABELS = {
    "title_th": "ชื่อประเด็น",
    "summary_th": "สรุปสภาพปัญหา",
    "recommendation_th": "ข้อเสนอของจังหวัด",
    "category": "หมวดหมู่",
    "proposal_ids": "ข้อเสนอ",
    "proposal_id": "ข้อเสนอ",
    "issue_ids": "ประเด็น",
    "into_issue_id": "ประเด็นปลายทาง",
    "to_issue_id": "ประเด็นปลายทาง",
    "version": "ฉบับ",
}


class IssueStatus(StrEnum):
    OPEN = "open"
    MERGED = "merged"  # its proposals went into another issue
    DISSOLVED = "dissolved"  # its proposals went back to the unconsolidated pile


def board_id(year_be: int, province_code: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"assembly:board:{year_be}:{province_code}")


# --- commands ---


class IssueCommand(Command):
    labels: ClassVar[dict[str, str]] = LABELS
    multiline: ClassVar[frozenset[str]] = frozenset({"summary_th", "recommendation_th"})


class CreateIssue(IssueCommand, kw_only=True):
    """Group proposals of one province into a new issue (by hand or from a suggestion)."""

    year_be: Year
    province_code: ProvinceCode
    title_th: IssueTitle
    summary_th: IssueText = ""
    category: CategoryCode | None = None
    proposal_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=MAX_PROPOSALS)]
    from_suggestion: bool = False
    issue_id: UUID = msgspec.field(default_factory=uuid4)


class ReviseIssue(IssueCommand, kw_only=True):
    """Write the issue's title, summary, recommendation and theme. `version` is the version
    the editor started from: a later save by someone else is never overwritten."""

    issue_id: UUID
    version: Annotated[int, msgspec.Meta(ge=1)]
    title_th: IssueTitle
    summary_th: IssueText = ""
    recommendation_th: IssueText = ""
    category: CategoryCode | None = None


class AttachProposal(IssueCommand):
    issue_id: UUID
    proposal_id: UUID


class DetachProposal(IssueCommand):
    issue_id: UUID
    proposal_id: UUID


class MoveProposal(IssueCommand):
    """Take a proposal out of its issue and into another one of the province."""

    proposal_id: UUID
    to_issue_id: UUID


class MergeIssues(IssueCommand):
    """All of `issue_id`'s proposals go into `into_issue_id`; `issue_id` is closed as merged."""

    issue_id: UUID
    into_issue_id: UUID


class SplitIssue(IssueCommand, kw_only=True):
    """Some of an issue's proposals become a new issue."""

    issue_id: UUID
    proposal_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=MAX_PROPOSALS)]
    title_th: IssueTitle
    new_issue_id: UUID = msgspec.field(default_factory=uuid4)


class DissolveIssue(IssueCommand):
    """Undo an issue: its proposals go back to the unconsolidated pile."""

    issue_id: UUID


class RankIssues(IssueCommand):
    """The province's order of importance (first is most important)."""

    year_be: Year
    province_code: ProvinceCode
    issue_ids: ProposalIds


class RejectSuggestion(IssueCommand):
    """The coordinator says these proposals do not belong together: not suggested again."""

    year_be: Year
    province_code: ProvinceCode
    proposal_ids: Annotated[list[UUID], msgspec.Meta(min_length=2, max_length=MAX_PROPOSALS)]


# --- aggregates ---


class ProvincialIssue(Aggregate):
    class Created(Aggregate.Created):
        issue_id: UUID
        year_be: int
        province_code: str
        title_th: str
        summary_th: str
        category: str | None
        proposal_ids: list[UUID]
        split_from: UUID | None
        from_suggestion: bool
        by: str

    class Revised(Aggregate.Event):
        title_th: str
        summary_th: str
        recommendation_th: str
        category: str | None
        by: str

    class ProposalAttached(Aggregate.Event):
        proposal_id: UUID
        by: str

    class ProposalDetached(Aggregate.Event):
        proposal_id: UUID
        by: str

    class MergedInto(Aggregate.Event):
        into_issue_id: UUID
        proposal_ids: list[UUID]
        by: str

    class Absorbed(Aggregate.Event):
        from_issue_id: UUID
        proposal_ids: list[UUID]
        by: str

    class SplitOff(Aggregate.Event):
        new_issue_id: UUID
        proposal_ids: list[UUID]
        by: str

    class Dissolved(Aggregate.Event):
        proposal_ids: list[UUID]
        by: str

    @event(Created)
    def __init__(
        self,
        issue_id: UUID,
        year_be: int,
        province_code: str,
        title_th: str,
        summary_th: str,
        category: str | None,
        proposal_ids: list[UUID],
        split_from: UUID | None,
        from_suggestion: bool,
        by: str,
    ) -> None:
        self.year_be = year_be
        self.province_code = province_code
        self.title_th = title_th
        self.summary_th = summary_th
        self.recommendation_th = ""
        self.category = category
        self.proposal_ids = list(proposal_ids)
        self.split_from = split_from
        self.status = IssueStatus.OPEN
        self.merged_into: UUID | None = None

    @classmethod
    def create_id(cls, issue_id: UUID, **_: object) -> UUID:
        return issue_id

    @event(Revised)
    def revise(
        self,
        title_th: str,
        summary_th: str,
        recommendation_th: str,
        category: str | None,
        by: str,
    ) -> None:
        self.title_th = title_th
        self.summary_th = summary_th
        self.recommendation_th = recommendation_th
        self.category = category

    @event(ProposalAttached)
    def attach(self, proposal_id: UUID, by: str) -> None:
        self.proposal_ids.append(proposal_id)

    @event(ProposalDetached)
    def detach(self, proposal_id: UUID, by: str) -> None:
        self.proposal_ids.remove(proposal_id)

    @event(MergedInto)
    def merge_into(self, into_issue_id: UUID, proposal_ids: list[UUID], by: str) -> None:
        self.proposal_ids = []
        self.status = IssueStatus.MERGED
        self.merged_into = into_issue_id

    @event(Absorbed)
    def absorb(self, from_issue_id: UUID, proposal_ids: list[UUID], by: str) -> None:
        self.proposal_ids.extend(proposal_ids)

    @event(SplitOff)
    def split_off(self, new_issue_id: UUID, proposal_ids: list[UUID], by: str) -> None:
        gone = set(proposal_ids)
        self.proposal_ids = [p for p in self.proposal_ids if p not in gone]

    @event(Dissolved)
    def dissolve(self, proposal_ids: list[UUID], by: str) -> None:
        self.proposal_ids = []
        self.status = IssueStatus.DISSOLVED


class ProvinceBoard(Aggregate):
    """What belongs to a province's consolidation as a whole: the ranking of its issues and
    the machine's suggestions the coordinator turned down."""

    class Opened(Aggregate.Created):
        year_be: int
        province_code: str

    # Each event names its edition and province, so a reader needs no other event to place it.
    class Ranked(Aggregate.Event):
        year_be: int
        province_code: str
        issue_ids: list[UUID]
        by: str

    class SuggestionRejected(Aggregate.Event):
        year_be: int
        province_code: str
        proposal_ids: list[UUID]
        by: str

    @event(Opened)
    def __init__(self, year_be: int, province_code: str) -> None:
        self.year_be = year_be
        self.province_code = province_code
        self.ranking: list[UUID] = []
        self.rejected: set[frozenset[UUID]] = set()

    @classmethod
    def create_id(cls, year_be: int, province_code: str) -> UUID:
        return board_id(year_be, province_code)

    def rank(self, issue_ids: list[UUID], by: str) -> None:
        self._rank(self.year_be, self.province_code, issue_ids, by)

    @event(Ranked)
    def _rank(self, year_be: int, province_code: str, issue_ids: list[UUID], by: str) -> None:
        self.ranking = list(issue_ids)

    def reject(self, proposal_ids: list[UUID], by: str) -> None:
        self._reject(self.year_be, self.province_code, proposal_ids, by)

    @event(SuggestionRejected)
    def _reject(self, year_be: int, province_code: str, proposal_ids: list[UUID], by: str) -> None:
        self.rejected.add(frozenset(proposal_ids))


# --- handlers ---


def live_edition(app: Assembly, year_be: int) -> Edition:
    """The edition, refusing once its submission was finalized (consolidation is frozen)."""
    edition = app.load(edition_id(year_be), Edition)
    if edition is None:
        raise NotFound(f"ไม่พบการประชุมประจำปี {year_be}", field="year_be")
    if edition.finalized:
        raise Conflict(
            "การประชุมปีนี้สรุปข้อเสนอต่อคณะรัฐมนตรีแล้ว แก้ไขการรวมประเด็นไม่ได้",
            message_en="the edition's submission was finalized",
            code="finalized",
        )
    return edition


def _issue(app: Assembly, issue_id: UUID, actor: Actor, field: str = "issue_id") -> ProvincialIssue:
    issue = app.load(issue_id, ProvincialIssue)
    if issue is None:
        raise NotFound("ไม่พบประเด็นนี้", field=field)
    check_scope(actor, province_code=issue.province_code)
    if issue.status is not IssueStatus.OPEN:
        raise Conflict(_closed(issue), field=field, code="issue_closed")
    return issue


def _closed(issue: ProvincialIssue) -> str:
    if issue.status is IssueStatus.MERGED:
        return f"ประเด็น “{issue.title_th}” ถูกรวมเข้ากับประเด็นอื่นแล้ว"
    return f"ประเด็น “{issue.title_th}” ถูกยกเลิกแล้ว"


def _check_category(edition: Edition, category: str | None) -> None:
    if category is not None and category not in {code for code, _ in edition.categories}:
        raise Invalid(f"ไม่มีหมวดหมู่ “{category}” ในการประชุมปีนี้", field="category")


def _takeable(
    app: Assembly, proposal_ids: list[UUID], year_be: int, province_code: str
) -> list[Proposal]:
    """Proposals that may go into an issue of this province: submitted, of this edition and
    province, and in no issue yet (one in another issue is moved explicitly, never taken)."""
    if len(set(proposal_ids)) != len(proposal_ids):
        raise Invalid("มีข้อเสนอซ้ำกันในรายการ", field="proposal_ids")
    found = app.load_many(proposal_ids)
    out = []
    for pid in proposal_ids:
        proposal = found.get(pid)
        if not isinstance(proposal, Proposal):
            raise NotFound(f"ไม่พบข้อเสนอ {pid}", field="proposal_ids")
        title = str(proposal.content.get("title_th") or "(ไม่มีชื่อ)")
        if proposal.province_code != province_code or proposal.year_be != year_be:
            raise Invalid(
                f"ข้อเสนอ “{title}” เป็นของจังหวัดอื่นหรือปีอื่น รวมไว้ในประเด็นนี้ไม่ได้",
                field="proposal_ids",
                code="other_province",
            )
        if proposal.status is Status.CONSOLIDATED:
            raise Conflict(
                f"ข้อเสนอ “{title}” อยู่ในประเด็นอื่นแล้ว ใช้คำสั่งย้ายข้อเสนอแทน",
                field="proposal_ids",
                code="already_in_issue",
            )
        if proposal.status is not Status.SUBMITTED:
            raise Conflict(
                f"ข้อเสนอ “{title}” ยังไม่ได้ส่งหรือถูกถอนแล้ว รวมเป็นประเด็นได้เฉพาะข้อเสนอที่ส่งแล้ว",
                field="proposal_ids",
                code="not_submitted",
            )
        out.append(proposal)
    return out


def create_issue(app: Assembly, cmd: CreateIssue, actor: Actor) -> list[Aggregate]:
    check_scope(actor, province_code=cmd.province_code)
    edition = live_edition(app, cmd.year_be)
    _check_category(edition, cmd.category)
    if app.exists(cmd.issue_id):
        raise Conflict("มีประเด็นนี้อยู่แล้ว", code="issue_exists")
    taken = _takeable(app, cmd.proposal_ids, cmd.year_be, cmd.province_code)
    issue = ProvincialIssue(
        issue_id=cmd.issue_id,
        year_be=cmd.year_be,
        province_code=cmd.province_code,
        title_th=cmd.title_th,
        summary_th=cmd.summary_th,
        category=cmd.category,
        proposal_ids=cmd.proposal_ids,
        split_from=None,
        from_suggestion=cmd.from_suggestion,
        by=actor.ref,
    )
    for proposal in taken:
        proposal.consolidate(issue.id, by=actor.ref)
    return [issue, *taken]


def revise_issue(app: Assembly, cmd: ReviseIssue, actor: Actor) -> list[Aggregate]:
    issue = _issue(app, cmd.issue_id, actor)
    edition = live_edition(app, issue.year_be)
    _check_category(edition, cmd.category)
    if cmd.version != issue.version:
        raise Conflict(
            "ประเด็นนี้ถูกแก้ไขโดยผู้อื่นหรือจากอีกหน้าหนึ่งแล้ว กรุณาโหลดฉบับล่าสุดก่อนแก้ไขต่อ",
            field="version",
            code="stale",
        )
    new = (cmd.title_th, cmd.summary_th, cmd.recommendation_th, cmd.category)
    if new == (issue.title_th, issue.summary_th, issue.recommendation_th, issue.category):
        return []
    issue.revise(*new, by=actor.ref)
    return [issue]


def attach_proposal(app: Assembly, cmd: AttachProposal, actor: Actor) -> list[Aggregate]:
    issue = _issue(app, cmd.issue_id, actor)
    live_edition(app, issue.year_be)
    if cmd.proposal_id in issue.proposal_ids:
        return []  # attaching twice is a no-op
    (proposal,) = _takeable(app, [cmd.proposal_id], issue.year_be, issue.province_code)
    issue.attach(cmd.proposal_id, by=actor.ref)
    proposal.consolidate(issue.id, by=actor.ref)
    return [issue, proposal]


def detach_proposal(app: Assembly, cmd: DetachProposal, actor: Actor) -> list[Aggregate]:
    issue = _issue(app, cmd.issue_id, actor)
    live_edition(app, issue.year_be)
    if cmd.proposal_id not in issue.proposal_ids:
        raise Conflict("ข้อเสนอนี้ไม่ได้อยู่ในประเด็นนี้", field="proposal_id", code="not_in_issue")
    if len(issue.proposal_ids) == 1:
        raise Conflict(
            "ประเด็นต้องมีข้อเสนออย่างน้อยหนึ่งรายการ: รวมเข้ากับประเด็นอื่น หรือยกเลิกประเด็นแทน",
            field="proposal_id",
            code="last_proposal",
        )
    proposal = app.load(cmd.proposal_id, Proposal)
    assert proposal is not None  # it is in the issue, so it exists
    issue.detach(cmd.proposal_id, by=actor.ref)
    proposal.release(issue.id, by=actor.ref)
    return [issue, proposal]


def move_proposal(app: Assembly, cmd: MoveProposal, actor: Actor) -> list[Aggregate]:
    proposal = app.load(cmd.proposal_id, Proposal)
    if proposal is None:
        raise NotFound("ไม่พบข้อเสนอนี้", field="proposal_id")
    target = _issue(app, cmd.to_issue_id, actor, field="to_issue_id")
    live_edition(app, target.year_be)
    if proposal.issue_id == target.id:
        return []  # already there
    if proposal.issue_id is None:
        raise Conflict(
            "ข้อเสนอนี้ยังไม่อยู่ในประเด็นใด ใช้คำสั่งเพิ่มข้อเสนอเข้าประเด็นแทน",
            field="proposal_id",
            code="not_in_issue",
        )
    source = _issue(app, proposal.issue_id, actor)
    if source.province_code != target.province_code or source.year_be != target.year_be:
        raise Invalid("ย้ายได้เฉพาะระหว่างประเด็นของจังหวัดเดียวกัน", field="to_issue_id")
    if len(source.proposal_ids) == 1:
        raise Conflict(
            "ข้อเสนอนี้เป็นรายการเดียวของประเด็นเดิม: รวมประเด็นทั้งสองแทนการย้าย",
            field="proposal_id",
            code="last_proposal",
        )
    source.detach(proposal.id, by=actor.ref)
    target.attach(proposal.id, by=actor.ref)
    proposal.consolidate(target.id, by=actor.ref)
    return [source, target, proposal]


def merge_issues(app: Assembly, cmd: MergeIssues, actor: Actor) -> list[Aggregate]:
    if cmd.issue_id == cmd.into_issue_id:
        raise Invalid("รวมประเด็นกับตัวเองไม่ได้", field="into_issue_id", code="same_issue")
    source = _issue(app, cmd.issue_id, actor)
    target = _issue(app, cmd.into_issue_id, actor, field="into_issue_id")
    if source.province_code != target.province_code or source.year_be != target.year_be:
        raise Invalid("รวมได้เฉพาะประเด็นของจังหวัดเดียวกัน", field="into_issue_id")
    live_edition(app, target.year_be)
    moved = list(source.proposal_ids)
    proposals = _load_proposals(app, moved)
    source.merge_into(target.id, moved, by=actor.ref)
    target.absorb(source.id, moved, by=actor.ref)
    for proposal in proposals:
        proposal.consolidate(target.id, by=actor.ref)
    return [source, target, *proposals]


def split_issue(app: Assembly, cmd: SplitIssue, actor: Actor) -> list[Aggregate]:
    source = _issue(app, cmd.issue_id, actor)
    live_edition(app, source.year_be)
    chosen = list(dict.fromkeys(cmd.proposal_ids))
    outside = [p for p in chosen if p not in source.proposal_ids]
    if outside:
        raise Invalid("แยกได้เฉพาะข้อเสนอที่อยู่ในประเด็นนี้", field="proposal_ids", code="not_in_issue")
    if len(chosen) == len(source.proposal_ids):
        raise Invalid(
            "ต้องเหลือข้อเสนออย่างน้อยหนึ่งรายการในประเด็นเดิม", field="proposal_ids", code="split_all"
        )
    if app.exists(cmd.new_issue_id):
        raise Conflict("มีประเด็นนี้อยู่แล้ว", code="issue_exists")
    proposals = _load_proposals(app, chosen)
    new = ProvincialIssue(
        issue_id=cmd.new_issue_id,
        year_be=source.year_be,
        province_code=source.province_code,
        title_th=cmd.title_th,
        summary_th="",
        category=source.category,
        proposal_ids=chosen,
        split_from=source.id,
        from_suggestion=False,
        by=actor.ref,
    )
    source.split_off(new.id, chosen, by=actor.ref)
    for proposal in proposals:
        proposal.consolidate(new.id, by=actor.ref)
    return [source, new, *proposals]


def dissolve_issue(app: Assembly, cmd: DissolveIssue, actor: Actor) -> list[Aggregate]:
    issue = _issue(app, cmd.issue_id, actor)
    live_edition(app, issue.year_be)
    released = list(issue.proposal_ids)
    proposals = _load_proposals(app, released)
    issue.dissolve(released, by=actor.ref)
    for proposal in proposals:
        proposal.release(issue.id, by=actor.ref)
    return [issue, *proposals]


def _load_proposals(app: Assembly, proposal_ids: list[UUID]) -> list[Proposal]:
    found = app.load_many(proposal_ids)
    return [p for pid in proposal_ids if isinstance(p := found.get(pid), Proposal)]


def _board(app: Assembly, year_be: int, province_code: str) -> ProvinceBoard:
    board = app.load(board_id(year_be, province_code), ProvinceBoard)
    return board or ProvinceBoard(year_be=year_be, province_code=province_code)


def rank_issues(app: Assembly, cmd: RankIssues, actor: Actor) -> list[Aggregate]:
    check_scope(actor, province_code=cmd.province_code)
    live_edition(app, cmd.year_be)
    if len(set(cmd.issue_ids)) != len(cmd.issue_ids):
        raise Invalid("มีประเด็นซ้ำกันในลำดับ", field="issue_ids")
    found = app.load_many(cmd.issue_ids)
    for iid in cmd.issue_ids:
        issue = found.get(iid)
        if (
            not isinstance(issue, ProvincialIssue)
            or issue.province_code != cmd.province_code
            or issue.year_be != cmd.year_be
        ):
            raise Invalid("มีประเด็นที่ไม่ใช่ของจังหวัดนี้ในลำดับ", field="issue_ids")
        if issue.status is not IssueStatus.OPEN:
            raise Conflict(_closed(issue), field="issue_ids", code="issue_closed")
    board = _board(app, cmd.year_be, cmd.province_code)
    if board.ranking == cmd.issue_ids:
        return []
    board.rank(cmd.issue_ids, by=actor.ref)
    return [board]


def reject_suggestion(app: Assembly, cmd: RejectSuggestion, actor: Actor) -> list[Aggregate]:
    check_scope(actor, province_code=cmd.province_code)
    live_edition(app, cmd.year_be)
    board = _board(app, cmd.year_be, cmd.province_code)
    ids = sorted(set(cmd.proposal_ids))
    if len(ids) < 2:
        raise Invalid("ข้อเสนอแนะการรวมต้องมีข้อเสนออย่างน้อยสองรายการ", field="proposal_ids")
    if frozenset(ids) in board.rejected:
        return []
    found = app.load_many(ids)
    for pid in ids:
        proposal = found.get(pid)
        if not isinstance(proposal, Proposal) or proposal.province_code != cmd.province_code:
            raise Invalid("มีข้อเสนอที่ไม่ใช่ของจังหวัดนี้", field="proposal_ids")
    board.reject(ids, by=actor.ref)
    return [board]


HANDLERS: dict[type[Command], Handler] = {
    CreateIssue: create_issue,
    ReviseIssue: revise_issue,
    AttachProposal: attach_proposal,
    DetachProposal: detach_proposal,
    MoveProposal: move_proposal,
    MergeIssues: merge_issues,
    SplitIssue: split_issue,
    DissolveIssue: dissolve_issue,
    RankIssues: rank_issues,
    RejectSuggestion: reject_suggestion,
}


# --- as it stood ---


def as_of(app: Assembly, aggregate_id: UUID, moment: datetime) -> Aggregate | None:
    """The aggregate as it stood at `moment`, replayed from its events (None: not yet made)."""
    version = None
    for stored in app.events.get(aggregate_id):
        if stored.timestamp > moment:  # type: ignore[attr-defined]
            break
        version = stored.originator_version
    if version is None:
        return None
    return app.repository.get(aggregate_id, version=version)  # type: ignore[no-any-return]

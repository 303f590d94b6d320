"""A provincial issue (ประเด็นปัญหาระดับจังหวัด): proposals of one province grouped, with the
province's summary and recommendation. Its methods check the rules of grouping, then move
the proposals with it: each move is an event on every aggregate involved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor, check_scope
from assembly.editions import Edition
from assembly.errors import Conflict, Invalid
from assembly.proposals import Proposal

# Where this class was defined until issue 9: stored events name it so, and keep doing so
# (the projectors recognise events by their topic; see tests/test_event_log.py).
OLD = "assembly.consolidation:ProvincialIssue"


class IssueStatus(StrEnum):
    OPEN = "open"
    MERGED = "merged"  # its proposals went into another issue
    DISSOLVED = "dissolved"  # its proposals went back to the unconsolidated pile


class ProvincialIssue(Aggregate):
    TOPIC = OLD

    class Created(Aggregate.Created):
        TOPIC = f"{OLD}.Created"
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
        TOPIC = f"{OLD}.Revised"
        title_th: str
        summary_th: str
        recommendation_th: str
        category: str | None
        by: str

    class ProposalAttached(Aggregate.Event):
        TOPIC = f"{OLD}.ProposalAttached"
        proposal_id: UUID
        by: str

    class ProposalDetached(Aggregate.Event):
        TOPIC = f"{OLD}.ProposalDetached"
        proposal_id: UUID
        by: str

    class MergedInto(Aggregate.Event):
        TOPIC = f"{OLD}.MergedInto"
        into_issue_id: UUID
        proposal_ids: list[UUID]
        by: str

    class Absorbed(Aggregate.Event):
        TOPIC = f"{OLD}.Absorbed"
        from_issue_id: UUID
        proposal_ids: list[UUID]
        by: str

    class SplitOff(Aggregate.Event):
        TOPIC = f"{OLD}.SplitOff"
        new_issue_id: UUID
        proposal_ids: list[UUID]
        by: str

    class Dissolved(Aggregate.Event):
        TOPIC = f"{OLD}.Dissolved"
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
        self.absorbed_from: list[UUID] = []  # issues merged into this one (the forum follows)

    @classmethod
    def create_id(cls, issue_id: UUID, **_: object) -> UUID:
        return issue_id

    # --- rules ---

    def holds(self, proposal_id: UUID) -> bool:
        return proposal_id in self.proposal_ids

    def check_scope(self, actor: Actor) -> None:
        """A province's coordinator consolidates that province only."""
        check_scope(actor, province_code=self.province_code)

    def check_open(self, field: str = "issue_id") -> None:
        """A merged or dissolved issue changes no more."""
        if self.status is not IssueStatus.OPEN:
            raise Conflict(self.closed_message(), field=field, code="issue_closed")

    def closed_message(self) -> str:
        if self.status is IssueStatus.MERGED:
            return f"ประเด็น “{self.title_th}” ถูกรวมเข้ากับประเด็นอื่นแล้ว"
        return f"ประเด็น “{self.title_th}” ถูกยกเลิกแล้ว"

    def _check_change(self, edition: Edition, actor: Actor, field: str = "issue_id") -> None:
        self.check_scope(actor)
        self.check_open(field)
        edition.check_live()

    def _check_same_province(self, other: ProvincialIssue, message_th: str, field: str) -> None:
        if other.province_code != self.province_code or other.year_be != self.year_be:
            raise Invalid(message_th, field=field)

    # --- commands ---

    @classmethod
    def create(
        cls,
        issue_id: UUID,
        edition: Edition,
        province_code: str,
        title_th: str,
        summary_th: str,
        category: str | None,
        proposals: Sequence[Proposal],
        from_suggestion: bool,
        actor: Actor,
    ) -> ProvincialIssue:
        """Group submitted proposals of one province, in no issue yet, into a new issue."""
        check_scope(actor, province_code=province_code)
        edition.check_live()
        edition.check_category(category)
        for proposal in proposals:
            proposal.check_takeable(edition.year_be, province_code)
        issue = cls(
            issue_id=issue_id,
            year_be=edition.year_be,
            province_code=province_code,
            title_th=title_th,
            summary_th=summary_th,
            category=category,
            proposal_ids=[p.id for p in proposals],
            split_from=None,
            from_suggestion=from_suggestion,
            by=actor.ref,
        )
        for proposal in proposals:
            proposal.take_into(issue.id, issue.year_be, province_code, actor)
        return issue

    def revise(
        self,
        texts: tuple[str, str, str, str | None],
        version: int,
        edition: Edition,
        actor: Actor,
    ) -> None:
        """Title, summary, recommendation and theme; `version` is the one the editor started
        from (a later save by someone else is never overwritten)."""
        self._check_change(edition, actor)
        edition.check_category(texts[3])
        if version != self.version:
            raise Conflict(
                "ประเด็นนี้ถูกแก้ไขโดยผู้อื่นหรือจากอีกหน้าหนึ่งแล้ว กรุณาโหลดฉบับล่าสุดก่อนแก้ไขต่อ",
                field="version",
                code="stale",
            )
        if texts != (self.title_th, self.summary_th, self.recommendation_th, self.category):
            self._revise(*texts, by=actor.ref)

    @event(Revised)
    def _revise(
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

    def attach(self, proposal: Proposal, edition: Edition, actor: Actor) -> None:
        """Take one more proposal in; attaching twice is a no-op."""
        self._check_change(edition, actor)
        if self.holds(proposal.id):
            return
        proposal.check_takeable(self.year_be, self.province_code)
        self._attach(proposal.id, by=actor.ref)
        proposal.take_into(self.id, self.year_be, self.province_code, actor)

    @event(ProposalAttached)
    def _attach(self, proposal_id: UUID, by: str) -> None:
        self.proposal_ids.append(proposal_id)

    def check_detach(self, proposal_id: UUID, last_message_th: str) -> None:
        """Only a proposal it holds leaves, and never its last one."""
        if not self.holds(proposal_id):
            raise Conflict("ข้อเสนอนี้ไม่ได้อยู่ในประเด็นนี้", field="proposal_id", code="not_in_issue")
        if len(self.proposal_ids) == 1:
            raise Conflict(last_message_th, field="proposal_id", code="last_proposal")

    def detach(self, proposal: Proposal, edition: Edition, actor: Actor) -> None:
        """Back to the submitted pile."""
        self._check_change(edition, actor)
        self.check_detach(proposal.id, LAST_PROPOSAL)
        self._detach(proposal.id, by=actor.ref)
        proposal.release(self.id, actor)

    @event(ProposalDetached)
    def _detach(self, proposal_id: UUID, by: str) -> None:
        self.proposal_ids.remove(proposal_id)

    def take_from(
        self, source: ProvincialIssue, proposal: Proposal, edition: Edition, actor: Actor
    ) -> None:
        """Move a proposal from another issue of the province into this one."""
        self._check_change(edition, actor, field="to_issue_id")
        source.check_scope(actor)
        source.check_open()
        self._check_same_province(
            source, "ย้ายได้เฉพาะระหว่างประเด็นของจังหวัดเดียวกัน", field="to_issue_id"
        )
        source.check_detach(proposal.id, LAST_PROPOSAL_MOVE)
        source._detach(proposal.id, by=actor.ref)
        self._attach(proposal.id, by=actor.ref)
        proposal.move_to(self.id, actor)

    def absorb(
        self, source: ProvincialIssue, proposals: Sequence[Proposal], edition: Edition, actor: Actor
    ) -> None:
        """All of `source`'s proposals come here; `source` is closed as merged."""
        if source.id == self.id:
            raise Invalid("รวมประเด็นกับตัวเองไม่ได้", field="into_issue_id", code="same_issue")
        source.check_scope(actor)
        source.check_open()
        self.check_scope(actor)
        self.check_open("into_issue_id")
        self._check_same_province(source, "รวมได้เฉพาะประเด็นของจังหวัดเดียวกัน", field="into_issue_id")
        edition.check_live()
        moved = list(source.proposal_ids)
        source._merge_into(self.id, moved, by=actor.ref)
        self._absorb(source.id, moved, by=actor.ref)
        for proposal in proposals:
            proposal.move_to(self.id, actor)

    @event(MergedInto)
    def _merge_into(self, into_issue_id: UUID, proposal_ids: list[UUID], by: str) -> None:
        self.proposal_ids = []
        self.status = IssueStatus.MERGED
        self.merged_into = into_issue_id

    @event(Absorbed)
    def _absorb(self, from_issue_id: UUID, proposal_ids: list[UUID], by: str) -> None:
        self.proposal_ids.extend(proposal_ids)
        self.absorbed_from.append(from_issue_id)

    def check_split(self, proposal_ids: list[UUID]) -> list[UUID]:
        """Some of its proposals, not all of them; returns them without repeats."""
        chosen = list(dict.fromkeys(proposal_ids))
        if not chosen:  # a new issue holds at least one proposal (found by a property test)
            raise Invalid(
                "เลือกข้อเสนอที่จะแยกอย่างน้อยหนึ่งรายการ", field="proposal_ids", code="split_none"
            )
        if any(not self.holds(p) for p in chosen):
            raise Invalid("แยกได้เฉพาะข้อเสนอที่อยู่ในประเด็นนี้", field="proposal_ids", code="not_in_issue")
        if len(chosen) == len(self.proposal_ids):
            raise Invalid(
                "ต้องเหลือข้อเสนออย่างน้อยหนึ่งรายการในประเด็นเดิม",
                field="proposal_ids",
                code="split_all",
            )
        return chosen

    def split(
        self,
        new_issue_id: UUID,
        title_th: str,
        proposals: Sequence[Proposal],
        edition: Edition,
        actor: Actor,
    ) -> ProvincialIssue:
        """Some of its proposals become a new issue, of the same province and theme."""
        self._check_change(edition, actor)
        chosen = self.check_split([p.id for p in proposals])
        new = ProvincialIssue(
            issue_id=new_issue_id,
            year_be=self.year_be,
            province_code=self.province_code,
            title_th=title_th,
            summary_th="",
            category=self.category,
            proposal_ids=chosen,
            split_from=self.id,
            from_suggestion=False,
            by=actor.ref,
        )
        self._split_off(new.id, chosen, by=actor.ref)
        for proposal in proposals:
            proposal.move_to(new.id, actor)
        return new

    @event(SplitOff)
    def _split_off(self, new_issue_id: UUID, proposal_ids: list[UUID], by: str) -> None:
        gone = set(proposal_ids)
        self.proposal_ids = [p for p in self.proposal_ids if p not in gone]

    def dissolve(self, proposals: Sequence[Proposal], edition: Edition, actor: Actor) -> None:
        """Undo the issue: its proposals go back to the unconsolidated pile."""
        self._check_change(edition, actor)
        released = list(self.proposal_ids)
        self._dissolve(released, by=actor.ref)
        for proposal in proposals:
            proposal.release(self.id, actor)

    @event(Dissolved)
    def _dissolve(self, proposal_ids: list[UUID], by: str) -> None:
        self.proposal_ids = []
        self.status = IssueStatus.DISSOLVED


LAST_PROPOSAL = "ประเด็นต้องมีข้อเสนออย่างน้อยหนึ่งรายการ: รวมเข้ากับประเด็นอื่น หรือยกเลิกประเด็นแทน"
LAST_PROPOSAL_MOVE = "ข้อเสนอนี้เป็นรายการเดียวของประเด็นเดิม: รวมประเด็นทั้งสองแทนการย้าย"


def check_issue_list(
    issue_ids: Sequence[UUID],
    found: Mapping[UUID, Aggregate],
    year_be: int,
    province_code: str,
    *,
    repeated: Invalid,
    foreign: Invalid,
) -> None:
    """A list of one province's issues (its board's ranking, its meeting's agenda): each once
    (else `repeated`), each an issue of this province and edition (else `foreign`), and open.
    Each list words its own refusals."""
    if len(set(issue_ids)) != len(issue_ids):
        raise repeated
    for iid in issue_ids:
        issue = found.get(iid)
        if (
            not isinstance(issue, ProvincialIssue)
            or issue.province_code != province_code
            or issue.year_be != year_be
        ):
            raise foreign
        issue.check_open("issue_ids")

"""The commands of consolidation, and the shapes of their fields (the web builds its request
bodies from them)."""

from __future__ import annotations

from typing import Annotated, ClassVar
from uuid import UUID, uuid4

import msgspec

from assembly.commands import Command
from assembly.proposals import CategoryCode

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


class RestoreSuggestion(IssueCommand):
    """Undo a turn-down: these proposals may be suggested together again."""

    year_be: Year
    province_code: ProvinceCode
    proposal_ids: Annotated[list[UUID], msgspec.Meta(min_length=2, max_length=MAX_PROPOSALS)]

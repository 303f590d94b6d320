"""The handlers that group proposals into provincial issues: load, call the issue, return.

Where a refusal used to be reported before something else was read, the handler asks the
aggregate's own check first (the command's method checks again)."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate

from assembly.actors import Actor, check_scope
from assembly.commands import route
from assembly.consolidation import issues
from assembly.consolidation.commands import (
    AttachProposal,
    CreateIssue,
    DetachProposal,
    DissolveIssue,
    MergeIssues,
    MoveProposal,
    ReviseIssue,
    SplitIssue,
)
from assembly.consolidation.issues import ProvincialIssue
from assembly.editions import get_edition, live_edition
from assembly.errors import Conflict, Invalid, NotFound
from assembly.proposals import Proposal
from assembly.store import Store


def _issue(store: Store, issue_id: UUID, actor: Actor, field: str = "issue_id") -> ProvincialIssue:
    issue = store.load(issue_id, ProvincialIssue)
    if issue is None:
        raise NotFound("ไม่พบประเด็นนี้", field=field)
    issue.check_scope(actor)
    issue.check_open(field)
    return issue


def _proposals(store: Store, proposal_ids: list[UUID]) -> list[Proposal]:
    """Each of them, in order; a missing one is refused by its id."""
    if len(set(proposal_ids)) != len(proposal_ids):
        raise Invalid("มีข้อเสนอซ้ำกันในรายการ", field="proposal_ids")
    found = store.load_many(proposal_ids)
    out = []
    for pid in proposal_ids:
        proposal = found.get(pid)
        if not isinstance(proposal, Proposal):
            raise NotFound(f"ไม่พบข้อเสนอ {pid}", field="proposal_ids")
        out.append(proposal)
    return out


def _held(store: Store, proposal_ids: list[UUID]) -> list[Proposal]:
    """The proposals an issue holds (they exist: they were taken in)."""
    found = store.load_many(proposal_ids)
    return [p for pid in proposal_ids if isinstance(p := found.get(pid), Proposal)]


def create_issue(store: Store, cmd: CreateIssue, actor: Actor) -> list[Aggregate]:
    check_scope(actor, province_code=cmd.province_code)  # before anything is read
    edition = live_edition(store, cmd.year_be)
    edition.check_category(cmd.category)
    if store.exists(cmd.issue_id):
        raise Conflict("มีประเด็นนี้อยู่แล้ว", code="issue_exists")
    proposals = _proposals(store, cmd.proposal_ids)
    issue = ProvincialIssue.create(
        cmd.issue_id,
        edition,
        cmd.province_code,
        cmd.title_th,
        cmd.summary_th,
        cmd.category,
        proposals,
        cmd.from_suggestion,
        actor,
    )
    return [issue, *proposals]


def revise_issue(store: Store, cmd: ReviseIssue, actor: Actor) -> list[Aggregate]:
    issue = _issue(store, cmd.issue_id, actor)
    edition = live_edition(store, issue.year_be)
    texts = (cmd.title_th, cmd.summary_th, cmd.recommendation_th, cmd.category)
    issue.revise(texts, cmd.version, edition, actor)
    return [issue] if issue.pending_events else []


def attach_proposal(store: Store, cmd: AttachProposal, actor: Actor) -> list[Aggregate]:
    issue = _issue(store, cmd.issue_id, actor)
    edition = live_edition(store, issue.year_be)
    if issue.holds(cmd.proposal_id):
        return []  # attaching twice is a no-op
    (proposal,) = _proposals(store, [cmd.proposal_id])
    issue.attach(proposal, edition, actor)
    return [issue, proposal]


def detach_proposal(store: Store, cmd: DetachProposal, actor: Actor) -> list[Aggregate]:
    issue = _issue(store, cmd.issue_id, actor)
    edition = live_edition(store, issue.year_be)
    issue.check_detach(cmd.proposal_id, issues.LAST_PROPOSAL)
    proposal = store.load(cmd.proposal_id, Proposal)
    assert proposal is not None  # it is in the issue, so it exists
    issue.detach(proposal, edition, actor)
    return [issue, proposal]


def move_proposal(store: Store, cmd: MoveProposal, actor: Actor) -> list[Aggregate]:
    proposal = store.load(cmd.proposal_id, Proposal)
    if proposal is None:
        raise NotFound("ไม่พบข้อเสนอนี้", field="proposal_id")
    target = _issue(store, cmd.to_issue_id, actor, field="to_issue_id")
    edition = live_edition(store, target.year_be)
    if target.holds(proposal.id):
        return []  # already there
    if proposal.issue_id is None:
        raise Conflict(
            "ข้อเสนอนี้ยังไม่อยู่ในประเด็นใด ใช้คำสั่งเพิ่มข้อเสนอเข้าประเด็นแทน",
            field="proposal_id",
            code="not_in_issue",
        )
    source = _issue(store, proposal.issue_id, actor)
    target.take_from(source, proposal, edition, actor)
    return [source, target, proposal]


def merge_issues(store: Store, cmd: MergeIssues, actor: Actor) -> list[Aggregate]:
    if cmd.issue_id == cmd.into_issue_id:
        raise Invalid("รวมประเด็นกับตัวเองไม่ได้", field="into_issue_id", code="same_issue")
    source = _issue(store, cmd.issue_id, actor)
    target = _issue(store, cmd.into_issue_id, actor, field="into_issue_id")
    edition = get_edition(store, target.year_be)  # `absorb` refuses a finalized one
    proposals = _held(store, list(source.proposal_ids))
    target.absorb(source, proposals, edition, actor)
    return [source, target, *proposals]


def split_issue(store: Store, cmd: SplitIssue, actor: Actor) -> list[Aggregate]:
    source = _issue(store, cmd.issue_id, actor)
    edition = live_edition(store, source.year_be)
    chosen = source.check_split(cmd.proposal_ids)
    if store.exists(cmd.new_issue_id):
        raise Conflict("มีประเด็นนี้อยู่แล้ว", code="issue_exists")
    proposals = _held(store, chosen)
    new = source.split(cmd.new_issue_id, cmd.title_th, proposals, edition, actor)
    return [source, new, *proposals]


def dissolve_issue(store: Store, cmd: DissolveIssue, actor: Actor) -> list[Aggregate]:
    issue = _issue(store, cmd.issue_id, actor)
    edition = live_edition(store, issue.year_be)
    proposals = _held(store, list(issue.proposal_ids))
    issue.dissolve(proposals, edition, actor)
    return [issue, *proposals]


HANDLERS = dict(
    [
        route(CreateIssue, create_issue),
        route(ReviseIssue, revise_issue),
        route(AttachProposal, attach_proposal),
        route(DetachProposal, detach_proposal),
        route(MoveProposal, move_proposal),
        route(MergeIssues, merge_issues),
        route(SplitIssue, split_issue),
        route(DissolveIssue, dissolve_issue),
    ]
)

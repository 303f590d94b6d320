"""The proposal commands' handlers: load, call the proposal, return."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate

from assembly.actors import Actor, Role
from assembly.commands import changed, route
from assembly.councils import Council
from assembly.editions import Edition, edition_id
from assembly.errors import Conflict, Forbidden, Invalid, NotFound
from assembly.proposals.commands import (
    AttachFile,
    DeleteDraft,
    DraftProposal,
    RemoveAttachment,
    ReturnProposal,
    ReviseProposal,
    SubmitProposal,
    WithdrawProposal,
)
from assembly.proposals.proposal import Proposal
from assembly.store import Store


def _edition(store: Store, year_be: int) -> Edition:
    edition = store.load(edition_id(year_be), Edition)
    if edition is None:
        raise _no_edition(year_be)
    return edition


def _no_edition(year_be: int) -> NotFound:
    return NotFound(f"ไม่พบการประชุมประจำปี {year_be}", field="year_be")


def _proposal(store: Store, proposal_id: UUID) -> Proposal:
    proposal = store.load(proposal_id, Proposal)
    if proposal is None:
        raise NotFound("ไม่พบข้อเสนอนี้", field="proposal_id")
    return proposal


def _author_council(cmd: DraftProposal, actor: Actor) -> UUID:
    """A council drafts for itself only; anyone else names the council."""
    if actor.role is Role.COUNCIL:
        if actor.council_id is None:
            raise Forbidden("บัญชีนี้ไม่ได้เป็นผู้แทนสภาใดแล้ว", code="out_of_scope")
        council_id = UUID(str(actor.council_id))
        if cmd.council_id is not None and cmd.council_id != council_id:
            raise Forbidden("รายการนี้เป็นของสภาอื่น", code="out_of_scope")
        return council_id
    if cmd.council_id is None:
        raise Invalid("ต้องระบุสภาที่เป็นเจ้าของข้อเสนอ", field="council_id")
    return cmd.council_id


def draft_proposal(store: Store, cmd: DraftProposal, actor: Actor) -> list[Aggregate]:
    council_id = _author_council(cmd, actor)
    # The edition, the council and whether the id is taken: one round trip.
    found = store.load_many([edition_id(cmd.year_be), council_id, cmd.proposal_id])
    edition = found.get(edition_id(cmd.year_be))
    if not isinstance(edition, Edition):
        raise _no_edition(cmd.year_be)
    council = found.get(council_id)
    if not isinstance(council, Council):
        raise Invalid("ไม่พบสภาองค์กรชุมชนตำบลที่ระบุ", field="council_id")
    proposal = Proposal.draft(cmd.proposal_id, edition, council, cmd.content(), actor)
    if cmd.proposal_id in found:
        raise Conflict("มีข้อเสนอนี้อยู่แล้ว", code="proposal_exists")
    return [proposal]


def revise_proposal(store: Store, cmd: ReviseProposal, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(store, cmd.proposal_id)
    council = store.load(proposal.council_id, Council)
    assert council is not None  # councils are never removed
    edition = _edition(store, proposal.year_be)
    proposal.revise(cmd.content(), cmd.version, edition, council, actor)
    return changed(proposal)


def submit_proposal(store: Store, cmd: SubmitProposal, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(store, cmd.proposal_id)
    proposal.submit(_edition(store, proposal.year_be), store.clock(), actor)
    return changed(proposal)


def withdraw_proposal(store: Store, cmd: WithdrawProposal, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(store, cmd.proposal_id)
    proposal.withdraw(actor)
    return changed(proposal)


def delete_draft(store: Store, cmd: DeleteDraft, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(store, cmd.proposal_id)
    proposal.delete_draft(actor)
    return changed(proposal)


def return_proposal(store: Store, cmd: ReturnProposal, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(store, cmd.proposal_id)
    proposal.return_for_revision(cmd.reason_th, actor)
    return [proposal]


def attach_file(store: Store, cmd: AttachFile, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(store, cmd.proposal_id)
    proposal.attach(cmd.attachment_id, cmd.sha256, cmd.filename, cmd.media_type, cmd.size, actor)
    return changed(proposal)


def remove_attachment(store: Store, cmd: RemoveAttachment, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(store, cmd.proposal_id)
    proposal.detach(cmd.attachment_id, actor)
    return changed(proposal)


HANDLERS = dict(
    [
        route(AttachFile, attach_file),
        route(RemoveAttachment, remove_attachment),
        route(DraftProposal, draft_proposal),
        route(ReviseProposal, revise_proposal),
        route(SubmitProposal, submit_proposal),
        route(WithdrawProposal, withdraw_proposal),
        route(DeleteDraft, delete_draft),
        route(ReturnProposal, return_proposal),
    ]
)

"""Proposal rules, in memory: who edits, when it is submitted, what it needs."""

from __future__ import annotations

import uuid

import pytest

from assembly.actors import SYSTEM, Actor, Role
from assembly.errors import Conflict, Forbidden, Invalid
from assembly.proposals import Proposal, Status, SubmitProposal
from assembly.proposals.handlers import submit_proposal
from tests.domain.memory import COORDINATOR, FAR_COORDINATOR, NOW, MemoryStore, council, edition

FULL: dict[str, object] = {
    "title_th": "ขอโฉนดชุมชน",
    "problem_th": "ไม่มีเอกสารสิทธิ",
    "recommendation_th": "ออกโฉนดชุมชน",
    "category": "land",
    "level": "national",
    "affected_households": 10,
    "tambon_codes": [],
}


def _proposal(actor: Actor = SYSTEM, **content: object) -> Proposal:
    return Proposal.draft(uuid.uuid4(), edition(), council(), {**FULL, **content}, actor)


def test_a_draft_is_checked_against_its_edition_and_council() -> None:
    assert _proposal().content["tambon_codes"] == ["500101"]  # the council's own by default
    with pytest.raises(Invalid, match="ไม่มีหมวดหมู่"):
        _proposal(category="health")
    with pytest.raises(Invalid) as outside:
        _proposal(tambon_codes=["500102"])
    assert outside.value.field == "tambon_codes"
    with pytest.raises(Forbidden):
        _proposal(FAR_COORDINATOR)
    assert _proposal(COORDINATOR).on_behalf


def test_only_its_council_or_the_coordinator_of_a_paper_one_edits_it() -> None:
    p = _proposal()
    own = Actor(Role.COUNCIL, account_id="a", council_id=str(p.council_id))
    other = Actor(Role.COUNCIL, account_id="b", council_id=str(uuid.uuid4()))
    p.check_editor(own)
    with pytest.raises(Forbidden):
        p.check_editor(other)
    with pytest.raises(Forbidden, match="บันทึกแทนสภา"):
        p.check_editor(COORDINATOR)


def test_submit_needs_every_field_and_the_window_and_twice_is_a_no_op() -> None:
    p = _proposal(level=None)
    with pytest.raises(Invalid) as incomplete:
        p.submit(edition(), NOW, SYSTEM)
    assert incomplete.value.code == "incomplete" and incomplete.value.field == "level"
    p = _proposal()
    with pytest.raises(Conflict) as closed:
        p.submit(edition(), edition().proposal_closes_at, SYSTEM)
    assert closed.value.code == "window_closed"
    p.submit(edition(), NOW, SYSTEM)
    p.submit(edition(), NOW, SYSTEM)
    assert [type(e).__name__ for e in p.collect_events()] == ["Drafted", "Submitted"]


def test_revise_refuses_a_stale_version_and_saves_nothing_new() -> None:
    p = _proposal()
    with pytest.raises(Conflict) as stale:
        p.revise({**FULL}, 2, edition(), council(), SYSTEM)
    assert stale.value.code == "stale"
    p.revise({**FULL, "tambon_codes": ["500101"]}, 1, edition(), council(), SYSTEM)
    assert len(p.pending_events) == 1  # only the draft: the same content again
    p.submit(edition(), NOW, SYSTEM)
    with pytest.raises(Conflict) as submitted:
        p.revise({**FULL, "title_th": "ใหม่"}, p.version, edition(), council(), SYSTEM)
    assert submitted.value.code == "not_editable"


def test_return_withdraw_and_attachments() -> None:
    p = _proposal()
    with pytest.raises(Conflict) as not_submitted:
        p.return_for_revision("ขาดข้อมูลครับ", COORDINATOR)
    assert not_submitted.value.code == "not_submitted"
    for n in range(5):
        p.attach(uuid.UUID(int=n), "a" * 64, "f.pdf", "application/pdf", 1, SYSTEM)
    p.attach(uuid.UUID(int=0), "a" * 64, "f.pdf", "application/pdf", 1, SYSTEM)  # no-op
    with pytest.raises(Conflict) as too_many:
        p.attach(uuid.uuid4(), "a" * 64, "f.pdf", "application/pdf", 1, SYSTEM)
    assert too_many.value.code == "too_many_files"
    p.detach(uuid.UUID(int=0), SYSTEM)
    p.detach(uuid.UUID(int=0), SYSTEM)  # no-op
    assert len(p.attachments) == 4
    p.submit(edition(), NOW, SYSTEM)
    p.return_for_revision("ขาดข้อมูลครับ", COORDINATOR)
    assert p.status is Status.RETURNED
    p.withdraw(SYSTEM)
    p.withdraw(SYSTEM)
    assert p.status is Status.WITHDRAWN
    with pytest.raises(Conflict):
        p.check_takeable(2569, "50")


def test_the_handler_loads_calls_and_returns() -> None:
    store = MemoryStore()
    e, c = edition(), council()
    p = Proposal.draft(uuid.uuid4(), e, c, FULL, SYSTEM)
    store.save(e, c, p)
    assert submit_proposal(store, SubmitProposal(proposal_id=p.id), SYSTEM) == [p]
    store.save(p)
    assert submit_proposal(store, SubmitProposal(proposal_id=p.id), SYSTEM) == []


def test_only_a_draft_never_submitted_is_deleted_and_only_by_its_editor() -> None:
    p = _proposal()
    other = Actor(Role.COUNCIL, account_id="b", council_id=str(uuid.uuid4()))
    with pytest.raises(Forbidden):
        p.delete_draft(other)
    with pytest.raises(Forbidden, match="บันทึกแทนสภา"):
        p.delete_draft(COORDINATOR)  # not a paper proposal: the council's own
    own = Actor(Role.COUNCIL, account_id="a", council_id=str(p.council_id))
    p.delete_draft(own)
    p.delete_draft(own)  # twice is a no-op
    assert p.status is Status.DELETED
    assert [type(e).__name__ for e in p.collect_events()] == ["Drafted", "DraftDeleted"]
    with pytest.raises(Conflict) as gone:
        p.revise({**FULL, "title_th": "ใหม่"}, p.version, edition(), council(), own)
    assert gone.value.code == "not_editable"
    for act in (lambda: p.submit(edition(), NOW, own), lambda: p.withdraw(own)):
        with pytest.raises(Conflict):
            act()
    # Once submitted it is no draft any more, even when returned: it is withdrawn instead.
    sent = _proposal()
    sent.submit(edition(), NOW, SYSTEM)
    with pytest.raises(Conflict) as submitted:
        sent.delete_draft(SYSTEM)
    assert submitted.value.code == "not_a_draft"
    sent.return_for_revision("ขาดข้อมูลครับ", COORDINATOR)
    with pytest.raises(Conflict):
        sent.delete_draft(SYSTEM)
    # A coordinator deletes the paper proposal it typed in.
    paper = _proposal(COORDINATOR)
    paper.delete_draft(COORDINATOR)
    assert paper.status is Status.DELETED


def test_missing_fields_names_what_a_submission_needs_in_the_forms_order() -> None:
    from assembly.proposals import missing_fields

    assert missing_fields(FULL) == []
    assert missing_fields({"title_th": "x", "affected_households": 0}) == [
        "problem_th",
        "recommendation_th",
        "category",
        "level",
    ]
    assert missing_fields({})[-1] == "affected_households"

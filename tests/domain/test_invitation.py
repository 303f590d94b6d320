"""Invitation rules, in memory."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from assembly.accounts import Account
from assembly.actors import Role
from assembly.errors import Conflict, Forbidden
from assembly.invitations import (
    ClaimInvitation,
    Invitation,
    IssueInvitation,
    claim_invitation,
    claimant,
    issue_invitation,
)
from tests.domain.memory import COORDINATOR, FAR_COORDINATOR, NOW, MemoryStore, council


def _account(c_id: uuid.UUID) -> Account:
    account_id = uuid.uuid4()
    return Account.open(account_id, Role.COUNCIL, "50", c_id, None, claimant(account_id))


def test_a_code_works_once_and_expires() -> None:
    c = council()
    invitation = Invitation.issue(c, "AAAA-BBBB-CCCC", 7, NOW, COORDINATOR)
    with pytest.raises(Conflict) as expired:
        invitation.claim(_account(c.id), NOW + timedelta(days=7))
    assert expired.value.code == "code_expired"
    invitation.claim(_account(c.id), NOW)
    with pytest.raises(Conflict) as used:
        invitation.claim(_account(c.id), NOW)
    assert used.value.code == "code_used"
    with pytest.raises(Conflict, match="เพิกถอนไม่ได้"):
        invitation.revoke(COORDINATOR)


def test_revoked_codes_are_refused_and_revoking_twice_is_a_no_op() -> None:
    invitation = Invitation.issue(council(), "AAAA-BBBB-CCCC", 7, NOW, COORDINATOR)
    invitation.revoke(COORDINATOR)
    invitation.revoke(COORDINATOR)
    assert [type(e).__name__ for e in invitation.collect_events()] == ["Issued", "Revoked"]
    with pytest.raises(Conflict) as refused:
        invitation.check_claimable(NOW)
    assert refused.value.code == "code_revoked"


def test_coordinators_invite_in_their_own_province_only() -> None:
    with pytest.raises(Forbidden):
        Invitation.issue(council(), "AAAA-BBBB-CCCC", 7, NOW, FAR_COORDINATOR)


def test_reissue_revokes_and_a_claim_moves_the_council() -> None:
    store = MemoryStore()
    c = council()
    store.save(c)
    store.save(
        *issue_invitation(
            store, IssueInvitation(council_id=c.id, code="AAAA-BBBB-CCC2"), COORDINATOR
        )
    )
    changed = issue_invitation(
        store, IssueInvitation(council_id=c.id, code="DDDD-EEEE-FFF3"), COORDINATOR
    )
    assert isinstance(changed[0], Invitation) and changed[0].revoked
    store.save(*changed)
    first = ClaimInvitation(code="DDDD-EEEE-FFF3")
    store.save(*claim_invitation(store, first, claimant(first.account_id)))
    store.save(
        *issue_invitation(
            store, IssueInvitation(council_id=c.id, code="GGGG-HHHH-JJJ4"), COORDINATOR
        )
    )
    second = ClaimInvitation(code="GGGG-HHHH-JJJ4")
    saved = claim_invitation(store, second, claimant(second.account_id))
    former = store.load(first.account_id, Account)
    assert former in saved and former is not None and former.council_id is None
    assert c.representative == second.account_id

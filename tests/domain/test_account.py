"""Account rules, in memory."""

from __future__ import annotations

import uuid

import pytest

from assembly.accounts import Account
from assembly.actors import SYSTEM, Actor, Role
from assembly.errors import Conflict


def _account() -> Account:
    return Account.open(uuid.uuid4(), Role.ORGANIZER, None, None, None, SYSTEM)


def test_the_same_role_again_changes_nothing() -> None:
    account = _account()
    account.change_role(Role.ORGANIZER, None, None, None, SYSTEM)
    account.change_role(Role.COORDINATOR, "50", None, None, SYSTEM)
    assert [type(e).__name__ for e in account.collect_events()] == ["Opened", "RoleChanged"]


def test_nobody_disables_their_own_account() -> None:
    account = _account()
    with pytest.raises(Conflict, match="ตนเอง"):
        account.disable(Actor(Role.ADMIN, account_id=str(account.id)))
    account.disable(SYSTEM)
    account.disable(SYSTEM)  # a no-op
    account.enable(SYSTEM)
    assert [type(e).__name__ for e in account.collect_events()][1:] == ["Disabled", "Enabled"]


def test_an_erased_account_stays_erased() -> None:
    account = _account()
    account.erase(SYSTEM)
    account.erase(SYSTEM)
    assert account.erased and account.disabled
    with pytest.raises(Conflict, match="เปิดใช้อีกไม่ได้"):
        account.enable(SYSTEM)
    with pytest.raises(Conflict, match="ถูกลบข้อมูลบุคคลแล้ว"):
        account.change_role(Role.ADMIN, None, None, None, SYSTEM)


def test_a_council_is_withdrawn_only_from_its_representative() -> None:
    council_id = uuid.uuid4()
    account = Account.open(uuid.uuid4(), Role.COUNCIL, "50", council_id, None, SYSTEM)
    account.withdraw_council(uuid.uuid4(), SYSTEM)
    assert account.council_id == council_id
    account.withdraw_council(council_id, SYSTEM)
    assert account.council_id is None

"""Accounts: who may act, in which role and scope. Names and passwords are not here.

An account's events carry only its role and scope. The username, the display name and the
password hash live in the mutable `people` table (PDPA: erasable), written by `people.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar
from uuid import UUID, uuid4

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly.actors import Role
from assembly.commands import Command, Handler
from assembly.errors import Conflict, Invalid, NotFound
from assembly.geography import province

if TYPE_CHECKING:
    from assembly.actors import Actor
    from assembly.application import Assembly

GRANTABLE = (
    Role.COUNCIL,
    Role.COORDINATOR,
    Role.ORGANIZER,
    Role.SECRETARIAT,
    Role.AGENCY,
    Role.ADMIN,
)
ProvinceCode = Annotated[str, msgspec.Meta(pattern=r"^[0-9๐-๙]{2}$")]
Agency = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]


class Scoped(Command):
    """A role and the scope it is bound to: a council, a province, an agency, or nothing."""

    role: Role
    province_code: ProvinceCode | None = None
    council_id: UUID | None = None
    agency: Agency | None = None

    labels: ClassVar[dict[str, str]] = {
        "role": "บทบาท",
        "province_code": "จังหวัด",
        "council_id": "สภาองค์กรชุมชนตำบล",
        "agency": "หน่วยงาน",
    }

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.role not in GRANTABLE:
            raise Invalid("บทบาทนี้มอบให้บัญชีไม่ได้", field="role")
        if self.role is Role.COORDINATOR and not self.province_code:
            raise Invalid("ผู้ประสานงานจังหวัดต้องระบุจังหวัด", field="province_code")
        if self.province_code and province(self.province_code) is None:
            raise Invalid(f"ไม่พบรหัสจังหวัด {self.province_code}", field="province_code")
        if self.role is Role.COUNCIL and not self.council_id:
            raise Invalid("บัญชีผู้แทนสภาต้องระบุสภา", field="council_id")
        if self.role is Role.AGENCY and not self.agency:
            raise Invalid("บัญชีผู้แทนหน่วยงานต้องระบุหน่วยงาน", field="agency")
        # A scope belongs to the role that uses it; nothing else is kept.
        if self.role is not Role.COUNCIL:
            self.council_id = None
        if self.role not in (Role.COORDINATOR, Role.COUNCIL):
            self.province_code = None
        if self.role is not Role.AGENCY:
            self.agency = None


class OpenAccount(Scoped):
    account_id: UUID = msgspec.field(default_factory=uuid4)


class ChangeRole(Scoped, kw_only=True):
    """Grant an account another role or scope (its old one is revoked by the same event)."""

    account_id: UUID


class DisableAccount(Command):
    account_id: UUID


class EnableAccount(Command):
    account_id: UUID


class ErasePerson(Command):
    """PDPA erasure: the person's row goes; the account's history stays, nameless."""

    account_id: UUID


class Account(Aggregate):
    class Opened(Aggregate.Created):
        account_id: UUID
        role: str
        province_code: str | None
        council_id: UUID | None
        agency: str | None
        by: str

    class RoleChanged(Aggregate.Event):
        role: str
        province_code: str | None
        council_id: UUID | None
        agency: str | None
        by: str

    class Disabled(Aggregate.Event):
        by: str

    class Enabled(Aggregate.Event):
        by: str

    class CouncilWithdrawn(Aggregate.Event):
        """Another representative claimed the council: this account no longer acts for it."""

        council_id: UUID
        by: str

    class Erased(Aggregate.Event):
        by: str

    @event(Opened)
    def __init__(
        self,
        account_id: UUID,
        role: str,
        province_code: str | None,
        council_id: UUID | None,
        agency: str | None,
        by: str,
    ) -> None:
        self.role = role
        self.province_code = province_code
        self.council_id = council_id
        self.agency = agency
        self.disabled = False
        self.erased = False

    @classmethod
    def create_id(cls, account_id: UUID, **_: object) -> UUID:
        return account_id

    @event(RoleChanged)
    def change_role(
        self,
        role: str,
        province_code: str | None,
        council_id: UUID | None,
        agency: str | None,
        by: str,
    ) -> None:
        self.role = role
        self.province_code = province_code
        self.council_id = council_id
        self.agency = agency

    @event(Disabled)
    def disable(self, by: str) -> None:
        self.disabled = True

    @event(Enabled)
    def enable(self, by: str) -> None:
        self.disabled = False

    @event(CouncilWithdrawn)
    def withdraw_council(self, council_id: UUID, by: str) -> None:
        self.council_id = None

    @event(Erased)
    def erase(self, by: str) -> None:
        self.erased = True
        self.disabled = True


def load_account(app: Assembly, account_id: UUID) -> Account:
    account = app.load(account_id, Account)
    if account is None:
        raise NotFound("ไม่พบบัญชีนี้", field="account_id")
    return account


def _council_province(app: Assembly, council_id: UUID | None) -> str | None:
    from assembly.councils import Council

    if council_id is None:
        return None
    council = app.load(council_id, Council)
    if council is None:
        raise Invalid("ไม่พบสภาองค์กรชุมชนตำบลที่ระบุ", field="council_id")
    return council.province_code


def open_account(app: Assembly, cmd: OpenAccount, actor: Actor) -> list[Aggregate]:
    province_code = _council_province(app, cmd.council_id) or cmd.province_code
    account = Account(
        account_id=cmd.account_id,
        role=cmd.role.value,
        province_code=province_code,
        council_id=cmd.council_id,
        agency=cmd.agency,
        by=actor.ref,
    )
    return [account]


def change_role(app: Assembly, cmd: ChangeRole, actor: Actor) -> list[Aggregate]:
    account = load_account(app, cmd.account_id)
    if account.erased:
        raise Conflict("บัญชีนี้ถูกลบข้อมูลบุคคลแล้ว", field="account_id")
    province_code = _council_province(app, cmd.council_id) or cmd.province_code
    scope = (cmd.role.value, province_code, cmd.council_id, cmd.agency)
    if scope == (account.role, account.province_code, account.council_id, account.agency):
        return []  # nothing changes: no event
    account.change_role(*scope, by=actor.ref)
    return [account]


def disable_account(app: Assembly, cmd: DisableAccount, actor: Actor) -> list[Aggregate]:
    account = load_account(app, cmd.account_id)
    if cmd.account_id == _own(actor):
        raise Conflict("ปิดบัญชีของตนเองไม่ได้", field="account_id")
    if account.disabled:
        return []
    account.disable(by=actor.ref)
    return [account]


def enable_account(app: Assembly, cmd: EnableAccount, actor: Actor) -> list[Aggregate]:
    account = load_account(app, cmd.account_id)
    if account.erased:
        raise Conflict("บัญชีนี้ถูกลบข้อมูลบุคคลแล้ว เปิดใช้อีกไม่ได้", field="account_id")
    if not account.disabled:
        return []
    account.enable(by=actor.ref)
    return [account]


def erase_person(app: Assembly, cmd: ErasePerson, actor: Actor) -> list[Aggregate]:
    account = load_account(app, cmd.account_id)
    if account.erased:
        return []
    account.erase(by=actor.ref)
    return [account]


def _own(actor: Actor) -> UUID | None:
    try:
        return UUID(actor.account_id) if actor.account_id else None
    except ValueError:
        return None


HANDLERS: dict[type[Command], Handler] = {
    OpenAccount: open_account,
    ChangeRole: change_role,
    DisableAccount: disable_account,
    EnableAccount: enable_account,
    ErasePerson: erase_person,
}

"""Accounts: who may act, in which role and scope. Names and passwords are not here.

An account's events carry only its role and scope. The username, the display name and the
password hash live in the mutable `people` table (PDPA: erasable), written by `people.py`.
"""

from __future__ import annotations

from typing import Annotated, ClassVar
from uuid import UUID, uuid4

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor, Role
from assembly.agencies import resolve
from assembly.commands import Command, changed, route
from assembly.councils import Council
from assembly.errors import Conflict, Forbidden, Invalid, NotFound
from assembly.geography import province
from assembly.store import Store

GRANTABLE = (
    Role.COUNCIL,
    Role.COORDINATOR,
    Role.ORGANIZER,
    Role.SECRETARIAT,
    Role.AGENCY,
    Role.ADMIN,
    Role.DELEGATE,
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

    @classmethod
    def open(
        cls,
        account_id: UUID,
        role: Role,
        province_code: str | None,
        council_id: UUID | None,
        agency: str | None,
        actor: Actor,
    ) -> Account:
        if actor.role is Role.ORGANIZER and role is not Role.DELEGATE:
            raise Forbidden(
                "เจ้าหน้าที่ พอช. เปิดบัญชีได้เฉพาะผู้แทนเข้าร่วมประชุมระดับชาติที่เชิญมา บัญชีอื่นให้ผู้ดูแลระบบเปิด",
                message_en="organizers open delegate accounts only",
                field="role",
                code="delegates_only",
            )
        return cls(
            account_id=account_id,
            role=role.value,
            province_code=province_code,
            council_id=council_id,
            agency=agency,
            by=actor.ref,
        )

    def check_not_erased(self, message_th: str = "บัญชีนี้ถูกลบข้อมูลบุคคลแล้ว") -> None:
        if self.erased:
            raise Conflict(message_th, field="account_id")

    def change_role(
        self,
        role: Role,
        province_code: str | None,
        council_id: UUID | None,
        agency: str | None,
        actor: Actor,
    ) -> None:
        """Grant another role or scope; granting the same one again changes nothing."""
        self.check_not_erased()
        scope = (role.value, province_code, council_id, agency)
        if scope != (self.role, self.province_code, self.council_id, self.agency):
            self._change_role(*scope, by=actor.ref)

    @event(RoleChanged)
    def _change_role(
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

    def disable(self, actor: Actor) -> None:
        if self.id == _own(actor):
            raise Conflict("ปิดบัญชีของตนเองไม่ได้", field="account_id")
        if not self.disabled:
            self._disable(by=actor.ref)

    @event(Disabled)
    def _disable(self, by: str) -> None:
        self.disabled = True

    def enable(self, actor: Actor) -> None:
        self.check_not_erased("บัญชีนี้ถูกลบข้อมูลบุคคลแล้ว เปิดใช้อีกไม่ได้")
        if self.disabled:
            self._enable(by=actor.ref)

    @event(Enabled)
    def _enable(self, by: str) -> None:
        self.disabled = False

    def withdraw_council(self, council_id: UUID, actor: Actor) -> None:
        """Another representative claimed the council (if this account still acts for it)."""
        if self.council_id == council_id:
            self._withdraw_council(council_id, by=actor.ref)

    @event(CouncilWithdrawn)
    def _withdraw_council(self, council_id: UUID, by: str) -> None:
        self.council_id = None

    def erase(self, actor: Actor) -> None:
        if not self.erased:  # erasing twice is a no-op
            self._erase(by=actor.ref)

    @event(Erased)
    def _erase(self, by: str) -> None:
        self.erased = True
        self.disabled = True


def load_account(store: Store, account_id: UUID) -> Account:
    account = store.load(account_id, Account)
    if account is None:
        raise NotFound("ไม่พบบัญชีนี้", field="account_id")
    return account


def _council_province(store: Store, council_id: UUID | None) -> str | None:
    if council_id is None:
        return None
    council = store.load(council_id, Council)
    if council is None:
        raise Invalid("ไม่พบสภาองค์กรชุมชนตำบลที่ระบุ", field="council_id")
    return council.province_code


def _agency(store: Store, text: str | None) -> str | None:
    """An agency liaison's account keeps the agency's code, whichever name it was given by."""
    return resolve(store, text).code if text else None


def open_account(store: Store, cmd: OpenAccount, actor: Actor) -> list[Aggregate]:
    province_code = _council_province(store, cmd.council_id) or cmd.province_code
    agency = _agency(store, cmd.agency)
    account = Account.open(cmd.account_id, cmd.role, province_code, cmd.council_id, agency, actor)
    return [account]


def change_role(store: Store, cmd: ChangeRole, actor: Actor) -> list[Aggregate]:
    account = load_account(store, cmd.account_id)
    account.check_not_erased()  # before the council is looked up, as the refusal order was
    province_code = _council_province(store, cmd.council_id) or cmd.province_code
    account.change_role(cmd.role, province_code, cmd.council_id, _agency(store, cmd.agency), actor)
    return changed(account)


def disable_account(store: Store, cmd: DisableAccount, actor: Actor) -> list[Aggregate]:
    account = load_account(store, cmd.account_id)
    account.disable(actor)
    return changed(account)


def enable_account(store: Store, cmd: EnableAccount, actor: Actor) -> list[Aggregate]:
    account = load_account(store, cmd.account_id)
    account.enable(actor)
    return changed(account)


def erase_person(store: Store, cmd: ErasePerson, actor: Actor) -> list[Aggregate]:
    account = load_account(store, cmd.account_id)
    account.erase(actor)
    return changed(account)


def _own(actor: Actor) -> UUID | None:
    try:
        return UUID(actor.account_id) if actor.account_id else None
    except ValueError:
        return None


HANDLERS = dict(
    [
        route(OpenAccount, open_account),
        route(ChangeRole, change_role),
        route(DisableAccount, disable_account),
        route(EnableAccount, enable_account),
        route(ErasePerson, erase_person),
    ]
)

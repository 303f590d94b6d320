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
from assembly.errors import Invalid
from assembly.geography import province

if TYPE_CHECKING:
    from assembly.actors import Actor
    from assembly.application import Assembly

SCOPED_ROLES = {Role.COUNCIL, Role.COORDINATOR, Role.AGENCY}
GRANTABLE = (
    Role.COUNCIL,
    Role.COORDINATOR,
    Role.ORGANIZER,
    Role.SECRETARIAT,
    Role.AGENCY,
    Role.ADMIN,
)


class OpenAccount(Command):
    role: Role
    account_id: UUID = msgspec.field(default_factory=uuid4)
    province_code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{2}$")] | None = None
    council_id: UUID | None = None
    agency: Annotated[str, msgspec.Meta(min_length=1, max_length=120)] | None = None

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


class Account(Aggregate):
    class Opened(Aggregate.Created):
        account_id: UUID
        role: str
        province_code: str | None
        council_id: UUID | None
        agency: str | None
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

    @classmethod
    def create_id(cls, account_id: UUID, **_: object) -> UUID:
        return account_id


def open_account(app: Assembly, cmd: OpenAccount, actor: Actor) -> list[Aggregate]:
    from assembly.councils import Council

    if cmd.council_id is not None and app.load(cmd.council_id, Council) is None:
        raise Invalid("ไม่พบสภาองค์กรชุมชนตำบลที่ระบุ", field="council_id")
    return [
        Account(
            account_id=cmd.account_id,
            role=cmd.role.value,
            province_code=cmd.province_code,
            council_id=cmd.council_id,
            agency=cmd.agency,
            by=actor.ref,
        )
    ]


HANDLERS: dict[type[Command], Handler] = {OpenAccount: open_account}

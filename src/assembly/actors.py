"""Who is acting: an account id and a role, with the scope the role is bound to.

Events carry only `Actor.ref` (role and opaque account id), never a name (PDPA).
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

import msgspec


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    COUNCIL = "council"
    COORDINATOR = "coordinator"
    ORGANIZER = "organizer"
    SECRETARIAT = "secretariat"
    AGENCY = "agency"
    ADMIN = "admin"
    SYSTEM = "system"


ROLE_NAMES_TH: dict[Role, str] = {
    Role.ANONYMOUS: "ผู้เยี่ยมชม",
    Role.COUNCIL: "ผู้แทนสภาองค์กรชุมชนตำบล",
    Role.COORDINATOR: "ผู้ประสานงานจังหวัด",
    Role.ORGANIZER: "เจ้าหน้าที่ พอช.",
    Role.SECRETARIAT: "ฝ่ายเลขานุการ",
    Role.AGENCY: "ผู้แทนหน่วยงาน",
    Role.ADMIN: "ผู้ดูแลระบบ",
    Role.SYSTEM: "ระบบ",
}


class Actor(msgspec.Struct, frozen=True):
    role: Role
    account_id: str | None = None
    province_code: str | None = None
    council_id: str | None = None
    agency: str | None = None

    @property
    def ref(self) -> str:
        """What events record about who acted: role and opaque account id."""
        return f"{self.role.value}:{self.account_id or '-'}"

    @property
    def is_authenticated(self) -> bool:
        return self.role not in (Role.ANONYMOUS,)


ANONYMOUS = Actor(Role.ANONYMOUS)
SYSTEM = Actor(Role.SYSTEM, account_id="system")


def parse_ref(ref: str) -> tuple[str, UUID | None]:
    """An event's `by` back into (role, account id); "system" and "demo" have no account."""
    role, _, account = ref.partition(":")
    try:
        return role, UUID(account)
    except ValueError:
        return role, None

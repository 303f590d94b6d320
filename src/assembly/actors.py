"""Who is acting: an account id and a role, with the scope the role is bound to, and the
scope rule (a coordinator acts inside one province, a council on its own things).

Events carry only `Actor.ref` (role and opaque account id), never a name (PDPA).
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from uuid import UUID

import msgspec

from assembly.errors import Forbidden


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    COUNCIL = "council"
    COORDINATOR = "coordinator"
    ORGANIZER = "organizer"
    SECRETARIAT = "secretariat"
    AGENCY = "agency"
    ADMIN = "admin"
    # Comes only to the national meeting (an invited expert); an elected delegate may hold
    # any other role too: votes go by account id, whatever the role.
    DELEGATE = "delegate"
    SYSTEM = "system"


ROLE_NAMES_TH: dict[Role, str] = {
    Role.ANONYMOUS: "ผู้เยี่ยมชม",
    Role.COUNCIL: "ผู้แทนสภาองค์กรชุมชนตำบล",
    Role.COORDINATOR: "ผู้ประสานงานจังหวัด",
    Role.ORGANIZER: "เจ้าหน้าที่ พอช.",
    Role.SECRETARIAT: "ฝ่ายเลขานุการ",
    Role.AGENCY: "ผู้แทนหน่วยงาน",
    Role.ADMIN: "ผู้ดูแลระบบ",
    Role.DELEGATE: "ผู้แทนเข้าร่วมประชุมระดับชาติ",
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


@lru_cache(maxsize=65_536)  # a projector asks for every event; the same few refs recur
def parse_ref(ref: str) -> tuple[str, UUID | None]:
    """An event's `by` back into (role, account id); "system" and "demo" have no account."""
    role, _, account = ref.partition(":")
    try:
        return role, UUID(account)
    except ValueError:
        return role, None


def check_scope(
    actor: Actor, *, province_code: str | None = None, council_id: UUID | str | None = None
) -> None:
    """Refuse a coordinator outside their province and a council acting for another council.

    Aggregates call it with the scope they know (their province, their council)."""
    if (
        actor.role is Role.COORDINATOR
        and province_code is not None
        and actor.province_code != province_code
    ):
        raise Forbidden(
            "รายการนี้อยู่นอกจังหวัดที่คุณรับผิดชอบ",
            message_en="outside your province",
            code="out_of_scope",
        )
    if (
        actor.role is Role.COUNCIL
        and council_id is not None
        and (actor.council_id is None or str(actor.council_id) != str(council_id))
    ):
        raise Forbidden("รายการนี้เป็นของสภาอื่น", message_en="another council's", code="out_of_scope")

"""Scope rules: a coordinator acts inside one province, a council on its own things.

Separate from `policy.py` (the role table) so that feature modules can use it without an
import cycle; `policy` re-exports it.
"""

from __future__ import annotations

from uuid import UUID

from assembly.actors import Actor, Role
from assembly.errors import Forbidden


def check_scope(
    actor: Actor, *, province_code: str | None = None, council_id: UUID | str | None = None
) -> None:
    """Refuse a coordinator outside their province and a council acting for another council."""
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

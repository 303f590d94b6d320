"""Who may issue which command: one table, enforced inside `Assembly.handle`.

Scope rules (a coordinator's province, a council's own proposals) are checked by the
handlers against the loaded aggregate, since only they know whose thing it is.
"""

from __future__ import annotations

from assembly.accounts import OpenAccount
from assembly.actors import Actor, Role
from assembly.commands import Command
from assembly.councils import ImportCouncils, RegisterCouncil
from assembly.editions import OpenEdition, SetCategories
from assembly.errors import Forbidden, Unauthenticated

ORGANIZERS = frozenset({Role.ORGANIZER, Role.ADMIN, Role.SYSTEM})

POLICY: dict[type[Command], frozenset[Role]] = {
    OpenAccount: frozenset({Role.ADMIN, Role.SYSTEM}),
    OpenEdition: ORGANIZERS,
    SetCategories: ORGANIZERS,
    RegisterCouncil: ORGANIZERS,
    ImportCouncils: ORGANIZERS,
}


def authorize(command: type[Command], actor: Actor) -> None:
    """Refuse unless `actor`'s role may issue this kind of command. The web calls it too,
    before reading an upload or showing a form, so nobody else's bytes get parsed."""
    allowed = POLICY.get(command)
    if allowed is None:  # a command nobody listed is a command nobody may issue
        raise Forbidden("คำสั่งนี้ยังไม่ได้กำหนดสิทธิ์", message_en="command not in policy")
    if actor.role in allowed:
        return
    if not actor.is_authenticated:
        raise Unauthenticated("กรุณาเข้าสู่ระบบก่อน", message_en="sign in first")
    raise Forbidden("บัญชีของคุณไม่มีสิทธิ์ทำรายการนี้", message_en="not allowed for this role")

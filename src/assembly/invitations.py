"""Onboarding a council's representative with a one-time invitation code.

The code is a credential: events keep only its SHA-256 (the invitation's id is derived from
it, so a claim finds its invitation without any index). A code works once, expires, can be
revoked, and issuing a new one for a council revokes the one before. Claiming it opens a
council account; the council's previous representative loses the council.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly.accounts import Account
from assembly.actors import Role
from assembly.commands import Command, Handler
from assembly.councils import Council
from assembly.errors import Conflict, Invalid, NotFound
from assembly.policy_scope import check_scope

if TYPE_CHECKING:
    from assembly.actors import Actor
    from assembly.application import Assembly

NAMESPACE = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/invitations")
# No 0/O, 1/I/L: read aloud over the phone and typed from paper without mistakes.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
DEFAULT_DAYS = 30


def new_code() -> str:
    """12 random characters (about 59 bits) in three groups: K7QD-M2XP-9RTF."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def canonical(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(canonical(code).encode()).hexdigest()


def invitation_id(code: str) -> UUID:
    return uuid5(NAMESPACE, code_hash(code))


Code = Annotated[str, msgspec.Meta(min_length=8, max_length=40)]


class IssueInvitation(Command):
    council_id: UUID
    code: Code = msgspec.field(default_factory=new_code)
    valid_days: Annotated[int, msgspec.Meta(ge=1, le=90)] = DEFAULT_DAYS

    labels: ClassVar[dict[str, str]] = {"council_id": "สภา", "valid_days": "จำนวนวันที่ใช้ได้"}


class RevokeInvitation(Command):
    invitation_id: UUID


class ClaimInvitation(Command):
    code: Code
    account_id: UUID = msgspec.field(default_factory=uuid4)

    labels: ClassVar[dict[str, str]] = {"code": "รหัสเชิญ"}


class Invitation(Aggregate):
    class Issued(Aggregate.Created):
        council_id: UUID
        code_hash: str
        expires_at: datetime
        by: str

    class Revoked(Aggregate.Event):
        by: str

    class Claimed(Aggregate.Event):
        account_id: UUID
        by: str

    @event(Issued)
    def __init__(self, council_id: UUID, code_hash: str, expires_at: datetime, by: str) -> None:
        self.council_id = council_id
        self.expires_at = expires_at
        self.revoked = False
        self.claimed_by: UUID | None = None

    @classmethod
    def create_id(cls, code_hash: str, **_: object) -> UUID:
        return uuid5(NAMESPACE, code_hash)

    @property
    def pending(self) -> bool:
        return not self.revoked and self.claimed_by is None

    @event(Revoked)
    def revoke(self, by: str) -> None:
        self.revoked = True

    @event(Claimed)
    def claim(self, account_id: UUID, by: str) -> None:
        self.claimed_by = account_id


def _council(app: Assembly, council_id: UUID) -> Council:
    council = app.load(council_id, Council)
    if council is None:
        raise NotFound("ไม่พบสภาองค์กรชุมชนตำบลนี้", field="council_id")
    return council


def issue_invitation(app: Assembly, cmd: IssueInvitation, actor: Actor) -> list[Aggregate]:
    council = _council(app, cmd.council_id)
    check_scope(actor, province_code=council.province_code)
    changed: list[Aggregate] = []
    previous = council.invitation_id and app.load(council.invitation_id, Invitation)
    if previous and previous.pending:
        previous.revoke(by=actor.ref)
        changed.append(previous)
    invitation = Invitation(
        council_id=council.id,
        code_hash=code_hash(cmd.code),
        expires_at=app.clock() + timedelta(days=cmd.valid_days),
        by=actor.ref,
    )
    council.record_invitation(invitation.id, by=actor.ref)
    return [*changed, invitation, council]


def revoke_invitation(app: Assembly, cmd: RevokeInvitation, actor: Actor) -> list[Aggregate]:
    invitation = app.load(cmd.invitation_id, Invitation)
    if invitation is None:
        raise NotFound("ไม่พบรหัสเชิญนี้", field="invitation_id")
    check_scope(actor, province_code=_council(app, invitation.council_id).province_code)
    if invitation.claimed_by is not None:
        raise Conflict("รหัสเชิญนี้ถูกใช้ไปแล้ว เพิกถอนไม่ได้", code="code_used")
    if invitation.revoked:
        return []
    invitation.revoke(by=actor.ref)
    return [invitation]


def claim_invitation(app: Assembly, cmd: ClaimInvitation, actor: Actor) -> list[Aggregate]:
    invitation = app.load(invitation_id(cmd.code), Invitation)
    if invitation is None:
        raise Invalid("รหัสเชิญไม่ถูกต้อง กรุณาตรวจสอบอีกครั้ง", field="code", code="bad_code")
    if invitation.claimed_by is not None:
        raise Conflict("รหัสเชิญนี้ถูกใช้ไปแล้ว", field="code", code="code_used")
    if invitation.revoked:
        raise Conflict("รหัสเชิญนี้ถูกยกเลิกแล้ว กรุณาขอรหัสใหม่", field="code", code="code_revoked")
    if app.clock() >= invitation.expires_at:
        raise Conflict("รหัสเชิญนี้หมดอายุแล้ว กรุณาขอรหัสใหม่", field="code", code="code_expired")
    council = _council(app, invitation.council_id)
    by = f"{Role.COUNCIL.value}:{cmd.account_id}"  # the claimant acts as the new account
    account = Account(
        account_id=cmd.account_id,
        role=Role.COUNCIL.value,
        province_code=council.province_code,
        council_id=council.id,
        agency=None,
        by=by,
    )
    invitation.claim(cmd.account_id, by=by)
    changed: list[Aggregate] = [account, invitation]
    if council.representative is not None:
        former = app.load(council.representative, Account)
        if former is not None and former.council_id == council.id:
            former.withdraw_council(council.id, by=by)
            changed.append(former)
    council.change_representative(cmd.account_id, by=by)
    return [*changed, council]


HANDLERS: dict[type[Command], Handler] = {
    IssueInvitation: issue_invitation,
    RevokeInvitation: revoke_invitation,
    ClaimInvitation: claim_invitation,
}

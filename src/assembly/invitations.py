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
from typing import Annotated, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly.accounts import Account
from assembly.actors import Actor, Role
from assembly.commands import Command, changed, route
from assembly.councils import Council
from assembly.errors import Conflict, Invalid, NotFound
from assembly.store import Store

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

    @classmethod
    def issue(
        cls, council: Council, code: str, days: int, now: datetime, actor: Actor
    ) -> Invitation:
        council.check_onboarder(actor)
        return cls(
            council_id=council.id,
            code_hash=code_hash(code),
            expires_at=now + timedelta(days=days),
            by=actor.ref,
        )

    @property
    def pending(self) -> bool:
        return not self.revoked and self.claimed_by is None

    def revoke(self, actor: Actor) -> None:
        """A used code cannot be revoked; revoking twice changes nothing."""
        if self.claimed_by is not None:
            raise Conflict("รหัสเชิญนี้ถูกใช้ไปแล้ว เพิกถอนไม่ได้", code="code_used")
        if not self.revoked:
            self._revoke(by=actor.ref)

    @event(Revoked)
    def _revoke(self, by: str) -> None:
        self.revoked = True

    def check_claimable(self, now: datetime) -> None:
        """A code works once, until it is revoked or expires."""
        if self.claimed_by is not None:
            raise Conflict("รหัสเชิญนี้ถูกใช้ไปแล้ว", field="code", code="code_used")
        if self.revoked:
            raise Conflict("รหัสเชิญนี้ถูกยกเลิกแล้ว กรุณาขอรหัสใหม่", field="code", code="code_revoked")
        if now >= self.expires_at:
            raise Conflict("รหัสเชิญนี้หมดอายุแล้ว กรุณาขอรหัสใหม่", field="code", code="code_expired")

    def claim(self, account: Account, now: datetime) -> None:
        """`account` is the council account the claimant opened; it is who acts."""
        self.check_claimable(now)
        self._claim(account.id, by=claimant(account.id).ref)

    @event(Claimed)
    def _claim(self, account_id: UUID, by: str) -> None:
        self.claimed_by = account_id


def claimant(account_id: UUID) -> Actor:
    """Who claims a code: the new council account itself (nobody is signed in yet)."""
    return Actor(Role.COUNCIL, account_id=str(account_id))


def _council(store: Store, council_id: UUID) -> Council:
    council = store.load(council_id, Council)
    if council is None:
        raise NotFound("ไม่พบสภาองค์กรชุมชนตำบลนี้", field="council_id")
    return council


def issue_invitation(store: Store, cmd: IssueInvitation, actor: Actor) -> list[Aggregate]:
    council = _council(store, cmd.council_id)
    council.check_onboarder(actor)
    # A new code for the council revokes the one before.
    revoked: list[Aggregate] = []
    previous = council.invitation_id and store.load(council.invitation_id, Invitation)
    if previous and previous.pending:
        previous.revoke(actor)
        revoked.append(previous)
    invitation = Invitation.issue(council, cmd.code, cmd.valid_days, store.clock(), actor)
    council.record_invitation(invitation.id, actor)
    return [*revoked, invitation, council]


def revoke_invitation(store: Store, cmd: RevokeInvitation, actor: Actor) -> list[Aggregate]:
    invitation = store.load(cmd.invitation_id, Invitation)
    if invitation is None:
        raise NotFound("ไม่พบรหัสเชิญนี้", field="invitation_id")
    _council(store, invitation.council_id).check_onboarder(actor)
    invitation.revoke(actor)
    return changed(invitation)


def claim_invitation(store: Store, cmd: ClaimInvitation, actor: Actor) -> list[Aggregate]:
    invitation = store.load(invitation_id(cmd.code), Invitation)
    if invitation is None:
        raise Invalid("รหัสเชิญไม่ถูกต้อง กรุณาตรวจสอบอีกครั้ง", field="code", code="bad_code")
    now = store.clock()
    invitation.check_claimable(now)  # before anything else is read
    council = _council(store, invitation.council_id)
    by = claimant(cmd.account_id)
    account = Account.open(
        cmd.account_id, Role.COUNCIL, council.province_code, council.id, None, by
    )
    invitation.claim(account, now)
    touched: list[Aggregate] = [account, invitation]
    # The council's previous representative no longer acts for it.
    former = council.representative and store.load(council.representative, Account)
    if former:
        former.withdraw_council(council.id, by)
        touched += changed(former)
    council.change_representative(account.id, by)
    return [*touched, council]


HANDLERS = dict(
    [
        route(IssueInvitation, issue_invitation),
        route(RevokeInvitation, revoke_invitation),
        route(ClaimInvitation, claim_invitation),
    ]
)

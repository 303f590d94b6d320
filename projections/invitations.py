"""Invitations read model: which councils have a pending, claimed or revoked code."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import asyncpg
import msgspec

from assembly.invitations import Invitation
from projections.projector import Projector, Statements, handles


class InvitationsProjector(Projector):
    name = "invitations"
    tables = ("invitations",)

    INSERT: ClassVar[str] = (
        "INSERT INTO invitations (id, council_id, expires_at, status, issued_at, issued_by,"
        " updated_at) VALUES (%s, %s, %s, 'pending', %s, %s, %s)"
    )
    REVOKED: ClassVar[str] = (
        "UPDATE invitations SET status = 'revoked', updated_at = %s WHERE id = %s"
    )
    CLAIMED: ClassVar[str] = (
        "UPDATE invitations SET status = 'claimed', claimed_by = %s, updated_at = %s WHERE id = %s"
    )

    @handles(Invitation.Issued)
    def issued(self, e: Any, out: Statements) -> None:
        out.add(
            self.INSERT,
            (e.originator_id, e.council_id, e.expires_at, e.timestamp, e.by, e.timestamp),
        )

    @handles(Invitation.Revoked)
    def revoked(self, e: Any, out: Statements) -> None:
        out.add(self.REVOKED, (e.timestamp, e.originator_id))

    @handles(Invitation.Claimed)
    def claimed(self, e: Any, out: Statements) -> None:
        out.add(self.CLAIMED, (e.account_id, e.timestamp, e.originator_id))


class InvitationView(msgspec.Struct, frozen=True):
    id: str
    council_id: str
    expires_at: datetime
    status: str
    issued_at: datetime
    claimed_by: str | None

    def state(self, now: datetime) -> str:
        """pending / claimed / revoked / expired (expiry is judged now, not stored)."""
        if self.status == "pending" and now >= self.expires_at:
            return "expired"
        return self.status


STATE_TH = {
    "pending": "รอใช้งาน",
    "claimed": "ใช้แล้ว",
    "revoked": "ยกเลิกแล้ว",
    "expired": "หมดอายุ",
}


async def of_council(db: asyncpg.Pool, council_id: str) -> list[InvitationView]:
    rows = await db.fetch(
        "SELECT id::text, council_id::text, expires_at, status, issued_at, claimed_by::text"
        " FROM invitations WHERE council_id = $1::uuid ORDER BY issued_at DESC",
        council_id,
    )
    return [InvitationView(*r) for r in rows]

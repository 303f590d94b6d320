"""Attachments of proposals: their list (the `proposal_attachments` read model, projected with
the proposals) and their bytes, kept once per content in the durable `files` table (events
carry only the hash; a rebuild leaves that table alone)."""

from __future__ import annotations

import hashlib
from datetime import datetime

import asyncpg
import msgspec


async def store_file(db: asyncpg.Pool, data: bytes, media_type: str) -> str:
    """Keep the bytes (once per content); returns their SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    await db.execute(
        "INSERT INTO files (sha256, media_type, size, data) VALUES ($1, $2, $3, $4)"
        " ON CONFLICT (sha256) DO NOTHING",
        digest,
        media_type,
        len(data),
        data,
    )
    return digest


class Owners(msgspec.Struct, frozen=True):
    """Whose a proposal is: what the domain's `check_editor` needs, whoever may see it."""

    province_code: str
    council_id: str
    on_behalf: bool


async def owners_of(db: asyncpg.Pool, proposal_id: str) -> Owners | None:
    row = await db.fetchrow(
        "SELECT province_code, council_id::text, on_behalf FROM proposals WHERE id = $1::uuid",
        proposal_id,
    )
    return Owners(*row) if row else None


class Attachment(msgspec.Struct, frozen=True):
    attachment_id: str
    filename: str
    media_type: str
    size: int
    added_at: datetime


async def of_proposal(db: asyncpg.Pool, proposal_id: str) -> list[Attachment]:
    rows = await db.fetch(
        "SELECT attachment_id::text, filename, media_type, size, added_at"
        " FROM proposal_attachments WHERE proposal_id = $1::uuid ORDER BY added_at",
        proposal_id,
    )
    return [Attachment(*r) for r in rows]


async def attachment_file(
    db: asyncpg.Pool, attachment_id: str
) -> tuple[str, str, str, bytes] | None:
    """(proposal id, filename, media type, bytes) of an attachment."""
    row = await db.fetchrow(
        "SELECT a.proposal_id::text, a.filename, f.media_type, f.data"
        " FROM proposal_attachments a JOIN files f ON f.sha256 = a.sha256"
        " WHERE a.attachment_id = $1::uuid",
        attachment_id,
    )
    return (row[0], row[1], row[2], bytes(row[3])) if row else None

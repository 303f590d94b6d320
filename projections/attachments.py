"""Attachment files: their bytes, kept once per content in the durable `files` table (events
carry only the hash). Not a read model: a rebuild leaves it alone."""

from __future__ import annotations

import hashlib

import asyncpg


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

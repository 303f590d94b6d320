"""Export jobs (durable: a rebuild leaves them, as it leaves the files they made), each of
one kind of document (`SUBMISSION`: the letter; `FOLLOWUP`: สรุปผลการพิจารณา) at one version
of the submission and one revision of its follow-up (answers fill both after finalizing)."""

from __future__ import annotations

from datetime import datetime

import asyncpg
import msgspec

SUBMISSION = "submission"
FOLLOWUP = "followup"
KINDS = (SUBMISSION, FOLLOWUP)


class ExportJob(msgspec.Struct, frozen=True):
    id: str
    submission_id: str
    version: int
    format: str
    status: str  # queued | running | done | failed
    progress: float
    message_th: str
    sha256: str | None
    size: int | None
    error_th: str | None
    created_at: datetime
    finished_at: datetime | None
    kind: str = SUBMISSION
    revision: int = 0


# A job still queued or running after this long ended with the process that ran it (a
# restart, a crash): it reads as failed, so the page offers to try again.
STALE = "interval '10 minutes'"
_STALE = f"status IN ('queued', 'running') AND created_at < now() - {STALE}"
_STATUS = f"CASE WHEN {_STALE} THEN 'failed' ELSE status END"
_ERROR = f"CASE WHEN {_STALE} THEN 'งานสร้างเอกสารหยุดไปกลางทาง กรุณาลองใหม่' ELSE error_th END"
_JOB = (
    f"id::text, submission_id::text, version, format, {_STATUS}, progress, message_th,"
    f" sha256, size, {_ERROR}, created_at, finished_at, kind, revision"
)


async def queued(
    db: asyncpg.Pool,
    job_id: str,
    submission_id: str,
    version: int,
    fmt: str,
    kind: str = SUBMISSION,
    revision: int = 0,
) -> None:
    await db.execute(
        "INSERT INTO exports (id, submission_id, version, format, status, message_th, kind,"
        " revision) VALUES ($1::uuid, $2::uuid, $3, $4, 'queued', 'รอคิว', $5, $6)",
        job_id,
        submission_id,
        version,
        fmt,
        kind,
        revision,
    )


async def running(db: asyncpg.Pool, job_id: str) -> None:
    await db.execute(
        "UPDATE exports SET status = 'running', message_th = 'กำลังสร้างเอกสาร' WHERE id = $1::uuid",
        job_id,
    )


async def done(db: asyncpg.Pool, job_id: str, sha256: str, size: int) -> None:
    await db.execute(
        "UPDATE exports SET status = 'done', progress = 1, message_th = 'เสร็จแล้ว', sha256 = $2,"
        " size = $3, finished_at = now() WHERE id = $1::uuid",
        job_id,
        sha256,
        size,
    )


async def failed(db: asyncpg.Pool, job_id: str, error_th: str) -> None:
    await db.execute(
        "UPDATE exports SET status = 'failed', error_th = $2, finished_at = now()"
        " WHERE id = $1::uuid",
        job_id,
        error_th,
    )


async def job(db: asyncpg.Pool, job_id: str) -> ExportJob | None:
    row = await db.fetchrow(f"SELECT {_JOB} FROM exports WHERE id = $1::uuid", job_id)
    return ExportJob(*row) if row else None


async def made(
    db: asyncpg.Pool,
    submission_id: str,
    version: int,
    fmt: str,
    kind: str = SUBMISSION,
    revision: int = 0,
) -> ExportJob | None:
    """The newest export of this version and revision in this format that is done or
    still going."""
    row = await db.fetchrow(
        f"SELECT {_JOB} FROM exports WHERE submission_id = $1::uuid AND kind = $4"
        f" AND format = $3 AND version = $2 AND revision = $5 AND {_STATUS} <> 'failed'"
        " ORDER BY created_at DESC LIMIT 1",
        submission_id,
        version,
        fmt,
        kind,
        revision,
    )
    return ExportJob(*row) if row else None


async def done_of(
    db: asyncpg.Pool, submission_id: str, version: int, kind: str = SUBMISSION
) -> list[ExportJob]:
    """Each format's finished export of this version at its newest revision (their SHA-256
    shown on the page)."""
    rows = await db.fetch(
        f"SELECT DISTINCT ON (format) {_JOB} FROM exports WHERE submission_id = $1::uuid"
        " AND kind = $3 AND version = $2 AND status = 'done'"
        " ORDER BY format, revision DESC, created_at",
        submission_id,
        version,
        kind,
    )
    return [ExportJob(*r) for r in rows]


async def file(db: asyncpg.Pool, sha256: str) -> tuple[str, bytes] | None:
    row = await db.fetchrow("SELECT media_type, data FROM files WHERE sha256 = $1", sha256)
    return (row[0], bytes(row[1])) if row else None


async def going_of(db: asyncpg.Pool, submission_id: str, version: int) -> list[ExportJob]:
    """The exports of this version still queued or running, of either kind (the page
    follows them)."""
    rows = await db.fetch(
        f"SELECT {_JOB} FROM exports WHERE submission_id = $1::uuid AND version = $2"
        f" AND status IN ('queued', 'running') AND NOT ({_STALE}) ORDER BY created_at",
        submission_id,
        version,
    )
    return [ExportJob(*r) for r in rows]

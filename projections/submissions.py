"""Submissions read model: each submission as it stands and as it stood at every version (for
the readable diff), and the queries that build its document (`projections.documents`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

import asyncpg
import msgspec
from psycopg.types.json import Jsonb

from assembly.actors import parse_ref
from assembly.submissions import Letterhead, Submission
from projections.projector import Projector, Statements, handles


class SubmissionsProjector(Projector):
    name = "submissions"
    tables = ("submissions", "submission_versions", "letterhead")

    INSERT: ClassVar[str] = (
        "INSERT INTO submissions (id, year_be, province_code, status, letter, items, corrects,"
        " version, created_at, updated_at) VALUES (%s, %s, %s, 'draft', %s, %s, %s, %s, %s, %s)"
    )
    LETTER: ClassVar[str] = (
        "UPDATE submissions SET letter = letter || %s, version = %s, updated_at = %s WHERE id = %s"
    )
    ITEMS: ClassVar[str] = (
        "UPDATE submissions SET items = %s, version = %s, updated_at = %s WHERE id = %s"
    )
    # One item replaced (taken again) or marked seen, the others left in their order.
    ITEM: ClassVar[str] = (
        "UPDATE submissions SET items = (SELECT jsonb_agg(CASE WHEN e->>'id' = %s THEN"
        " e || %s ELSE e END ORDER BY n) FROM jsonb_array_elements(items) WITH ORDINALITY"
        " AS t(e, n)), version = %s, updated_at = %s WHERE id = %s"
    )
    FINAL: ClassVar[str] = (
        "UPDATE submissions SET status = 'final', document_number = %s, dated = %s,"
        " document_sha256 = %s, version = %s, updated_at = %s WHERE id = %s"
    )
    VERSION: ClassVar[str] = (
        "INSERT INTO submission_versions (submission_id, version, occurred_at, event_type,"
        " actor_role, letter, items) SELECT id, version, %s, %s, %s, letter, items"
        " FROM submissions WHERE id = %s"
    )

    EMBLEM: ClassVar[str] = (
        "INSERT INTO letterhead (id, emblem_sha256) VALUES (1, %s)"
        " ON CONFLICT (id) DO UPDATE SET emblem_sha256 = EXCLUDED.emblem_sha256"
    )

    @handles(Letterhead.EmblemSet)
    def emblem_set(self, e: Any, out: Statements) -> None:
        out.add(self.EMBLEM, (e.sha256,))

    def _version(self, e: Any, out: Statements) -> None:
        role, _ = parse_ref(e.by)
        kind = type(e).__qualname__.split(".")[-1]
        out.add(self.VERSION, (e.timestamp, kind, role, e.originator_id))

    @handles(Submission.Composed)
    def composed(self, e: Any, out: Statements) -> None:
        out.add(
            self.INSERT,
            (
                e.originator_id,
                e.year_be,
                e.province_code,
                Jsonb(e.letter),
                Jsonb(e.items),
                e.corrects,
                e.originator_version,
                e.timestamp,
                e.timestamp,
            ),
        )
        self._version(e, out)

    @handles(Submission.LetterRevised)
    def letter_revised(self, e: Any, out: Statements) -> None:
        out.add(self.LETTER, (Jsonb(e.changes), e.originator_version, e.timestamp, e.originator_id))
        self._version(e, out)

    @handles(Submission.ItemsSet)
    def items_set(self, e: Any, out: Statements) -> None:
        out.add(self.ITEMS, (Jsonb(e.items), e.originator_version, e.timestamp, e.originator_id))
        self._version(e, out)

    @handles(Submission.ChangeTaken)
    def change_taken(self, e: Any, out: Statements) -> None:
        item = Jsonb(e.item)
        out.add(
            self.ITEM,
            (e.item["id"], item, e.originator_version, e.timestamp, e.originator_id),
        )
        self._version(e, out)

    @handles(Submission.ChangeLeft)
    def change_left(self, e: Any, out: Statements) -> None:
        seen = Jsonb({"seen": e.seen})
        out.add(self.ITEM, (e.item_id, seen, e.originator_version, e.timestamp, e.originator_id))
        self._version(e, out)

    @handles(Submission.Finalized)
    def finalized(self, e: Any, out: Statements) -> None:
        out.add(
            self.FINAL,
            (
                e.document_number,
                date.fromisoformat(e.dated),
                e.document_sha256,
                e.originator_version,
                e.timestamp,
                e.originator_id,
            ),
        )
        self._version(e, out)


# --- queries ---


class ItemView(msgspec.Struct, frozen=True):
    id: str
    version: int  # the version taken
    seen: int  # the version last looked at
    title_th: str
    text_th: str
    agencies: list[str] = msgspec.field(default_factory=list)


class SubmissionView(msgspec.Struct, frozen=True):
    id: str
    year_be: int
    province_code: str | None
    status: str  # draft | final
    letter: dict[str, Any]
    items: list[ItemView]
    corrects: str | None
    document_number: str | None
    dated: date | None
    document_sha256: str | None
    version: int
    created_at: datetime
    updated_at: datetime

    @property
    def final(self) -> bool:
        return self.status == "final"


_COLUMNS = (
    "id::text, year_be, province_code, status, letter, items, corrects::text, document_number,"
    " dated, document_sha256, version, created_at, updated_at"
)


def _decode(value: Any) -> Any:
    return msgspec.json.decode(value) if isinstance(value, str | bytes) else value


def _view(row: asyncpg.Record) -> SubmissionView:
    values = list(row)
    values[4] = _decode(values[4])
    values[5] = msgspec.convert(_decode(values[5]), list[ItemView])
    return SubmissionView(*values)


async def submission(db: asyncpg.Pool, submission_id: str) -> SubmissionView | None:
    row = await db.fetchrow(
        f"SELECT {_COLUMNS} FROM submissions WHERE id = $1::uuid", submission_id
    )
    return _view(row) if row else None


async def submissions(
    db: asyncpg.Pool, year_be: int, *, province_code: str | None = None, final_only: bool = False
) -> list[SubmissionView]:
    """The year's national submissions (or a province's), newest first."""
    rows = await db.fetch(
        f"SELECT {_COLUMNS} FROM submissions WHERE year_be = $1"
        " AND province_code IS NOT DISTINCT FROM $2 AND (status = 'final' OR NOT $3)"
        " ORDER BY created_at DESC",
        year_be,
        province_code,
        final_only,
    )
    return [_view(r) for r in rows]


async def corrected_by(db: asyncpg.Pool, submission_id: str) -> list[SubmissionView]:
    rows = await db.fetch(
        f"SELECT {_COLUMNS} FROM submissions WHERE corrects = $1::uuid ORDER BY created_at",
        submission_id,
    )
    return [_view(r) for r in rows]


class VersionView(msgspec.Struct, frozen=True):
    version: int
    occurred_at: datetime
    event_type: str
    actor_role: str
    letter: dict[str, Any]
    items: list[ItemView]


async def versions(db: asyncpg.Pool, submission_id: str) -> list[VersionView]:
    """Every version of the submission, oldest first."""
    rows = await db.fetch(
        "SELECT version, occurred_at, event_type, actor_role, letter, items"
        " FROM submission_versions WHERE submission_id = $1::uuid ORDER BY version",
        submission_id,
    )
    return [
        VersionView(
            r[0], r[1], r[2], r[3], _decode(r[4]), msgspec.convert(_decode(r[5]), list[ItemView])
        )
        for r in rows
    ]


class SourceState(msgspec.Struct, frozen=True):
    """An item's source as it is now: its version, text and title."""

    id: str
    version: int
    title_th: str
    text_th: str


async def sources(db: asyncpg.Pool, view: SubmissionView) -> dict[str, SourceState]:
    """The items' recommendations (or issues) as they are now, to show what changed."""
    ids = [i.id for i in view.items]
    if view.province_code is None:
        sql = (
            "SELECT id::text, version, title_th, text_th FROM recommendations"
            " WHERE id = ANY($1::uuid[])"
        )
    else:
        sql = (
            "SELECT id::text, version, title_th, concat_ws(E'\\n', nullif(summary_th, ''),"
            " nullif(recommendation_th, '')) FROM issues WHERE id = ANY($1::uuid[])"
        )
    return {r[0]: SourceState(*r) for r in await db.fetch(sql, ids)}


# --- signatories (personal data: out of events, erasable) ---


async def signatory_names(db: asyncpg.Pool, ids: list[str]) -> dict[str, str]:
    rows = await db.fetch(
        "SELECT id::text, name_th FROM signatories WHERE id = ANY($1::uuid[])", ids
    )
    return {r[0]: r[1] or "(ลบข้อมูลแล้ว)" for r in rows}


async def remember_signatory(db: asyncpg.Pool, name_th: str) -> str:
    """Keep a signatory's name beside the events; events carry the returned id only."""
    return str(
        await db.fetchval(
            "INSERT INTO signatories (id, name_th) VALUES (gen_random_uuid(), $1) RETURNING id",
            name_th,
        )
    )


async def emblem(db: asyncpg.Pool) -> bytes | None:
    """The organization's emblem image, once uploaded."""
    data = await db.fetchval(
        "SELECT f.data FROM letterhead l JOIN files f ON f.sha256 = l.emblem_sha256"
    )
    return bytes(data) if data is not None else None

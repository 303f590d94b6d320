"""The calendar read model: each edition's phases and their amendments, the phase a moment
falls in and the one after it, and the deadlines the scheduler acts on."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import asyncpg
import msgspec

from assembly.thai import BANGKOK
from assembly.timeline import ORDER, PHASE_TH, Phase


class PhaseView(msgspec.Struct, frozen=True):
    phase: str
    name_th: str
    starts_at: datetime
    ends_at: datetime
    amended: bool = False

    @property
    def moment(self) -> bool:
        """A due date rather than a window."""
        return self.starts_at == self.ends_at


class Amendment(msgspec.Struct, frozen=True):
    phase: str
    name_th: str
    starts_at: datetime
    ends_at: datetime
    reason_th: str
    amended_at: datetime
    actor_role: str


class Now(msgspec.Struct, frozen=True):
    """Where a moment stands in an edition's calendar."""

    current: PhaseView | None  # the phase running now (none between phases)
    next: PhaseView | None  # the next phase to begin (or the due date to come)


def _order(phase: str) -> int:
    return ORDER.index(Phase(phase))


async def timeline(db: asyncpg.Pool, year_be: int) -> list[PhaseView]:
    rows = await db.fetch(
        "SELECT phase, starts_at, ends_at, amended FROM edition_phases WHERE year_be = $1",
        year_be,
    )
    phases = [PhaseView(r[0], PHASE_TH[Phase(r[0])], r[1], r[2], r[3]) for r in rows]
    return sorted(phases, key=lambda p: _order(p.phase))


async def timelines(db: asyncpg.Pool) -> dict[int, list[PhaseView]]:
    """Every edition's phases at once (what the header line and the editions list need)."""
    rows = await db.fetch("SELECT year_be, phase, starts_at, ends_at, amended FROM edition_phases")
    found: dict[int, list[PhaseView]] = {}
    for r in rows:
        found.setdefault(r[0], []).append(PhaseView(r[1], PHASE_TH[Phase(r[1])], r[2], r[3], r[4]))
    return {year: sorted(p, key=lambda v: _order(v.phase)) for year, p in found.items()}


async def amendments(db: asyncpg.Pool, year_be: int) -> list[Amendment]:
    rows = await db.fetch(
        "SELECT phase, starts_at, ends_at, reason_th, amended_at, actor_role"
        " FROM timeline_amendments WHERE year_be = $1 ORDER BY amended_at",
        year_be,
    )
    return [Amendment(r[0], PHASE_TH[Phase(r[0])], *r[1:]) for r in rows]


def where(phases: list[PhaseView], now: datetime) -> Now:
    current = next((p for p in phases if p.starts_at <= now < p.ends_at), None)
    coming = next((p for p in phases if p.starts_at > now), None)
    if coming is None:  # a due date still ahead counts as next too
        coming = next((p for p in phases if p.moment and p.ends_at > now), None)
    return Now(current, coming)


# --- deadlines: what the scheduler acts on ---


class Deadline(msgspec.Struct, frozen=True):
    """One thing to do at one moment; `key` makes it once (see `fired_deadlines`)."""

    key: str  # "close:2569", "drafts-3d:2569", "agency-7d:<rec>:<agency>:<due>", …
    kind: str  # close | drafts-3d | … | agency-7d | agency-1d | overdue (see AGENCY_DEADLINES)
    year_be: int
    at: datetime
    # an agency's assignment (agency-7d, agency-1d, overdue): which, and the date it hangs on
    recommendation_id: str | None = None
    agency: str | None = None
    due_on: date | None = None


# (kind, phase it hangs on, which end, how long before it)
DEADLINES: tuple[tuple[str, Phase, str, timedelta], ...] = (
    ("close", Phase.PROPOSALS, "ends_at", timedelta(0)),
    ("drafts-3d", Phase.PROPOSALS, "ends_at", timedelta(days=3)),
    ("drafts-1d", Phase.PROPOSALS, "ends_at", timedelta(days=1)),
    ("provincial-open", Phase.PROVINCIAL, "starts_at", timedelta(0)),
    ("submission-7d", Phase.SUBMISSION, "ends_at", timedelta(days=7)),
    ("submission-1d", Phase.SUBMISSION, "ends_at", timedelta(days=1)),
)


# An agency's assignment: reminded a week and a day before its date (in the morning), marked
# overdue as the day after it begins. The key carries the date: an amended date re-arms them.
AGENCY_DEADLINES: tuple[tuple[str, int, time], ...] = (
    ("agency-7d", -7, time(9)),
    ("agency-1d", -1, time(9)),
    ("overdue", 1, time(0)),
)


def agency_deadlines(
    year_be: int, recommendation_id: str, agency: str, due: date
) -> list[Deadline]:
    return [
        Deadline(
            f"{kind}:{recommendation_id}:{agency}:{due.isoformat()}",
            kind,
            year_be,
            datetime.combine(due + timedelta(days=days), at, BANGKOK),
            recommendation_id,
            agency,
            due,
        )
        for kind, days, at in AGENCY_DEADLINES
    ]


async def deadlines(db: asyncpg.Pool | asyncpg.Connection) -> list[Deadline]:  # type: ignore[type-arg]
    """Every deadline of every live edition not fired yet (those already past included: a
    deadline missed while the server was down fires at start)."""
    rows = await db.fetch(
        "SELECT p.year_be, p.phase, p.starts_at, p.ends_at FROM edition_phases p"
        " JOIN editions e ON e.year_be = p.year_be"
        " WHERE NOT e.from_paper AND e.finalized_at IS NULL"
    )
    candidates = []
    for year_be, phase, starts_at, ends_at in rows:
        for kind, on, end, before in DEADLINES:
            if on.value == phase:
                at = (starts_at if end == "starts_at" else ends_at) - before
                candidates.append(Deadline(f"{kind}:{year_be}", kind, year_be, at))
    # Assignments still unanswered, of editions run live (a paper record's dates are history).
    for year_be, rec, agency, due in await db.fetch(
        "SELECT a.year_be, a.recommendation_id::text, a.agency, a.due_on FROM assignments a"
        " JOIN editions e ON e.year_be = a.year_be"
        " WHERE NOT e.from_paper AND a.number IS NULL AND a.due_on IS NOT NULL"
    ):
        candidates.extend(agency_deadlines(year_be, rec, agency, due))
    # Only these keys: the table also holds one per returned proposal told, thousands of them.
    fired = {
        r[0]
        for r in await db.fetch(
            "SELECT key FROM fired_deadlines WHERE key = ANY($1::text[])",
            [d.key for d in candidates],
        )
    }
    found = [d for d in candidates if d.key not in fired]
    return sorted(found, key=lambda d: (d.at, d.key))

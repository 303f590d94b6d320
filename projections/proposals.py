"""Proposals read model, its queries: one proposal, its history, the council's list (the
projector is in `projections.proposals_projector`, the coordinator's queue and search in
`projections.queue`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import asyncpg
import msgspec

from assembly.actors import Actor
from assembly.visibility import STATUSES, proposal_sight


class ProposalView(msgspec.Struct, frozen=True):
    id: str
    year_be: int
    council_id: str
    council_name_th: str
    province_code: str
    district_code: str
    status: str
    title_th: str
    problem_th: str
    recommendation_th: str
    category: str | None
    level: str | None
    affected_households: int | None
    affected_people: int | None
    tambon_codes: list[str]
    plan_reference: str
    on_behalf: bool
    version: int
    drafted_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    return_reason_th: str | None


class HistoryEntry(msgspec.Struct, frozen=True):
    version: int
    occurred_at: datetime
    event_type: str
    actor_role: str
    reason_th: str | None


class TimelineEntry(msgspec.Struct, frozen=True):
    """A line of the proposal's timeline on its page: an event, or a sitting's revisions by
    one person folded into one line (`times` of them, the last at `until`)."""

    version: int
    occurred_at: datetime
    event_type: str
    actor_role: str
    reason_th: str | None
    times: int = 1
    until: datetime | None = None


COLUMNS = (
    "id::text, year_be, council_id::text, council_name_th, province_code, district_code,"
    " status, title_th, problem_th, recommendation_th, category, level, affected_households,"
    " affected_people, tambon_codes, plan_reference, on_behalf, version, drafted_at,"
    " updated_at, submitted_at, return_reason_th"
)

STATUS_TH = {
    "draft": "ร่าง",
    "submitted": "ส่งแล้ว",
    "returned": "ส่งกลับให้แก้ไข",
    "consolidated": "รวมเป็นประเด็นจังหวัดแล้ว",
    "withdrawn": "ถอนแล้ว",
}
LEVEL_TH = {"tambon": "ระดับตำบล", "province": "ระดับจังหวัด", "national": "ระดับชาติ (นโยบาย)"}


def visible_clause(actor: Actor, first: int) -> tuple[str, list[Any]]:
    """The read policy's answer (`visibility.proposal_sight`) as SQL on two parameters
    numbered from `first`. The policy decides; this only spells it for PostgreSQL."""
    a, b = f"${first}", f"${first + 1}"
    sight = proposal_sight(actor)
    seen = sorted(sight.statuses)
    if sight.council_id:  # and every one of its own
        return f"(council_id = {a}::uuid OR status = ANY({b}))", [sight.council_id, seen]
    if sight.province_code:  # and its province's, but for drafts it did not enter itself
        clause = (
            f"(status = ANY({b}) OR (province_code = {a} AND (status <> 'draft' OR on_behalf)))"
        )
        return clause, [sight.province_code, seen]
    hidden = sorted(STATUSES - sight.statuses)
    if hidden == ["draft"]:  # every status but one: `<>` as the plans were measured with
        return f"(status <> ALL({b}) OR council_id::text = {a})", [None, hidden]
    return f"(status = ANY({b}) OR council_id::text = {a})", [None, seen]


async def get(db: asyncpg.Pool, proposal_id: str, actor: Actor) -> ProposalView | None:
    clause, args = visible_clause(actor, 2)
    row = await db.fetchrow(
        f"SELECT {COLUMNS} FROM proposals WHERE id = $1::uuid AND {clause}",
        proposal_id,
        *args,
    )
    return ProposalView(*row) if row else None


SITTING = timedelta(minutes=30)  # revisions closer than this to the last one: one sitting


async def history(db: asyncpg.Pool, proposal_id: str) -> list[HistoryEntry]:
    """Every event, oldest first (the API's answer: one entry per event, as recorded)."""
    rows = await db.fetch(
        "SELECT version, occurred_at, event_type, actor_role, reason_th FROM proposal_history"
        " WHERE proposal_id = $1::uuid ORDER BY version",
        proposal_id,
    )
    return [HistoryEntry(*r) for r in rows]


async def timeline(db: asyncpg.Pool, proposal_id: str) -> list[TimelineEntry]:
    """The history as the proposal's page tells it: the events stay one per save, but a
    sitting's revisions by one person (each within `SITTING` of the one before) read as one
    line, "แก้ไข 6 ครั้ง 10.02-10.31 น.", not six (issue 10)."""
    rows = await db.fetch(
        "SELECT version, occurred_at, event_type, actor_role, reason_th, actor_account"
        " FROM proposal_history WHERE proposal_id = $1::uuid ORDER BY version",
        proposal_id,
    )
    return fold_sittings([(TimelineEntry(*r[:5]), r[5]) for r in rows])


def fold_sittings(entries: list[tuple[TimelineEntry, object]]) -> list[TimelineEntry]:
    """Consecutive `Revised` entries of one account, each within `SITTING` of the one before,
    folded into the first of them (with `times` and `until`)."""
    out: list[TimelineEntry] = []
    last_account: object = None
    for entry, account in entries:
        prev = out[-1] if out else None
        if (
            prev is not None
            and entry.event_type == prev.event_type == "Revised"
            and account == last_account
            and entry.occurred_at - (prev.until or prev.occurred_at) <= SITTING
        ):
            out[-1] = msgspec.structs.replace(
                prev, version=entry.version, times=prev.times + 1, until=entry.occurred_at
            )
        else:
            out.append(entry)
        last_account = account
    return out


async def of_council(db: asyncpg.Pool, council_id: str, year_be: int) -> list[ProposalView]:
    rows = await db.fetch(
        f"SELECT {COLUMNS} FROM proposals WHERE council_id = $1::uuid AND year_be = $2"
        " ORDER BY updated_at DESC",
        council_id,
        year_be,
    )
    return [ProposalView(*r) for r in rows]


class Brief(msgspec.Struct, frozen=True):
    id: str
    title_th: str
    council_name_th: str
    province_code: str
    status: str


async def briefs(db: asyncpg.Pool, ids: list[str]) -> dict[str, Brief]:
    rows = await db.fetch(
        "SELECT id::text, title_th, council_name_th, province_code, status FROM proposals"
        " WHERE id = ANY($1::uuid[])",
        ids,
    )
    return {r[0]: Brief(*r) for r in rows}

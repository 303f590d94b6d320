"""What a deadline does when it fires: one action per kind (`ACTIONS`), and the scan that tells
councils their proposal was returned.

Each reminder runs on the connection of the firing's transaction, so its notifications and the
`fired_deadlines` row commit together (or not at all). People are found through their accounts
(the accounts read model), never by a name; an account disabled or erased since is skipped and
counted in the outcome.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeAlias

import asyncpg

from assembly.thai import thai_date, thai_datetime, to_bangkok
from projections.calendar import Deadline
from projections.notifications import notify

Conn: TypeAlias = "asyncpg.Connection[asyncpg.Record]"
Action = Callable[[Conn, Deadline, datetime], Awaitable[str]]


class NotYet(Exception):
    """The deadline is not due after all (its date moved later): leave it unfired."""


async def _accounts(conn: Conn, where: str, *args: object) -> tuple[list[asyncpg.Record], int]:
    """Accounts matching `where` that may be told, and how many matching ones may not
    (disabled or erased since)."""
    found = await conn.fetch(
        "SELECT id, province_code, council_id, disabled OR erased AS off FROM accounts"
        f" WHERE {where}",
        *args,
    )
    live = [r for r in found if not r["off"]]
    return live, len(found) - len(live)


def _outcome(told: int, skipped: int) -> str:
    return f"notified {told}, skipped {skipped}"


async def _phase_end(conn: Conn, year_be: int, phase: str) -> datetime | None:
    return await conn.fetchval(  # type: ignore[no-any-return]
        "SELECT ends_at FROM edition_phases WHERE year_be = $1 AND phase = $2", year_be, phase
    )


async def drafts(conn: Conn, deadline: Deadline, now: datetime) -> str:
    """Councils with unsent drafts, a few days before the window closes: one notification
    per account, saying how many drafts its council still has."""
    closes = await _phase_end(conn, deadline.year_be, "proposals")
    if closes is None or closes <= now:
        return "late: window closed"  # a reminder after the close helps nobody
    counts = {
        r[0]: r[1]
        for r in await conn.fetch(
            "SELECT council_id, count(*) FROM proposals WHERE year_be = $1 AND status = 'draft'"
            " GROUP BY council_id",
            deadline.year_be,
        )
    }
    live, skipped = await _accounts(
        conn, "role = 'council' AND council_id = ANY($1::uuid[])", list(counts)
    )
    by_count: dict[int, list[str]] = defaultdict(list)
    for r in live:
        by_count[counts[r["council_id"]]].append(str(r["id"]))
    told = 0
    for n, ids in sorted(by_count.items()):
        told += await notify(
            conn,
            ids,
            key=deadline.key,
            kind="drafts",
            subject_th="ยังมีร่างข้อเสนอที่ยังไม่ได้ส่ง",
            body_th=(f"ยังมีร่างข้อเสนอที่ยังไม่ได้ส่ง {n} ฉบับ ปิดรับ {thai_datetime(closes)}"),
            link="/proposals",
        )
    return _outcome(told, skipped)


async def provincial_open(conn: Conn, deadline: Deadline, now: datetime) -> str:
    """Every coordinator, as the provincial meetings begin: a link to their province's board."""
    ends = await _phase_end(conn, deadline.year_be, "provincial")
    if ends is None or ends <= now:
        return "late: provincial meetings over"
    live, skipped = await _accounts(conn, "role = 'coordinator'")
    by_province: dict[str, list[str]] = defaultdict(list)
    for r in live:
        by_province[r["province_code"] or ""].append(str(r["id"]))
    told = 0
    for code, ids in sorted(by_province.items()):
        told += await notify(
            conn,
            ids,
            key=deadline.key,
            kind="provincial-open",
            subject_th="เริ่มช่วงประชุมระดับจังหวัด",
            body_th=(
                f"เริ่มช่วงประชุมระดับจังหวัดของการประชุมประจำปี {deadline.year_be} ถึง {thai_datetime(ends)}"
            ),
            link=f"/provinces/{code}/board" if code else "/",
        )
    return _outcome(told, skipped)


async def submission(conn: Conn, deadline: Deadline, now: datetime) -> str:
    """The secretariat, a week and a day before the submission is due to the Cabinet."""
    due = await _phase_end(conn, deadline.year_be, "submission")
    if due is None or due <= now:
        return "late: submission due date passed"
    live, skipped = await _accounts(conn, "role = 'secretariat'")
    told = await notify(
        conn,
        [str(r["id"]) for r in live],
        key=deadline.key,
        kind="submission",
        subject_th="ใกล้กำหนดส่งข้อเสนอต่อคณะรัฐมนตรี",
        body_th=(
            f"กำหนดส่งข้อเสนอของการประชุมประจำปี {deadline.year_be} ต่อคณะรัฐมนตรี {thai_datetime(due)}"
        ),
        link=f"/editions/{deadline.year_be}/submissions",
    )
    return _outcome(told, skipped)


async def _assignment(conn: Conn, deadline: Deadline) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT a.number, a.due_on, r.title_th FROM assignments a"
        " JOIN recommendations r ON r.id = a.recommendation_id"
        " WHERE a.recommendation_id = $1::uuid AND a.agency = $2",
        deadline.recommendation_id,
        deadline.agency,
    )


async def tell_agency(conn: Conn, deadline: Deadline, subject_th: str, body_th: str) -> str:
    """The agency's liaison accounts (role 'agency', that agency's code), once per key."""
    live, skipped = await _accounts(conn, "role = 'agency' AND agency = $1", deadline.agency)
    told = await notify(
        conn,
        [str(r["id"]) for r in live],
        key=deadline.key,
        kind=deadline.kind,
        subject_th=subject_th,
        body_th=body_th,
        link=f"/agency#rec-{deadline.recommendation_id}",
    )
    return _outcome(told, skipped)


async def agency_due(conn: Conn, deadline: Deadline, now: datetime) -> str:
    """An agency's liaisons, a week and a day before its assignment's date, while unanswered."""
    found = await _assignment(conn, deadline)
    if found is None or found["number"] is not None:
        return "answered or unassigned"
    if found["due_on"] != deadline.due_on:
        return "date moved"  # the new date has its own reminders
    if deadline.due_on is None or to_bangkok(now).date() > deadline.due_on:
        return "late: due date passed"
    days = (deadline.due_on - to_bangkok(now).date()).days
    return await tell_agency(
        conn,
        deadline,
        "ใกล้กำหนดตอบข้อเสนอแนะ",
        f"ข้อเสนอแนะ “{found['title_th']}” กำหนดตอบ {thai_date(deadline.due_on)}"
        f" (อีก {days} วัน) ยังไม่ได้ส่งความเห็น",
    )


async def agency_overdue(conn: Conn, deadline: Deadline, now: datetime) -> str:
    """After the write side marked it overdue: its liaisons told so, once."""
    found = await _assignment(conn, deadline)
    if found is None or found["number"] is not None:
        return "answered or unassigned"
    return await tell_agency(
        conn,
        deadline,
        "เกินกำหนดตอบข้อเสนอแนะ",
        f"ข้อเสนอแนะ “{found['title_th']}” เกินกำหนดตอบ {thai_date(found['due_on'])}"
        " แล้ว กรุณาส่งความเห็นโดยเร็ว",
    )


# The close is not here: it is a command through the write side (see `scheduler.Scheduler`),
# and so is the overdue mark (which then runs `agency_overdue`).
ACTIONS: dict[str, Action] = {
    "drafts-3d": drafts,
    "drafts-1d": drafts,
    "provincial-open": provincial_open,
    "submission-7d": submission,
    "submission-1d": submission,
    "agency-7d": agency_due,
    "agency-1d": agency_due,
}


# --- returned proposals: found by a scan, once per return ---

RETURNED = (
    "SELECT h.proposal_id, h.version, p.council_id, p.title_th, h.reason_th"
    " FROM proposal_history h JOIN proposals p ON p.id = h.proposal_id"
    " WHERE h.event_type = 'Returned' AND NOT EXISTS (SELECT 1 FROM fired_deadlines f"
    "  WHERE f.key = 'returned:' || h.proposal_id || ':' || h.version)"
    " ORDER BY h.occurred_at LIMIT $1"
)


async def returned(conn: Conn, limit: int = 500) -> int:
    """Tell the council of every proposal returned for revision and not told yet; returns
    how many returns were told here. The `fired_deadlines` row is claimed first, in the same
    transaction as the notifications: a second scanner waits on it and then skips, and a
    crash rolls both back (the return is told at the next scan)."""
    handled = 0
    for r in await conn.fetch(RETURNED, limit):
        key = f"returned:{r['proposal_id']}:{r['version']}"
        claimed = await conn.fetchval(
            "INSERT INTO fired_deadlines (key) VALUES ($1) ON CONFLICT (key) DO NOTHING"
            " RETURNING key",
            key,
        )
        if claimed is None:
            continue
        live, skipped = await _accounts(
            conn, "role = 'council' AND council_id = $1", r["council_id"]
        )
        told = await notify(
            conn,
            [str(a["id"]) for a in live],
            key=key,
            kind="returned",
            subject_th="ข้อเสนอถูกส่งกลับให้แก้ไข",
            body_th=f"ข้อเสนอ “{r['title_th']}” ถูกส่งกลับให้แก้ไข: {r['reason_th'] or ''}",
            link=f"/proposals/{r['proposal_id']}",
        )
        await conn.execute(
            "UPDATE fired_deadlines SET outcome = $2 WHERE key = $1", key, _outcome(told, skipped)
        )
        handled += 1
    return handled

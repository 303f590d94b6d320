"""Proposals read model: the projector, one proposal, its history, the council's list (the
coordinator's queue and search are in `projections.queue`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, ClassVar

import asyncpg
import msgspec
from eventsourcing.utils import get_topic

from assembly.actors import Actor, parse_ref
from assembly.editions import Edition
from assembly.proposals import Proposal
from assembly.visibility import STATUSES, proposal_sight
from projections import segmenting
from projections.projector import Projector, Statements, handles

CONTENT_FIELDS = (
    "title_th",
    "problem_th",
    "recommendation_th",
    "category",
    "level",
    "affected_households",
    "affected_people",
    "tambon_codes",
    "plan_reference",
)


def _content(content: dict[str, Any]) -> tuple[Any, ...]:
    """The editable fields, in the order the INSERT and the UPDATE name their columns."""
    return tuple(content[name] for name in CONTENT_FIELDS)


def _pair(content: dict[str, Any]) -> segmenting.Texts:
    return (
        str(content.get("title_th", "")),
        f"{content.get('problem_th', '')}\n{content.get('recommendation_th', '')}",
    )


def _texts(content: dict[str, Any]) -> segmenting.Segmented:
    """(search text, title words, body words), segmented ahead by `prepare` if it could."""
    return segmenting.get(_pair(content))


# Where INSERT's params are, for a change made in a row not yet sent (`Statements.amend`).
CONTENT = slice(2, 2 + len(CONTENT_FIELDS))
VERSION, UPDATED_AT, TEXTS = 12, 14, slice(15, 18)
STATUS_AT, SUBMITTED_AT, RETURN_REASON = 18, 19, 20


class ProposalsProjector(Projector):
    name = "proposals"
    tables = ("proposals", "proposal_history", "proposal_attachments")
    bulk_indexes = (
        "proposals_queue",
        "proposals_by_council",
        "proposals_national",
        "proposals_province_recent",
        "proposals_search",
        "proposal_history_returned",
    )

    # Drafts still unsent when the window closed are marked so (one statement for them all).
    LEFT_UNSENT: ClassVar[str] = (
        "UPDATE proposals SET left_unsent = true WHERE year_be = %s AND status = 'draft'"
    )

    slow_topics = frozenset(get_topic(c) for c in (Proposal.Drafted, Proposal.Revised))

    def prepare(self, topic: str, event: Any) -> None:
        if isinstance(event, Proposal.Drafted | Proposal.Revised):
            segmenting.want(_pair(event.content))

    @handles(Edition.ProposalWindowClosed)
    def window_closed(self, e: Any, out: Statements) -> None:
        out.add(self.LEFT_UNSENT, (e.year_be,))

    INSERT: ClassVar[str] = (
        "INSERT INTO proposals (id, year_be, council_id, council_name_th, province_code,"
        " district_code, title_th, problem_th, recommendation_th, category, level,"
        " affected_households, affected_people, tambon_codes, plan_reference, on_behalf,"
        " version, drafted_at, updated_at, search, title_words, body_words, status,"
        " submitted_at, return_reason_th)"
        " SELECT %s, %s, c.id, c.name_th, c.province_code, c.district_code, %s, %s, %s,"
        " %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, to_tsvector('simple', %s), %s, %s,"
        " %s, %s, %s FROM councils c WHERE c.id = %s"
    )
    REVISE: ClassVar[str] = (
        "UPDATE proposals SET title_th = %s, problem_th = %s, recommendation_th = %s,"
        " category = %s, level = %s, affected_households = %s, affected_people = %s,"
        " tambon_codes = %s, plan_reference = %s, version = %s, updated_at = %s,"
        " search = to_tsvector('simple', %s), title_words = %s, body_words = %s WHERE id = %s"
    )
    STATUS: ClassVar[str] = (
        "UPDATE proposals SET status = %s, version = %s, updated_at = %s,"
        " submitted_at = CASE WHEN %s = 'submitted' THEN %s ELSE submitted_at END,"
        " return_reason_th = CASE WHEN %s = 'returned' THEN %s"
        "   WHEN %s = 'submitted' THEN NULL ELSE return_reason_th END"
        " WHERE id = %s"
    )
    HISTORY: ClassVar[str] = (
        "INSERT INTO proposal_history (proposal_id, version, occurred_at, event_type,"
        " actor_role, actor_account, reason_th) VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )

    def _history(self, e: Any, out: Statements, reason: str | None = None) -> None:
        role, account = parse_ref(e.by)
        kind = type(e).__name__
        out.append(
            self.HISTORY,
            (
                e.originator_id,
                e.originator_version,
                e.timestamp,
                kind,
                role,
                account,
                reason,
            ),
        )

    @handles(Proposal.Drafted)
    def drafted(self, e: Any, out: Statements) -> None:
        c = e.content
        row = [
            e.originator_id,
            e.year_be,
            *_content(c),
            e.on_behalf,
            e.originator_version,
            e.timestamp,
            e.timestamp,
            *_texts(c),
            "draft",
            None,  # submitted_at
            None,  # return_reason_th
            e.council_id,
        ]
        # A change in the same batch is made in this row while it is unsent (`amend`).
        out.add(self.INSERT, row, key=(self.INSERT, e.originator_id))
        self._history(e, out)

    @handles(Proposal.Revised)
    def revised(self, e: Any, out: Statements) -> None:
        c = e.content
        drafted = out.amend((self.INSERT, e.originator_id))
        if drafted is not None:  # its INSERT is not sent yet: REVISE's change, made in it
            drafted[CONTENT] = _content(c)
            drafted[VERSION], drafted[UPDATED_AT] = e.originator_version, e.timestamp
            drafted[TEXTS] = _texts(c)
            self._history(e, out)
            return
        out.add(
            self.REVISE,
            (
                *_content(c),
                e.originator_version,
                e.timestamp,
                *_texts(c),
                e.originator_id,
            ),
        )
        self._history(e, out)

    ATTACH: ClassVar[str] = (
        "INSERT INTO proposal_attachments (attachment_id, proposal_id, filename, media_type,"
        " size, sha256, added_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )
    DETACH: ClassVar[str] = "DELETE FROM proposal_attachments WHERE attachment_id = %s"
    TOUCH: ClassVar[str] = "UPDATE proposals SET version = %s, updated_at = %s WHERE id = %s"

    @handles(Proposal.AttachmentAdded)
    def attached(self, e: Any, out: Statements) -> None:
        out.add(
            self.ATTACH,
            (
                e.attachment_id,
                e.originator_id,
                e.filename,
                e.media_type,
                e.size,
                e.sha256,
                e.timestamp,
            ),
        )
        out.add(self.TOUCH, (e.originator_version, e.timestamp, e.originator_id))
        self._history(e, out)

    @handles(Proposal.AttachmentRemoved)
    def detached(self, e: Any, out: Statements) -> None:
        out.add(self.DETACH, (e.attachment_id,))
        out.add(self.TOUCH, (e.originator_version, e.timestamp, e.originator_id))
        self._history(e, out)

    @handles(Proposal.Submitted, Proposal.Returned, Proposal.Withdrawn)
    def status(self, e: Any, out: Statements) -> None:
        status = {
            Proposal.Submitted: "submitted",
            Proposal.Returned: "returned",
            Proposal.Withdrawn: "withdrawn",
        }[type(e)]
        reason = getattr(e, "reason_th", None)
        drafted = out.amend((self.INSERT, e.originator_id))
        if drafted is not None:  # its INSERT is not sent yet: STATUS's change, made in it
            drafted[VERSION], drafted[UPDATED_AT] = e.originator_version, e.timestamp
            drafted[STATUS_AT] = status
            if status == "submitted":
                drafted[SUBMITTED_AT], drafted[RETURN_REASON] = e.timestamp, None
            elif status == "returned":
                drafted[RETURN_REASON] = reason
        else:
            out.add(
                self.STATUS,
                (
                    status,
                    e.originator_version,
                    e.timestamp,
                    status,
                    e.timestamp,
                    status,
                    reason,
                    status,
                    e.originator_id,
                ),
            )
        self._history(e, out, reason)

    FORGET: ClassVar[tuple[str, ...]] = (
        "DELETE FROM proposal_attachments WHERE proposal_id = %s",
        "DELETE FROM proposal_history WHERE proposal_id = %s",
        "DELETE FROM proposals WHERE id = %s",
    )

    @handles(Proposal.DraftDeleted)
    def draft_deleted(self, e: Any, out: Statements) -> None:
        """A deleted draft leaves the council's lists and every page: it was never seen by
        anyone but its editor, so the read side forgets it (the events keep what happened)."""
        out.flush(self.HISTORY)  # its rows so far, before they are deleted
        for statement in self.FORGET:
            out.add(statement, (e.originator_id,))

    CONSOLIDATED: ClassVar[str] = (
        "UPDATE proposals SET status = %s, version = %s, updated_at = %s WHERE id = %s"
    )

    @handles(Proposal.Consolidated, Proposal.Released)
    def consolidated(self, e: Any, out: Statements) -> None:
        status = "consolidated" if isinstance(e, Proposal.Consolidated) else "submitted"
        out.add(self.CONSOLIDATED, (status, e.originator_version, e.timestamp, e.originator_id))
        self._history(e, out)


# --- queries ---


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

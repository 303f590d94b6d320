"""Proposals read model, its projector: the proposals' rows, their search words and history
(the queries are in `projections.proposals`, the coordinator's queue in `projections.queue`)."""

from __future__ import annotations

from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from assembly.actors import parse_ref
from assembly.editions import Edition
from assembly.proposals import Proposal
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

"""Who may see what: one table of pages, lists and documents by role and scope.

The read side's counterpart of `policy.py` (who may write). Every page, list and document
that not everyone may open asks here; `tests/test_visibility.py` walks the table for every
role over HTTP, as `tests/test_security.py` walks the write policy.

- `VISIBILITY`: which roles may open a page or list, and whether a coordinator is kept to
  the province (scope) it is about.
- `proposal_sight`: which proposals an actor sees (public once submitted; a council always
  its own; the province's coordinator its province's; staff every non-draft). The read
  model turns it into SQL (`projections.proposals.visible_clause`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from assembly.actors import Actor, Role, check_scope
from assembly.agencies import catalogued
from assembly.errors import Forbidden, Unauthenticated


class Seen(StrEnum):
    OWN_PROPOSALS = "own_proposals"  # a council's own proposals and its form for a new one
    QUEUE = "queue"  # a province's review queue
    BOARD = "board"  # a province's consolidation board
    SUGGESTIONS = "suggestions"  # the machine's groups of likely duplicates of a province
    SIMILAR = "similar"  # proposals like one (or like a draft being typed)
    INVITATIONS = "invitations"  # a council's invitation codes and their letters
    ACCOUNTS = "accounts"  # account administration
    AUDIT = "audit"  # every event: who, what, when
    NATIONAL_DRAFTS = "national_drafts"  # a submission to the Cabinet before it is finalized
    PROVINCIAL_DRAFTS = "provincial_drafts"  # a province's letter to its governor, likewise
    AGENCY_WORK = "agency_work"  # an agency's assignments with its draft answers
    MEETING_DESK = "meeting_desk"  # a provincial meeting as it runs: ballots, tally, draft minutes
    FORUM_MODERATION = "forum_moderation"  # the forum's comments, reported ones first


class Sight(NamedTuple):
    roles: frozenset[Role]
    scoped: bool  # a coordinator sees only what belongs to their province
    refusal_th: str
    refusal_en: str = ""  # none: the Thai message in both


STAFF_ONLY = "หน้านี้สำหรับผู้ประสานงานจังหวัดและเจ้าหน้าที่"
NOT_ALLOWED = ("บัญชีของคุณไม่มีสิทธิ์ทำรายการนี้", "not allowed for this role")
BOARD_ROLES = frozenset({Role.COORDINATOR, Role.ORGANIZER, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN, Role.SYSTEM})
DRAFTERS = frozenset({Role.SECRETARIAT, Role.ORGANIZER, Role.ADMIN, Role.SYSTEM})
DRAFTS_ONLY = "หนังสือฉบับร่างเปิดได้เฉพาะฝ่ายเลขานุการและผู้จัดทำ"

VISIBILITY: dict[Seen, Sight] = {
    # A council account bound to a council (see `sees`: a council's own only).
    Seen.OWN_PROPOSALS: Sight(frozenset({Role.COUNCIL}), False, "หน้านี้สำหรับผู้แทนสภาองค์กรชุมชนตำบล"),
    Seen.QUEUE: Sight(BOARD_ROLES | {Role.SECRETARIAT}, True, STAFF_ONLY),
    Seen.BOARD: Sight(BOARD_ROLES, True, STAFF_ONLY),
    Seen.SUGGESTIONS: Sight(BOARD_ROLES, True, "ข้อเสนอแนะการรวมสำหรับผู้ประสานงานจังหวัดและเจ้าหน้าที่"),
    Seen.SIMILAR: Sight(
        frozenset({Role.COUNCIL, Role.COORDINATOR, Role.ORGANIZER, Role.SECRETARIAT, Role.ADMIN}),
        False,
        "ดูข้อเสนอที่คล้ายกันได้เฉพาะสภาและผู้ประสานงาน",
    ),
    # Those who issue the codes: organizers anywhere, a coordinator in the province.
    Seen.INVITATIONS: Sight(
        frozenset({Role.COORDINATOR, Role.ORGANIZER, Role.ADMIN, Role.SYSTEM}), True, *NOT_ALLOWED
    ),
    Seen.ACCOUNTS: Sight(ADMINS, False, *NOT_ALLOWED),
    Seen.AUDIT: Sight(ADMINS, False, *NOT_ALLOWED),
    # A finalized submission is public; its drafts are the secretariat's (and a province's
    # letter its coordinator's too).
    Seen.NATIONAL_DRAFTS: Sight(DRAFTERS, False, DRAFTS_ONLY),
    Seen.PROVINCIAL_DRAFTS: Sight(DRAFTERS | {Role.COORDINATOR}, True, DRAFTS_ONLY),
    # An agency's open work and its drafts: its own liaisons (see `check_agency`), and the
    # secretariat that follows every agency up.
    # A provincial meeting's running: its coordinator (organizers anywhere). Its schedule and
    # agenda are public, and the rest once the meeting is closed.
    Seen.MEETING_DESK: Sight(BOARD_ROLES | {Role.SYSTEM}, True, STAFF_ONLY),
    Seen.AGENCY_WORK: Sight(
        frozenset({Role.AGENCY, Role.SECRETARIAT, Role.ADMIN, Role.SYSTEM}),
        False,
        "หน้านี้สำหรับผู้แทนหน่วยงานที่รับผิดชอบและฝ่ายเลขานุการ",
    ),
    # The forum's moderators: a province's coordinator (its councils' comments), organizers.
    Seen.FORUM_MODERATION: Sight(BOARD_ROLES, True, "หน้านี้สำหรับผู้ดูแลเวทีออนไลน์"),
}


def own_agency(actor: Actor) -> str | None:
    """A liaison's agency code (an account may carry a catalogued abbreviation instead)."""
    found = catalogued(actor.agency) if actor.agency else None
    return found.code if found else actor.agency


def check_agency(actor: Actor, agency: str) -> None:
    """An agency's assignments and drafts: a liaison only their own agency's (by its code)."""
    check(actor, Seen.AGENCY_WORK)
    if actor.role is Role.AGENCY and own_agency(actor) != agency:
        raise Forbidden(
            "ผู้แทนหน่วยงานดูได้เฉพาะงานของหน่วยงานตนเอง",
            message_en="another agency's assignments",
            code="out_of_scope",
        )


def sees_drafts_of(actor: Actor, agency: str) -> bool:
    """Whether an agency's draft answer may be shown to this actor."""
    try:
        check_agency(actor, agency)
    except (Forbidden, Unauthenticated):
        return False
    return True


def check_submission(actor: Actor, province_code: str | None, final: bool) -> None:
    """A finalized submission anyone may read; a draft only those who write it."""
    if not final:
        seen = Seen.PROVINCIAL_DRAFTS if province_code else Seen.NATIONAL_DRAFTS
        check(actor, seen, province_code=province_code)


def sees_submission(actor: Actor, province_code: str | None, final: bool) -> bool:
    try:
        check_submission(actor, province_code, final)
    except (Forbidden, Unauthenticated):
        return False
    return True


def check(actor: Actor, seen: Seen, *, province_code: str | None = None) -> None:
    """Refuse unless `actor` may see it; `province_code` is the province it belongs to
    (checked against a coordinator's own when the table says it is scoped)."""
    sight = VISIBILITY[seen]
    if actor.role not in sight.roles or (seen is Seen.OWN_PROPOSALS and not actor.council_id):
        if not actor.is_authenticated:
            raise Unauthenticated("กรุณาเข้าสู่ระบบก่อน", message_en="sign in first")
        raise Forbidden(sight.refusal_th, message_en=sight.refusal_en)
    if sight.scoped:
        check_scope(actor, province_code=province_code)


def sees(actor: Actor, seen: Seen, *, province_code: str | None = None) -> bool:
    """For showing or hiding a link or a part of a page; `check` is what refuses."""
    try:
        check(actor, seen, province_code=province_code)
    except (Forbidden, Unauthenticated):
        return False
    return True


# --- proposals: seen by their status ---

PUBLIC_STATUSES = frozenset({"submitted", "returned", "consolidated"})
STATUSES = PUBLIC_STATUSES | {"draft", "withdrawn"}
STAFF = frozenset({Role.ORGANIZER, Role.SECRETARIAT, Role.ADMIN, Role.SYSTEM})


class ProposalSight(NamedTuple):
    """The proposals an actor sees: any council's in `statuses`, and besides every one of
    `council_id`, and those of `province_code` but the drafts it did not enter itself."""

    statuses: frozenset[str]
    council_id: str | None = None
    province_code: str | None = None


def proposal_sight(actor: Actor) -> ProposalSight:
    if actor.role is Role.COUNCIL and actor.council_id:
        return ProposalSight(PUBLIC_STATUSES, council_id=actor.council_id)
    if actor.role is Role.COORDINATOR and actor.province_code:
        return ProposalSight(PUBLIC_STATUSES, province_code=actor.province_code)
    if actor.role in STAFF:
        return ProposalSight(STATUSES - {"draft"})
    return ProposalSight(PUBLIC_STATUSES)


def sees_proposal(
    actor: Actor, *, status: str, council_id: str, province_code: str, on_behalf: bool
) -> bool:
    """`proposal_sight` for one proposal (the read model asks the same in SQL)."""
    sight = proposal_sight(actor)
    return (
        status in sight.statuses
        or council_id == sight.council_id
        or (province_code == sight.province_code and (status != "draft" or on_behalf))
    )


# --- the forum: a hidden comment's words ---

FORUM_MODERATORS = frozenset({Role.COORDINATOR, Role.ORGANIZER, Role.ADMIN, Role.SYSTEM})


def moderates(actor: Actor, province_code: str) -> bool:
    """Whether the actor moderates the forum comments of a province's councils."""
    if actor.role not in FORUM_MODERATORS:
        return False
    return actor.role is not Role.COORDINATOR or actor.province_code == province_code


def sees_hidden_comment(actor: Actor, *, council_id: str, province_code: str) -> bool:
    """A hidden comment's words and the reason: its author council and its moderators;
    everyone else sees only that a moderator hid it."""
    own = actor.role is Role.COUNCIL and actor.council_id == council_id
    return own or moderates(actor, province_code)

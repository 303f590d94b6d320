"""Handlers of the national meeting: load, ask the aggregates, return what changed."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate

from assembly.accounts import Account
from assembly.actors import Actor
from assembly.commands import changed, route
from assembly.editions import get_edition
from assembly.errors import Conflict, Forbidden, NotFound
from assembly.meetings.ballots import (
    NOT_OPENED,
    OPEN,
    AgendaItem,
    NoVote,
    Tally,
    Vote,
    agenda_item_id,
    vote_id,
)
from assembly.meetings.delegates import SessionCheckIn, checkin_id
from assembly.meetings.national import (
    NationalMeeting,
    national_meeting_id,
    new_badge_code,
    parse_badge_code,
)
from assembly.meetings.national_commands import (
    CastVote,
    CheckIn,
    CloseBallot,
    DelegateKind,
    OpenBallot,
    RegisterDelegate,
    ReissueBadge,
    ResolveRecommendation,
    SetMeetingDays,
    SetSession,
    SetSessionAgenda,
)
from assembly.meetings.provincial import ProvincialMeeting, provincial_meeting_id
from assembly.recommendations import Recommendation
from assembly.store import Store
from assembly.thai import thai_datetime


def meeting_of(store: Store, year_be: int) -> NationalMeeting:
    found = store.load(national_meeting_id(year_be), NationalMeeting)
    if found is None:
        raise NotFound(f"ยังไม่ได้กำหนดการประชุมระดับชาติปี {year_be}", field="year_be", code="no_meeting")
    return found


def set_days(store: Store, cmd: SetMeetingDays, actor: Actor) -> list[Aggregate]:
    edition = get_edition(store, cmd.year_be)
    meeting = store.load(national_meeting_id(cmd.year_be), NationalMeeting)
    if meeting is None:
        return [NationalMeeting.schedule(edition, cmd.days, actor)]
    meeting.set_days(edition, cmd.days, actor)
    return changed(meeting)


def set_session(store: Store, cmd: SetSession, actor: Actor) -> list[Aggregate]:
    edition = get_edition(store, cmd.year_be)
    meeting = meeting_of(store, cmd.year_be)
    meeting.set_session(
        edition,
        cmd.session_id,
        cmd.day,
        cmd.starts_at,
        cmd.title_th,
        cmd.category,
        cmd.quorum,
        actor,
    )
    return changed(meeting)


def set_agenda(store: Store, cmd: SetSessionAgenda, actor: Actor) -> list[Aggregate]:
    meeting = meeting_of(store, cmd.year_be)
    meeting.session(cmd.session_id)
    found = store.load_many(cmd.recommendation_ids)
    for rec in cmd.recommendation_ids:
        source = found.get(rec)
        if not isinstance(source, Recommendation) or source.year_be != cmd.year_be:
            raise NotFound(
                f"ไม่พบข้อเสนอแนะ {rec} ในการประชุมปี {cmd.year_be}", field="recommendation_ids"
            )
    before = meeting.agendas.get(cmd.session_id, [])
    dropped = [r for r in before if r not in cmd.recommendation_ids]
    items = store.load_many(
        agenda_item_id(cmd.year_be, r) for r in [*dropped, *cmd.recommendation_ids]
    )
    for rec in dropped:
        item = items.get(agenda_item_id(cmd.year_be, rec))
        if isinstance(item, AgendaItem) and (item.vote != NOT_OPENED or item.outcome):
            raise Conflict(
                "นำวาระที่เปิดลงคะแนนหรือมีมติแล้วออกจากการประชุมไม่ได้",
                field="recommendation_ids",
                code="item_voted",
            )
    meeting.set_agenda(cmd.session_id, cmd.recommendation_ids, actor)
    new = [
        AgendaItem(year_be=cmd.year_be, recommendation_id=rec, by=actor.ref)
        for rec in cmd.recommendation_ids
        if agenda_item_id(cmd.year_be, rec) not in items
    ]
    return [*new, *changed(meeting)]  # items first: the read side places existing rows


def _elected(store: Store, year_be: int, province_code: str) -> list[UUID]:
    """The delegates the province's meeting elected, in election order."""
    meeting = store.load(provincial_meeting_id(year_be, province_code), ProvincialMeeting)
    return list(meeting.delegates) if meeting is not None else []


def register(store: Store, cmd: RegisterDelegate, actor: Actor) -> list[Aggregate]:
    meeting = meeting_of(store, cmd.year_be)
    if store.load(cmd.account_id, Account) is None:
        raise NotFound("ไม่พบบัญชีนี้", field="account_id")
    province = cmd.province_code if cmd.kind is DelegateKind.ELECTED else None
    if cmd.kind is DelegateKind.ELECTED and cmd.account_id not in _elected(
        store, cmd.year_be, cmd.province_code or ""
    ):
        raise Conflict(
            "ผู้แทนคนนี้ไม่ได้รับเลือกจากที่ประชุมระดับจังหวัดของจังหวัดนี้",
            message_en="a delegate from a province that did not elect them",
            field="account_id",
            code="not_elected",
        )
    code = meeting.delegates.get(cmd.account_id, {}).get("code") or new_badge_code(cmd.year_be)
    meeting.register(cmd.account_id, cmd.kind.value, province, code, actor)
    return changed(meeting)


def reissue(store: Store, cmd: ReissueBadge, actor: Actor) -> list[Aggregate]:
    meeting = meeting_of(store, cmd.year_be)
    meeting.reissue(cmd.account_id, new_badge_code(cmd.year_be), actor)
    return changed(meeting)


def holder_of(store: Store, meeting: NationalMeeting, text: str) -> UUID:
    """The delegate a badge code belongs to; a forged one or another meeting's is refused."""
    year, code = parse_badge_code(text)
    if year != meeting.year_be:
        other = store.load(national_meeting_id(year), NationalMeeting)
        if other is not None and other.holder(code) is not None:
            raise Conflict(
                f"บัตรนี้เป็นของการประชุมระดับชาติปี {year} ใช้กับการประชุมปี {meeting.year_be} ไม่ได้",
                message_en="another meeting's badge",
                field="code",
                code="other_meeting_code",
            )
    account = meeting.holder(code) if year == meeting.year_be else None
    if account is None:
        raise Conflict(
            "ไม่พบบัตรนี้ในทะเบียนผู้แทน (รหัสไม่ถูกต้องหรือบัตรถูกยกเลิก)",
            message_en="no such badge",
            field="code",
            code="forged_code",
        )
    return account


def check_in(store: Store, cmd: CheckIn, actor: Actor) -> list[Aggregate]:
    meeting = meeting_of(store, cmd.year_be)
    meeting.session(cmd.session_id)
    account = holder_of(store, meeting, cmd.code)
    done = store.load(checkin_id(cmd.session_id, account), SessionCheckIn)
    if done is not None:
        # Not a failure at the door: the web answers it as "already", with the time.
        raise Conflict(
            f"เช็กอินแล้วเมื่อ {thai_datetime(done.created_on)}",
            message_en="already checked in",
            field="code",
            code="already_checked_in",
            details=[{"account_id": str(account), "checked_in_at": done.created_on.isoformat()}],
        )
    return [
        SessionCheckIn(
            year_be=cmd.year_be, session_id=cmd.session_id, account_id=account, by=actor.ref
        )
    ]


def _item(store: Store, year_be: int, recommendation_id: UUID) -> AgendaItem:
    found = store.load(agenda_item_id(year_be, recommendation_id), AgendaItem)
    if found is None:
        raise NotFound("ข้อเสนอแนะนี้ไม่อยู่ในวาระการประชุมระดับชาติ", field="recommendation_id")
    return found


def open_vote(store: Store, cmd: OpenBallot, actor: Actor) -> list[Aggregate]:
    meeting = meeting_of(store, cmd.year_be)
    item = _item(store, cmd.year_be, cmd.recommendation_id)
    session = meeting.session_of(cmd.recommendation_id)
    if session is None:
        raise Conflict(
            "ข้อเสนอแนะนี้ไม่อยู่ในวาระของช่วงการประชุมใด", field="recommendation_id", code="not_on_agenda"
        )
    item.open_vote(session, actor)
    return changed(item)


def close_vote(store: Store, cmd: CloseBallot, actor: Actor) -> list[Aggregate]:
    """Count, record the count in the close event, and seal every ballot not cast."""
    meeting = meeting_of(store, cmd.year_be)
    item = _item(store, cmd.year_be, cmd.recommendation_id)
    if item.vote != OPEN or item.session_id is None:
        item.close_vote({}, actor)  # refuses, saying whether it never opened or is closed
        return []
    session = item.session_id
    accounts = list(meeting.delegates)
    ballots = store.load_many(vote_id(item.id, a) for a in accounts)
    present = store.existing(checkin_id(session, a) for a in accounts)
    counts = {"for": 0, "against": 0, "abstain": 0}
    for ballot in ballots.values():
        if isinstance(ballot, Vote):
            counts[ballot.choice] += 1
    needed = meeting.quorum_needed(session)
    tally: Tally = {
        **counts,
        "voted": sum(counts.values()),
        "present": len(present),
        "registered": len(accounts),
        "quorum": needed,
        "quorum_reached": len(present) >= needed,
    }
    item.close_vote(tally, actor)
    seals = [
        NoVote(item_id=item.id, account_id=a, by=actor.ref)
        for a in accounts
        if vote_id(item.id, a) not in ballots
    ]
    return [item, *seals]


def cast_vote(store: Store, cmd: CastVote, actor: Actor) -> list[Aggregate]:
    if not actor.account_id:
        raise Forbidden("ลงคะแนนได้เฉพาะผู้แทนที่เข้าสู่ระบบ", code="no_account")
    account = UUID(actor.account_id)
    item = _item(store, cmd.year_be, cmd.recommendation_id)
    session = item.check_open()
    if not store.exists(checkin_id(session, account)):
        raise Conflict(
            "คุณยังไม่ได้เช็กอินเข้าร่วมช่วงการประชุมนี้ จึงยังลงคะแนนไม่ได้",
            message_en="not checked in to this session",
            field="choice",
            code="not_checked_in",
        )
    ballot = store.load_many([vote_id(item.id, account)]).get(vote_id(item.id, account))
    if isinstance(ballot, Vote):
        raise Conflict(
            "คุณลงคะแนนวาระนี้แล้ว ลงคะแนนได้คนละหนึ่งครั้ง",
            message_en="already voted",
            field="choice",
            code="already_voted",
        )
    if ballot is not None:  # sealed by the close
        raise Conflict("การลงคะแนนวาระนี้ปิดแล้ว ไม่สามารถลงคะแนนได้", field="choice", code="vote_closed")
    vote = Vote(
        item_id=item.id,
        year_be=cmd.year_be,
        session_id=session,
        account_id=account,
        choice=cmd.choice.value,
        by=actor.ref,
    )
    return [vote]


def resolve(store: Store, cmd: ResolveRecommendation, actor: Actor) -> list[Aggregate]:
    item = _item(store, cmd.year_be, cmd.recommendation_id)
    item.resolve(cmd.outcome, cmd.amended_text_th, cmd.reason_th, actor)
    return changed(item)


HANDLERS = dict(
    [
        route(SetMeetingDays, set_days),
        route(SetSession, set_session),
        route(SetSessionAgenda, set_agenda),
        route(RegisterDelegate, register),
        route(ReissueBadge, reissue),
        route(CheckIn, check_in),
        route(OpenBallot, open_vote),
        route(CloseBallot, close_vote),
        route(CastVote, cast_vote),
        route(ResolveRecommendation, resolve),
    ]
)

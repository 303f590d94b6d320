"""Handlers of the provincial meeting: load what the rules need, ask the aggregate, return
what changed. Closing the vote also ranks the province's board with the result (the issues
off the agenda keep their order after it), through consolidation's own RankIssues handler,
so the board and every later step see it."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from assembly.accounts import Account
from assembly.actors import Actor, check_scope
from assembly.commands import changed, route
from assembly.consolidation import IssueStatus, ProvincialIssue, RankIssues
from assembly.consolidation.board import ProvinceBoard, board_id, rank_issues
from assembly.councils import Council
from assembly.editions import get_edition
from assembly.errors import Conflict, NotFound
from assembly.geography import provinces
from assembly.meetings.provincial import ProvincialMeeting, VoteState, provincial_meeting_id
from assembly.meetings.provincial_commands import (
    CloseMeeting,
    CloseVote,
    ElectDelegate,
    MeetingCommand,
    OpenVote,
    PassResolution,
    RecordAttendance,
    ScheduleMeeting,
    SetAgenda,
    SetDelegateQuota,
    SubmitRanking,
    WithdrawDelegate,
)
from assembly.meetings.provincial_seats import DelegateSeat, delegate_seat_id, province_th
from assembly.store import Store


def _meeting(store: Store, cmd: MeetingCommand, actor: Actor) -> ProvincialMeeting:
    check_scope(actor, province_code=cmd.province_code)  # before anything is read
    meeting = store.load(provincial_meeting_id(cmd.year_be, cmd.province_code), ProvincialMeeting)
    if meeting is None:
        raise NotFound("ยังไม่ได้นัดประชุมระดับจังหวัดของจังหวัดนี้", field="province_code", code="no_meeting")
    return meeting


def schedule_meeting(store: Store, cmd: ScheduleMeeting, actor: Actor) -> list[Aggregate]:
    check_scope(actor, province_code=cmd.province_code)
    edition = get_edition(store, cmd.year_be)
    meeting = store.load(provincial_meeting_id(cmd.year_be, cmd.province_code), ProvincialMeeting)
    if meeting is None:
        return [
            ProvincialMeeting.schedule(
                edition, cmd.province_code, cmd.starts_at, cmd.place_th, actor
            )
        ]
    meeting.reschedule(edition, cmd.starts_at, cmd.place_th, actor)
    return changed(meeting)


def set_agenda(store: Store, cmd: SetAgenda, actor: Actor) -> list[Aggregate]:
    meeting = _meeting(store, cmd, actor)
    meeting.set_agenda(cmd.issue_ids, store.load_many(cmd.issue_ids), actor)
    return changed(meeting)


def record_attendance(store: Store, cmd: RecordAttendance, actor: Actor) -> list[Aggregate]:
    meeting = _meeting(store, cmd, actor)
    council = store.load(cmd.council_id, Council)
    meeting.record_attendance(council, cmd.present, store.clock(), actor)
    return changed(meeting)


def open_vote(store: Store, cmd: OpenVote, actor: Actor) -> list[Aggregate]:
    meeting = _meeting(store, cmd, actor)
    meeting.open_vote(store.load_many(meeting.agenda), store.clock(), actor)
    return changed(meeting)


def submit_ranking(store: Store, cmd: SubmitRanking, actor: Actor) -> list[Aggregate]:
    meeting = _meeting(store, cmd, actor)
    meeting.submit_ranking(store.load(cmd.council_id, Council), cmd.issue_ids, actor)
    return changed(meeting)


def close_vote(store: Store, cmd: CloseVote, actor: Actor) -> list[Aggregate]:
    meeting = _meeting(store, cmd, actor)
    if meeting.vote is VoteState.CLOSED:
        return []  # closed already: nothing to do
    result = meeting.close_vote(actor)
    # The vote's order first, then the issues the board ranked that were not on the agenda,
    # in their order there; an issue merged or dissolved since drops out of the ranking.
    board = store.load(board_id(cmd.year_be, cmd.province_code), ProvinceBoard)
    voted = set(result)
    rest = [i for i in (board.ranking if board else []) if i not in voted]
    found = store.load_many([*result, *rest])
    live = [
        i
        for i in [*result, *rest]
        if isinstance(issue := found.get(i), ProvincialIssue) and issue.status is IssueStatus.OPEN
    ]
    rank = RankIssues(year_be=cmd.year_be, province_code=cmd.province_code, issue_ids=live)
    return [*changed(meeting), *rank_issues(store, rank, actor)]


def pass_resolution(store: Store, cmd: PassResolution, actor: Actor) -> list[Aggregate]:
    meeting = _meeting(store, cmd, actor)
    meeting.pass_resolution(cmd.text_th, cmd.number, store.clock(), actor)
    return changed(meeting)


def _home(store: Store, account: Account | None) -> str | None:
    """The province an account belongs to: its council's, or its own scope's."""
    if account is None:
        return None
    if account.council_id is not None:
        council = store.load(account.council_id, Council)
        return council.province_code if council else None
    return account.province_code


def elect_delegate(store: Store, cmd: ElectDelegate, actor: Actor) -> list[Aggregate]:
    """The meeting's rules, then the person's seat in the edition: another province's
    election of the same person is refused (the seat is claimed in the same save)."""
    meeting = _meeting(store, cmd, actor)
    quota = get_edition(store, cmd.year_be).delegates_per_province
    seat = store.load(delegate_seat_id(cmd.year_be, cmd.account_id), DelegateSeat)
    DelegateSeat.check_free(seat, cmd.province_code)
    account = store.load(cmd.account_id, Account)
    meeting.elect(account, quota, store.clock(), actor, home=_home(store, account))
    seat = DelegateSeat.claim(seat, cmd.year_be, cmd.account_id, cmd.province_code, actor)
    return [*changed(meeting), *changed(seat)]


def withdraw_delegate(store: Store, cmd: WithdrawDelegate, actor: Actor) -> list[Aggregate]:
    meeting = _meeting(store, cmd, actor)
    meeting.withdraw(cmd.account_id, actor)
    seat = store.load(delegate_seat_id(cmd.year_be, cmd.account_id), DelegateSeat)
    if seat is not None and changed(meeting):
        seat.release(cmd.province_code, actor)
        return [*changed(meeting), *changed(seat)]
    return changed(meeting)


def close_meeting(store: Store, cmd: CloseMeeting, actor: Actor) -> list[Aggregate]:
    meeting = _meeting(store, cmd, actor)
    meeting.close(store.clock(), actor)
    return changed(meeting)


def set_delegate_quota(store: Store, cmd: SetDelegateQuota, actor: Actor) -> list[Aggregate]:
    """Never below what a province has elected already: its delegates would stand over the
    quota (withdraw one there first)."""
    edition = get_edition(store, cmd.year_be)
    ids = [provincial_meeting_id(cmd.year_be, p.code) for p in provinces()]
    for meeting in store.load_many(ids).values():
        if (
            isinstance(meeting, ProvincialMeeting)
            and len(meeting.delegates) > cmd.delegates_per_province
        ):
            raise Conflict(
                f"{province_th(meeting.province_code)} เลือกผู้แทนแล้ว {len(meeting.delegates)} คน"
                f" จึงกำหนดจำนวนผู้แทนต่อจังหวัดน้อยกว่านั้นไม่ได้ (ถอนผู้แทนที่จังหวัดนั้นก่อน)",
                message_en="a province has elected more delegates than that",
                field="delegates_per_province",
                code="below_elected",
            )
    edition.set_delegate_quota(cmd.delegates_per_province, actor)
    return changed(edition)


HANDLERS = dict(
    [
        route(ScheduleMeeting, schedule_meeting),
        route(SetAgenda, set_agenda),
        route(RecordAttendance, record_attendance),
        route(OpenVote, open_vote),
        route(SubmitRanking, submit_ranking),
        route(CloseVote, close_vote),
        route(PassResolution, pass_resolution),
        route(ElectDelegate, elect_delegate),
        route(WithdrawDelegate, withdraw_delegate),
        route(CloseMeeting, close_meeting),
        route(SetDelegateQuota, set_delegate_quota),
    ]
)

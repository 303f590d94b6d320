"""National meeting rules, in memory (the handlers over a dict store): the days inside the
national phase, sessions and agendas, registration (elected by their province, or invited),
badge codes and check-in, the vote rules, the close that counts and seals, and resolutions."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from assembly.accounts import Account
from assembly.actors import SYSTEM, Actor, Role
from assembly.commands import Command, parse
from assembly.editions import Edition
from assembly.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from assembly.meetings import (
    HANDLERS,
    AgendaItem,
    CastVote,
    CheckIn,
    Choice,
    CloseBallot,
    DelegateKind,
    NationalMeeting,
    NoVote,
    OpenBallot,
    Outcome,
    ProvincialMeeting,
    RegisterDelegate,
    ReissueBadge,
    ResolveRecommendation,
    SetMeetingDays,
    SetSession,
    SetSessionAgenda,
    Vote,
    agenda_item_id,
    checkin_id,
    national_meeting_id,
    parse_badge_code,
    vote_id,
)
from assembly.recommendations import Recommendation
from assembly.timeline import Phase, Span
from tests.domain.memory import COORDINATOR, NOW, MemoryStore, edition

ORGANIZER = Actor(Role.ORGANIZER, account_id="0a000000-0000-4000-8000-000000000001")
NATIONAL = Span(datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 3, 5, 10, tzinfo=UTC))
PROVINCIAL = Span(datetime(2027, 2, 1, tzinfo=UTC), datetime(2027, 2, 28, tzinfo=UTC))
DAY1, DAY2 = date(2027, 3, 2), date(2027, 3, 3)


@contextmanager
def refused(kind: type[DomainError], code: str) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """Refused with this machine code and a Thai message."""
    with pytest.raises(kind) as caught:
        yield caught
    assert caught.value.code == code, (caught.value.code, caught.value.message_th)
    assert any("\u0e00" <= c <= "\u0e7f" for c in caught.value.message_th)


class Hall:
    """A store with the edition (its national phase set), two recommendations, accounts."""

    def __init__(self) -> None:
        self.store = MemoryStore()
        e = edition()
        e.set_timeline({Phase.PROVINCIAL: PROVINCIAL, Phase.NATIONAL: NATIONAL}, None, NOW, SYSTEM)
        self.store.save(e)
        self.recs = [self.recommendation(f"ข้อเสนอแนะ {n}") for n in (1, 2)]

    def recommendation(self, title: str, year_be: int = 2569) -> uuid.UUID:
        rec = Recommendation(
            recommendation_id=uuid.uuid4(),
            year_be=year_be,
            title_th=title,
            text_th="ให้รัฐ",
            issue_ids=[],
            agencies=[],
            from_paper_record=True,
            by=SYSTEM.ref,
        )
        self.store.save(rec)
        return rec.id

    def account(self, role: Role = Role.DELEGATE) -> uuid.UUID:
        account = Account.open(uuid.uuid4(), role, None, None, None, SYSTEM)
        self.store.save(account)
        return account.id

    def run(self, command: Command, actor: Actor = ORGANIZER) -> None:
        self.store.save(*HANDLERS[type(command)](self.store, command, actor))

    @property
    def meeting(self) -> NationalMeeting:
        found = self.store.load(national_meeting_id(2569), NationalMeeting)
        assert found is not None
        return found

    def events(self, aggregate_id: uuid.UUID) -> int:
        return len(self.store.history(aggregate_id))

    def session(self, quorum: int | None = None, agenda: bool = True) -> uuid.UUID:
        self.run(SetMeetingDays(year_be=2569, days=[DAY2, DAY1]))
        cmd = SetSession(year_be=2569, day=DAY1, starts_at=time(9), title_th="ที่ดิน", quorum=quorum)
        self.run(cmd)
        if agenda:
            self.run(
                SetSessionAgenda(
                    year_be=2569, session_id=cmd.session_id, recommendation_ids=self.recs
                )
            )
        return cmd.session_id

    def expert(self) -> tuple[uuid.UUID, str]:
        account = self.account()
        self.run(RegisterDelegate(year_be=2569, account_id=account, kind=DelegateKind.EXPERT))
        return account, self.meeting.delegates[account]["code"]


def voter(account: uuid.UUID) -> Actor:
    return Actor(Role.DELEGATE, account_id=str(account))


def test_the_days_are_inside_the_national_phase() -> None:
    hall = Hall()
    hall.run(SetMeetingDays(year_be=2569, days=[DAY2, DAY1]))
    assert hall.meeting.days == ["2027-03-02", "2027-03-03"]  # sorted by the command
    with refused(Invalid, "outside_window") as caught:
        hall.run(SetMeetingDays(year_be=2569, days=[date(2027, 4, 2)]))
    assert caught.value.field == "days"
    with pytest.raises(Invalid) as dup:
        SetMeetingDays(year_be=2569, days=[DAY1, DAY1])
    assert dup.value.code == "duplicate_days"
    before = hall.events(hall.meeting.id)
    hall.run(SetMeetingDays(year_be=2569, days=[DAY1, DAY2]))  # the same again
    assert hall.events(hall.meeting.id) == before


def test_no_national_phase_no_meeting() -> None:
    store = MemoryStore()
    store.save(edition())
    with refused(Conflict, "no_national_phase"):
        store.save(
            *HANDLERS[SetMeetingDays](store, SetMeetingDays(year_be=2569, days=[DAY1]), ORGANIZER)
        )


def test_sessions_on_the_meeting_days_and_a_day_with_a_session_stays() -> None:
    hall = Hall()
    sid = hall.session(agenda=False)
    with refused(Invalid, "not_a_day"):
        hall.run(SetSession(year_be=2569, day=date(2027, 3, 4), starts_at=time(9), title_th="x"))
    with refused(Invalid, "unknown_category"):
        hall.run(
            SetSession(year_be=2569, day=DAY1, starts_at=time(9), title_th="x", category="zzz")
        )
    with refused(Conflict, "session_on_day"):
        hall.run(SetMeetingDays(year_be=2569, days=[DAY2]))
    assert hall.meeting.sessions[sid]["title_th"] == "ที่ดิน"
    hall.run(SetMeetingDays(year_be=2569, days=[DAY1]))  # the day without a session goes
    assert hall.meeting.days == ["2027-03-02"]


def test_the_agenda_takes_the_editions_recommendations_each_on_one_session() -> None:
    hall = Hall()
    sid = hall.session(agenda=False)
    other = SetSession(year_be=2569, day=DAY1, starts_at=time(13), title_th="หนี้สิน")
    hall.run(other)
    hall.run(SetSessionAgenda(year_be=2569, session_id=sid, recommendation_ids=hall.recs))
    assert hall.meeting.agendas[sid] == hall.recs
    for rec in hall.recs:
        assert hall.store.exists(agenda_item_id(2569, rec))
    with refused(Conflict, "on_another_agenda"):
        hall.run(
            SetSessionAgenda(
                year_be=2569, session_id=other.session_id, recommendation_ids=hall.recs[:1]
            )
        )
    elsewhere = hall.recommendation("ปีก่อน", year_be=2568)
    with pytest.raises(NotFound):
        hall.run(SetSessionAgenda(year_be=2569, session_id=sid, recommendation_ids=[elsewhere]))
    with pytest.raises(NotFound):
        hall.run(SetSessionAgenda(year_be=2569, session_id=uuid.uuid4(), recommendation_ids=[]))
    # Reordered freely; an item whose vote was opened never leaves the agenda.
    hall.run(SetSessionAgenda(year_be=2569, session_id=sid, recommendation_ids=hall.recs[::-1]))
    hall.run(OpenBallot(year_be=2569, recommendation_id=hall.recs[0]))
    with refused(Conflict, "item_voted"):
        hall.run(SetSessionAgenda(year_be=2569, session_id=sid, recommendation_ids=hall.recs[1:]))


def test_an_elected_delegate_is_registered_for_the_province_that_elected_them() -> None:
    hall = Hall()
    hall.session()
    elected, stranger = hall.account(Role.COUNCIL), hall.account(Role.COUNCIL)
    e = hall.store.load(edition().id, Edition)
    assert e is not None
    province = ProvincialMeeting.schedule(
        e, "50", datetime(2027, 2, 15, 2, tzinfo=UTC), "ศาลากลาง", COORDINATOR
    )
    account = hall.store.load(elected, Account)
    province.elect(account, 2, datetime(2027, 2, 15, 3, tzinfo=UTC), COORDINATOR, home=None)
    hall.store.save(province)
    with refused(Conflict, "not_elected"):
        hall.run(RegisterDelegate(year_be=2569, account_id=stranger, province_code="50"))
    with refused(Conflict, "not_elected"):
        hall.run(RegisterDelegate(year_be=2569, account_id=elected, province_code="10"))
    hall.run(RegisterDelegate(year_be=2569, account_id=elected, province_code="50"))
    registered = hall.meeting.delegates[elected]
    assert (registered["kind"], registered["province_code"]) == ("elected", "50")
    before = hall.events(hall.meeting.id)
    hall.run(RegisterDelegate(year_be=2569, account_id=elected, province_code="50"))  # again
    assert hall.events(hall.meeting.id) == before
    with refused(Conflict, "registered_otherwise"):
        hall.run(RegisterDelegate(year_be=2569, account_id=elected, kind=DelegateKind.EXPERT))
    with pytest.raises(NotFound):
        hall.run(RegisterDelegate(year_be=2569, account_id=uuid.uuid4(), kind=DelegateKind.EXPERT))
    with pytest.raises(Invalid):
        RegisterDelegate(year_be=2569, account_id=elected)  # elected, without its province


def test_badge_codes_are_bound_to_the_meeting_and_a_reissued_one_is_refused() -> None:
    hall = Hall()
    sid = hall.session()
    account, code = hall.expert()
    assert parse_badge_code(code.lower().replace("-", " ")) == (2569, code)
    with refused(Invalid, "forged_code"):
        parse_badge_code("hello")
    with refused(Conflict, "forged_code"):
        hall.run(CheckIn(year_be=2569, session_id=sid, code="2569-AAAA-BBBB-CCCC"))
    # Another edition's meeting, whose badge this is: refused as another meeting's.
    e = edition(2568)
    e.set_timeline(
        {Phase.NATIONAL: Span(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 5, tzinfo=UTC))},
        None,
        datetime(2025, 1, 1, tzinfo=UTC),
        SYSTEM,
    )
    hall.store.save(e)
    hall.run(SetMeetingDays(year_be=2568, days=[date(2026, 3, 2)]))
    hall.run(RegisterDelegate(year_be=2568, account_id=account, kind=DelegateKind.EXPERT))
    old_meeting = hall.store.load(national_meeting_id(2568), NationalMeeting)
    assert old_meeting is not None
    old_code = old_meeting.delegates[account]["code"]
    with refused(Conflict, "other_meeting_code"):
        hall.run(CheckIn(year_be=2569, session_id=sid, code=old_code))
    # A lost badge: a new code; the old one is refused from then on.
    hall.run(ReissueBadge(year_be=2569, account_id=account))
    new_code = hall.meeting.delegates[account]["code"]
    assert new_code != code
    with refused(Conflict, "forged_code"):
        hall.run(CheckIn(year_be=2569, session_id=sid, code=code))
    hall.run(CheckIn(year_be=2569, session_id=sid, code=new_code))
    assert hall.store.exists(checkin_id(sid, account))


def test_a_second_check_in_is_answered_with_the_first_time() -> None:
    hall = Hall()
    sid = hall.session()
    account, code = hall.expert()
    hall.run(CheckIn(year_be=2569, session_id=sid, code=code))
    with refused(Conflict, "already_checked_in") as caught:
        hall.run(CheckIn(year_be=2569, session_id=sid, code=code))
    assert caught.value.message_th.startswith("เช็กอินแล้วเมื่อ")
    assert caught.value.details[0]["account_id"] == str(account)
    assert hall.events(checkin_id(sid, account)) == 1
    with pytest.raises(NotFound):
        hall.run(CheckIn(year_be=2569, session_id=uuid.uuid4(), code=code))


def _voting(hall: Hall, delegates: int = 3, present: int = 2) -> tuple[uuid.UUID, list[Any]]:
    sid = hall.session()
    people = [hall.expert() for _ in range(delegates)]
    for _, code in people[:present]:
        hall.run(CheckIn(year_be=2569, session_id=sid, code=code))
    return sid, [a for a, _ in people]


def test_each_delegate_votes_once_checked_in_while_the_vote_is_open() -> None:
    hall = Hall()
    _, (d1, d2, d3) = _voting(hall)
    rec = hall.recs[0]
    vote = CastVote(year_be=2569, recommendation_id=rec, choice=Choice.FOR)
    with refused(Conflict, "vote_not_open"):
        hall.run(vote, voter(d1))
    hall.run(OpenBallot(year_be=2569, recommendation_id=rec))
    hall.run(OpenBallot(year_be=2569, recommendation_id=rec))  # opened already: nothing
    assert hall.events(agenda_item_id(2569, rec)) == 2
    hall.run(vote, voter(d1))
    ballot = hall.store.load(vote_id(agenda_item_id(2569, rec), d1), Vote)
    assert ballot is not None and ballot.choice == "for"
    with refused(Conflict, "already_voted"):
        hall.run(CastVote(year_be=2569, recommendation_id=rec, choice=Choice.AGAINST), voter(d1))
    with refused(Conflict, "not_checked_in"):
        hall.run(vote, voter(d3))
    with pytest.raises(Forbidden):
        hall.run(vote, Actor(Role.DELEGATE))  # no account
    with pytest.raises(NotFound):  # not on the agenda
        hall.run(
            CastVote(year_be=2569, recommendation_id=uuid.uuid4(), choice=Choice.FOR), voter(d2)
        )
    with pytest.raises(Invalid):
        parse(CastVote, {"year_be": 2569, "recommendation_id": str(rec), "choice": "maybe"})


def test_the_close_records_the_count_and_seals_every_ballot_not_cast() -> None:
    hall = Hall()
    _, (d1, d2, d3) = _voting(hall)
    rec = hall.recs[0]
    item_id = agenda_item_id(2569, rec)
    with refused(Conflict, "vote_not_open"):
        hall.run(CloseBallot(year_be=2569, recommendation_id=rec))
    hall.run(OpenBallot(year_be=2569, recommendation_id=rec))
    hall.run(CastVote(year_be=2569, recommendation_id=rec, choice=Choice.ABSTAIN), voter(d1))
    hall.run(CloseBallot(year_be=2569, recommendation_id=rec))
    item = hall.store.load(item_id, AgendaItem)
    assert item is not None and item.tally is not None
    assert item.tally == {
        "for": 0,
        "against": 0,
        "abstain": 1,
        "voted": 1,
        "present": 2,
        "registered": 3,
        "quorum": 2,  # more than half of 3
        "quorum_reached": True,
    }
    # d2 (present, did not vote) and d3 (absent) are sealed on the id a vote would take.
    for account in (d2, d3):
        assert hall.store.load(vote_id(item_id, account), NoVote) is not None
    assert hall.store.load(vote_id(item_id, d1), Vote) is not None
    with refused(Conflict, "vote_closed"):
        hall.run(CastVote(year_be=2569, recommendation_id=rec, choice=Choice.FOR), voter(d2))
    with refused(Conflict, "vote_closed"):
        hall.run(OpenBallot(year_be=2569, recommendation_id=rec))
    with refused(Conflict, "vote_not_open"):
        hall.run(CloseBallot(year_be=2569, recommendation_id=rec))


def test_a_vote_that_raced_the_close_meets_its_seal() -> None:
    """The vote loaded the item while open; the close was saved first: its seal is where the
    vote would go, so the vote is refused as after the close (the real store's unique
    (id, version) refuses the write; here the handler, retried, sees the seal)."""
    hall = Hall()
    _, (_, d2, _) = _voting(hall)
    rec = hall.recs[0]
    hall.run(OpenBallot(year_be=2569, recommendation_id=rec))
    stale = hall.store.load(agenda_item_id(2569, rec), AgendaItem)
    hall.run(CloseBallot(year_be=2569, recommendation_id=rec))
    assert stale is not None
    hall.store.aggregates[stale.id] = _reopened(stale)  # the vote's view from before the close
    with refused(Conflict, "vote_closed"):
        hall.run(CastVote(year_be=2569, recommendation_id=rec, choice=Choice.FOR), voter(d2))


def _reopened(item: AgendaItem) -> AgendaItem:
    """A copy of the item as it was while the vote was open."""
    import copy

    found = copy.copy(item)
    found.vote = "open"
    return found


def test_the_quorum_is_the_sessions_number_or_more_than_half() -> None:
    hall = Hall()
    sid = hall.session(quorum=3)
    for _ in range(4):
        hall.expert()
    assert hall.meeting.quorum_needed(sid) == 3
    hall.run(
        SetSession(
            year_be=2569, session_id=sid, day=DAY1, starts_at=time(9), title_th="ที่ดิน", quorum=None
        )
    )
    assert hall.meeting.quorum_needed(sid) == 3  # 4 registered: more than half is 3
    hall.expert()
    assert hall.meeting.quorum_needed(sid) == 3  # 5: 3


def test_the_resolution_after_the_vote_and_a_change_needs_a_reason() -> None:
    hall = Hall()
    _voting(hall)
    rec = hall.recs[0]
    item_id = agenda_item_id(2569, rec)
    hall.run(OpenBallot(year_be=2569, recommendation_id=rec))
    adopt = ResolveRecommendation(year_be=2569, recommendation_id=rec, outcome=Outcome.ADOPTED)
    with refused(Conflict, "vote_open"):
        hall.run(adopt)
    hall.run(CloseBallot(year_be=2569, recommendation_id=rec))
    with pytest.raises(Invalid) as caught:
        ResolveRecommendation(year_be=2569, recommendation_id=rec, outcome=Outcome.AMENDED)
    assert caught.value.field == "amended_text_th"
    amended = ResolveRecommendation(
        year_be=2569,
        recommendation_id=rec,
        outcome=Outcome.AMENDED,
        amended_text_th="ให้รัฐออกโฉนดชุมชนภายในหนึ่งปี",
    )
    hall.run(amended)
    before = hall.events(item_id)
    hall.run(amended)  # the same again: nothing
    assert hall.events(item_id) == before
    with refused(Invalid, "reason_required"):
        hall.run(
            ResolveRecommendation(year_be=2569, recommendation_id=rec, outcome=Outcome.REJECTED)
        )
    hall.run(
        ResolveRecommendation(
            year_be=2569,
            recommendation_id=rec,
            outcome=Outcome.REJECTED,
            reason_th="ที่ประชุมทบทวนมติ",
        )
    )
    item = hall.store.load(item_id, AgendaItem)
    assert item is not None and (item.outcome, item.amended_text_th) == ("rejected", None)

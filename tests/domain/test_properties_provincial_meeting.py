"""Any sequence of commands on two provincial meetings (Chiang Mai's and Bangkok's), valid or
not, by random actors while the days pass, keeps their rules (hypothesis' stateful testing, in
memory). The invariants:

1. Every ranking is a permutation of the agenda, at most one per council, and only of a
   council recorded present (of the meeting's province).
2. A closed vote's result is the Borda order recomputed here from the rankings (ties by more
   first places, then second..., then agenda order), and its rankings never change again.
3. A closed meeting never changes again.
4. A province's delegates are within the edition's quota (lowering it below what a province
   elected is refused); a person is elected once, by one province only (the seat of every
   delegate names that province), and never from another.
5. A refusal (a domain error) changes nothing; replaying the events gives the same state."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from assembly.accounts import Account
from assembly.actors import SYSTEM, Actor, Role
from assembly.editions import Edition, edition_id
from assembly.meetings import (
    CloseMeeting,
    CloseVote,
    DelegateSeat,
    ElectDelegate,
    OpenVote,
    PassResolution,
    ProvincialMeeting,
    RecordAttendance,
    ScheduleMeeting,
    SetAgenda,
    SetDelegateQuota,
    SubmitRanking,
    VoteState,
    WithdrawDelegate,
    delegate_seat_id,
    provincial_meeting_id,
)
from assembly.timeline import Phase, Span
from tests.domain.memory import COORDINATOR, FAR_COORDINATOR, NOW, council, edition
from tests.domain.properties import (
    CopyingStore,
    TestCase,
    attempt,
    replayed,
    some,
    state,
    submitted_issue,
)

WINDOW = Span(datetime(2027, 2, 1, tzinfo=UTC), datetime(2027, 3, 31, tzinfo=UTC))
DAYS = [datetime(2027, 2, d, 2, 0, tzinfo=UTC) for d in (10, 15, 20)] + [
    datetime(2027, 5, 1, tzinfo=UTC)  # outside the window
]
COUNCILS = [
    council("T500101", "500101"),
    council("T500102", "500102"),
    council("T100101", "100101"),
]
PLACES = st.sampled_from([c.id for c in COUNCILS])  # by id: an aggregate is not hashable
PROVINCE_OF = {c.id: c.province_code for c in COUNCILS}
ORGANIZER = Actor(Role.ORGANIZER, account_id="organizer")
RUNNERS = [SYSTEM, ORGANIZER, COORDINATOR, FAR_COORDINATOR]
REPRESENTATIVES = [
    Actor(Role.COUNCIL, account_id=f"acc-{c.code}", council_id=str(c.id)) for c in COUNCILS
]
ACTORS = [*RUNNERS, *RUNNERS, *REPRESENTATIVES]
PROVINCES = st.sampled_from(["50", "50", "10"])
TEXTS = st.sampled_from(["มติให้เสนอเรื่องที่ดิน", "แก้คำผิด", "<b>มติ</b> ที่ 2"])


def borda_order(agenda: list[uuid.UUID], rankings: dict[uuid.UUID, list[uuid.UUID]]) -> list:
    """The result, counted again here: n-1 points for a first place ... 0 for the last."""
    n = len(agenda)
    points = {i: sum(n - 1 - r.index(i) for r in rankings.values()) for i in agenda}
    places = {
        i: [sum(r.index(i) == k for r in rankings.values()) for k in range(n)] for i in agenda
    }
    return sorted(agenda, key=lambda i: (-points[i], [-c for c in places[i]], agenda.index(i)))


class Meetings(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = CopyingStore()
        e = edition()
        e.set_timeline({Phase.PROVINCIAL: WINDOW}, None, NOW, SYSTEM)
        self.store.save(e, *[council(c.code, c.subdistrict_code) for c in COUNCILS])
        self.issues = [submitted_issue(self.store, c, f"ประเด็น {c.code}") for c in COUNCILS]
        self.issues.append(submitted_issue(self.store, COUNCILS[1], "ประเด็นที่สอง"))
        self.accounts: list[uuid.UUID] = []
        for role, province, place in [
            (Role.COUNCIL, None, COUNCILS[0].id),
            (Role.COUNCIL, None, COUNCILS[2].id),
            (Role.COORDINATOR, "50", None),
            (Role.DELEGATE, None, None),
            (Role.DELEGATE, None, None),
        ]:
            account = Account.open(uuid.uuid4(), role, province, place, None, SYSTEM)
            self.store.save(account)
            self.accounts.append(account.id)
        for province in ("50", "10"):
            cmd = ScheduleMeeting(
                year_be=2569, province_code=province, starts_at=DAYS[0], place_th="ศาลากลาง"
            )
            assert attempt(self.store, lambda c=cmd: c, SYSTEM)  # type: ignore[misc]
        self.store.now = datetime(2027, 2, 5, tzinfo=UTC)
        self.frozen: dict[str, Any] = {}  # a closed meeting -> its state then
        self.results: dict[str, Any] = {}  # a closed vote -> its rankings then

    def meeting(self, province: str) -> ProvincialMeeting:
        found = self.store.load(provincial_meeting_id(2569, province), ProvincialMeeting)
        assert found is not None
        return found

    @rule(province=PROVINCES, day=st.sampled_from(DAYS), who=st.sampled_from(ACTORS))
    def reschedule(self, province: str, day: datetime, who: Actor) -> None:
        attempt(
            self.store,
            lambda: ScheduleMeeting(
                year_be=2569, province_code=province, starts_at=day, place_th="หอประชุม"
            ),
            who,
        )

    @rule(data=st.data(), province=PROVINCES, who=st.sampled_from(ACTORS))
    def set_agenda(self, data: st.DataObject, province: str, who: Actor) -> None:
        chosen = data.draw(st.lists(st.sampled_from([*self.issues, uuid.uuid4()]), max_size=4))
        if data.draw(st.booleans()):  # mostly the province's own issues, each once
            chosen = list(dict.fromkeys(i for i in chosen if i != self.issues[2]))
        attempt(
            self.store,
            lambda: SetAgenda(year_be=2569, province_code=province, issue_ids=chosen),
            who,
        )

    @rule(
        province=PROVINCES,
        place=PLACES,
        present=st.booleans(),
        who=st.sampled_from(ACTORS),
    )
    def attend(self, province: str, place: uuid.UUID, present: bool, who: Actor) -> None:
        cmd = RecordAttendance(
            year_be=2569, province_code=province, council_id=place, present=present
        )
        attempt(self.store, lambda: cmd, who)

    @rule(data=st.data(), province=PROVINCES)
    def the_meeting_day(self, data: st.DataObject, province: str) -> None:
        """The common path, so that votes get cast and closed: on the day, the province's own
        issues on the agenda, its councils present, the vote opened, each council's ranking,
        and now and then the close (each step may be refused, by the state it finds)."""
        m = self.meeting(province)
        self.store.now = max(self.store.now, m.starts_at)
        own = [i for i in self.issues if self.store.aggregates[i].province_code == province]  # type: ignore[attr-defined]
        steps: list[Any] = [SetAgenda(year_be=2569, province_code=province, issue_ids=own)]
        places = [p for p, home in PROVINCE_OF.items() if home == province]
        steps += [
            RecordAttendance(year_be=2569, province_code=province, council_id=p) for p in places
        ]
        steps.append(OpenVote(year_be=2569, province_code=province))
        for cmd in steps:
            attempt(self.store, lambda c=cmd: c, SYSTEM)  # type: ignore[misc]
        for place in places:
            order = data.draw(st.permutations(self.meeting(province).agenda))
            cmd = SubmitRanking(
                year_be=2569, province_code=province, council_id=place, issue_ids=list(order)
            )
            if attempt(self.store, lambda c=cmd: c, SYSTEM):  # type: ignore[misc]
                event("a ranking was submitted")
        if data.draw(st.booleans()):
            self._close_vote(province, SYSTEM)

    @rule(province=PROVINCES, who=st.sampled_from(ACTORS))
    def open_vote(self, province: str, who: Actor) -> None:
        attempt(self.store, lambda: OpenVote(year_be=2569, province_code=province), who)

    @rule(data=st.data(), province=PROVINCES, place=PLACES)
    def rank(self, data: st.DataObject, province: str, place: uuid.UUID) -> None:
        agenda = self.meeting(province).agenda
        order = data.draw(
            st.one_of(
                st.permutations(agenda),
                st.lists(st.sampled_from([*agenda, *self.issues]), max_size=4),
            )
        )
        who = data.draw(st.sampled_from([*REPRESENTATIVES, COORDINATOR, SYSTEM]))
        cmd = SubmitRanking(
            year_be=2569, province_code=province, council_id=place, issue_ids=list(order)
        )
        if attempt(self.store, lambda: cmd, who):
            event("a ranking was submitted")

    @rule(province=PROVINCES, who=st.sampled_from(ACTORS))
    def close_vote(self, province: str, who: Actor) -> None:
        self._close_vote(province, who)

    def _close_vote(self, province: str, who: Actor) -> None:
        if attempt(self.store, lambda: CloseVote(year_be=2569, province_code=province), who):
            m = self.meeting(province)
            if m.vote is VoteState.CLOSED and province not in self.results:
                event("a vote was closed")
                self.results[province] = (dict(m.rankings), list(m.result))

    @rule(province=PROVINCES, text=TEXTS, number=st.sampled_from([None, None, 1, 3]))
    def pass_resolution(self, province: str, text: str, number: int | None) -> None:
        cmd = PassResolution(year_be=2569, province_code=province, text_th=text, number=number)
        attempt(self.store, lambda: cmd, COORDINATOR if province == "50" else SYSTEM)

    @rule(data=st.data(), province=PROVINCES, who=st.sampled_from(ACTORS))
    def elect(self, data: st.DataObject, province: str, who: Actor) -> None:
        account = some(data, self.accounts)
        before = list(self.meeting(province).delegates)
        quota = self.quota()
        cmd = ElectDelegate(year_be=2569, province_code=province, account_id=account)
        if attempt(self.store, lambda: cmd, who):
            event("a delegate was elected")
            assert len(before) < quota and account not in before

    @rule(data=st.data(), province=PROVINCES, who=st.sampled_from(ACTORS))
    def withdraw(self, data: st.DataObject, province: str, who: Actor) -> None:
        cmd = WithdrawDelegate(
            year_be=2569, province_code=province, account_id=some(data, self.accounts)
        )
        attempt(self.store, lambda: cmd, who)

    @rule(n=st.integers(1, 3), who=st.sampled_from([ORGANIZER, COORDINATOR]))
    def set_quota(self, n: int, who: Actor) -> None:
        cmd = SetDelegateQuota(year_be=2569, delegates_per_province=n)
        if attempt(self.store, lambda: cmd, who):
            event("the quota was set")

    @rule(province=PROVINCES, who=st.sampled_from(ACTORS))
    def close_meeting(self, province: str, who: Actor) -> None:
        if attempt(self.store, lambda: CloseMeeting(year_be=2569, province_code=province), who):
            event("a meeting was closed")
            self.frozen.setdefault(province, state(self.meeting(province)))

    @rule(hours=st.sampled_from([6, 24, 24 * 5]))
    def time_passes(self, hours: int) -> None:
        self.store.now += timedelta(hours=hours)

    @invariant()
    def the_rankings_and_the_result(self) -> None:
        for province in ("50", "10"):
            m = self.meeting(province)
            for council_id, order in m.rankings.items():
                assert sorted(order) == sorted(m.agenda) and len(set(order)) == len(order)
                assert council_id in m.present
            for council_id in m.present:
                assert PROVINCE_OF[council_id] == province
            if m.vote is VoteState.CLOSED:
                rankings, result = self.results[province]
                assert m.rankings == rankings, "a ranking changed after the close"
                assert m.result == result == borda_order(m.agenda, rankings)

    @invariant()
    def a_closed_meeting_never_changes(self) -> None:
        for province, then in self.frozen.items():
            assert state(self.meeting(province)) == then

    def quota(self) -> int:
        found = self.store.load(edition_id(2569), Edition)
        assert found is not None
        return found.delegates_per_province

    @invariant()
    def delegates_within_the_quota_and_of_one_province(self) -> None:
        elected = {p: self.meeting(p).delegates for p in ("50", "10")}
        assert not set(elected["50"]) & set(elected["10"]), "a person elected by two provinces"
        for province, delegates in elected.items():
            assert len(set(delegates)) == len(delegates) <= self.quota()
            for account_id in delegates:
                seat = self.store.load(delegate_seat_id(2569, account_id), DelegateSeat)
                assert seat is not None and seat.province_code == province
                account = self.store.load(account_id, Account)
                assert account is not None and account.province_code in (None, province)
        for seat in self.store.aggregates.values():
            if isinstance(seat, DelegateSeat) and seat.province_code is not None:
                assert seat.account_id in elected[seat.province_code]

    @invariant()
    def replaying_the_events_gives_the_same_state(self) -> None:
        for aggregate_id, aggregate in self.store.aggregates.items():
            assert replayed(self.store.history(aggregate_id)) == state(aggregate)


TestMeetings: type[TestCase] = Meetings.TestCase
# Cheap (about 5 s for 40); more sequences reach a closed vote with several rankings.
if settings.default.max_examples < 100:
    TestMeetings.settings = settings(settings.default, max_examples=100)  # type: ignore[attr-defined]

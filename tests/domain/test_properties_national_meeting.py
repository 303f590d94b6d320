"""Any sequence of commands at the national meeting, valid or not, by random actors, keeps the
rules of its agenda items and votes (hypothesis' stateful testing, in memory). The invariants:

1. Each delegate's vote on an item is one aggregate with one event: counted once.
2. A vote exists only for a delegate checked in to the item's session, on an item whose vote
   was open: none before it opened and none after it closed.
3. A closed count equals the ballots cast before the close (for, against, abstain, voted),
   and the registered delegates then; every delegate who did not vote is sealed.
4. A resolution on record is changed only with a reason, never while the vote is open.
5. A refusal (a domain error) changes nothing; replaying the events gives the same state."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from assembly.accounts import Account
from assembly.actors import SYSTEM, Actor, Role
from assembly.meetings import (
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
    vote_id,
)
from assembly.timeline import Phase, Span
from tests.domain.memory import COORDINATOR, NOW, edition
from tests.domain.properties import (
    CopyingStore,
    TestCase,
    attempt,
    paper_recommendation,
    replayed,
    some,
    state,
)

ORGANIZER = Actor(Role.ORGANIZER, account_id=str(uuid.UUID(int=9)))  # ids are UUIDs
NATIONAL = Span(datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 3, 5, 10, tzinfo=UTC))
PROVINCIAL = Span(datetime(2027, 2, 1, tzinfo=UTC), datetime(2027, 2, 28, tzinfo=UTC))
DAY = date(2027, 3, 2)
SESSIONS = [uuid.UUID(int=1), uuid.UUID(int=2)]
RUNNERS = [ORGANIZER, ORGANIZER, SYSTEM, COORDINATOR]
TEXTS = st.sampled_from([None, "", "ให้รัฐออกโฉนดชุมชน <i>แก้ไข</i>"])
REASONS = st.sampled_from([None, "", "  ", "ที่ประชุมทบทวนมติ"])


class Hall(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = CopyingStore()
        e = edition()
        e.set_timeline({Phase.PROVINCIAL: PROVINCIAL, Phase.NATIONAL: NATIONAL}, None, NOW, SYSTEM)
        self.store.save(e)
        self.recs = [paper_recommendation(self.store, f"ข้อเสนอแนะ {n}") for n in range(3)]
        self.accounts = []
        for _ in range(4):
            account = Account.open(uuid.uuid4(), Role.DELEGATE, None, None, None, SYSTEM)
            self.store.save(account)
            self.accounts.append(account.id)
        setup = [SetMeetingDays(year_be=2569, days=[DAY])]
        setup += [
            SetSession(year_be=2569, session_id=s, day=DAY, starts_at=time(9 + n), title_th="x")
            for n, s in enumerate(SESSIONS)
        ]
        for cmd in setup:
            assert attempt(self.store, lambda c=cmd: c, ORGANIZER)  # type: ignore[misc]
        self.old_codes: list[str] = []
        self.closed: dict[uuid.UUID, dict[str, Any]] = {}  # item -> its votes at the close

    @property
    def meeting(self) -> NationalMeeting:
        found = self.store.load(national_meeting_id(2569), NationalMeeting)
        assert found is not None
        return found

    def item(self, rec: uuid.UUID) -> AgendaItem | None:
        return self.store.load(agenda_item_id(2569, rec), AgendaItem)

    def votes(self, item_id: uuid.UUID) -> dict[uuid.UUID, str]:
        return {
            v.account_id: v.choice
            for v in self.store.aggregates.values()
            if isinstance(v, Vote) and v.item_id == item_id
        }

    @rule(data=st.data(), session=st.sampled_from(SESSIONS), who=st.sampled_from(RUNNERS))
    def set_agenda(self, data: st.DataObject, session: uuid.UUID, who: Actor) -> None:
        recs = data.draw(st.lists(st.sampled_from([*self.recs, uuid.uuid4()]), max_size=3))
        cmd = lambda: SetSessionAgenda(  # noqa: E731
            year_be=2569, session_id=session, recommendation_ids=recs
        )
        attempt(self.store, cmd, who)

    @rule(data=st.data())
    def the_session(self, data: st.DataObject) -> None:
        """The common path, so that votes get cast: the first session's agenda, some
        delegates registered and checked in, a ballot opened (each step may be refused)."""
        steps: list[Any] = [
            SetSessionAgenda(year_be=2569, session_id=SESSIONS[0], recommendation_ids=self.recs)
        ]
        for account in data.draw(st.lists(st.sampled_from(self.accounts), unique=True)):
            steps.append(
                RegisterDelegate(year_be=2569, account_id=account, kind=DelegateKind.EXPERT)
            )
        for cmd in steps:
            attempt(self.store, lambda c=cmd: c, ORGANIZER)  # type: ignore[misc]
        for badge in list(self.meeting.delegates.values()):
            cmd = CheckIn(year_be=2569, session_id=SESSIONS[0], code=badge["code"])
            attempt(self.store, lambda c=cmd: c, ORGANIZER)  # type: ignore[misc]
        rec = data.draw(st.sampled_from(self.recs))
        attempt(self.store, lambda: OpenBallot(year_be=2569, recommendation_id=rec), ORGANIZER)
        for account in list(self.meeting.delegates):  # each votes (again, if called again)
            choice = data.draw(st.sampled_from(Choice))
            self._cast(account, Actor(Role.DELEGATE, account_id=str(account)), rec, choice)

    @rule(data=st.data(), who=st.sampled_from(RUNNERS))
    def register(self, data: st.DataObject, who: Actor) -> None:
        account = some(data, self.accounts)
        cmd = lambda: RegisterDelegate(  # noqa: E731
            year_be=2569, account_id=account, kind=DelegateKind.EXPERT
        )
        attempt(self.store, cmd, who)

    @rule(data=st.data(), who=st.sampled_from(RUNNERS))
    def reissue(self, data: st.DataObject, who: Actor) -> None:
        account = some(data, self.accounts)
        old = self.meeting.delegates.get(account, {}).get("code")
        if attempt(self.store, lambda: ReissueBadge(year_be=2569, account_id=account), who) and old:
            self.old_codes.append(old)

    @rule(data=st.data(), session=st.sampled_from(SESSIONS), who=st.sampled_from(RUNNERS))
    def check_in(self, data: st.DataObject, session: uuid.UUID, who: Actor) -> None:
        codes = [d["code"] for d in self.meeting.delegates.values()]
        code = data.draw(st.sampled_from([*codes, *codes, *self.old_codes, "2569-AAAA-BBBB-CCCC"]))
        if attempt(self.store, lambda: CheckIn(year_be=2569, session_id=session, code=code), who):
            assert code not in self.old_codes, "a replaced badge was let in"

    @rule(data=st.data(), who=st.sampled_from(RUNNERS))
    def open_ballot(self, data: st.DataObject, who: Actor) -> None:
        rec = some(data, self.recs)
        attempt(self.store, lambda: OpenBallot(year_be=2569, recommendation_id=rec), who)

    @rule(data=st.data(), who=st.sampled_from(RUNNERS))
    def close_ballot(self, data: st.DataObject, who: Actor) -> None:
        rec = some(data, self.recs)
        found = self.item(rec)
        before = self.votes(found.id) if found else {}
        delegates = len(self.meeting.delegates)
        if attempt(self.store, lambda: CloseBallot(year_be=2569, recommendation_id=rec), who):
            event("a ballot was closed")
            assert found is not None
            self.closed[found.id] = {"votes": before, "registered": delegates}

    @rule(data=st.data(), choice=st.sampled_from(Choice))
    def cast(self, data: st.DataObject, choice: Choice) -> None:
        account = some(data, self.accounts)
        who = data.draw(
            st.sampled_from(
                [Actor(Role.DELEGATE, account_id=str(account)), Actor(Role.ANONYMOUS), ORGANIZER]
            )
        )
        self._cast(account, who, some(data, self.recs), choice)

    def _cast(self, account: uuid.UUID, who: Actor, rec: uuid.UUID, choice: Choice) -> None:
        found = self.item(rec)
        cmd = lambda: CastVote(year_be=2569, recommendation_id=rec, choice=choice)  # noqa: E731
        if attempt(self.store, cmd, who):
            event("a vote was cast")
            assert found is not None and found.vote == "open" and found.session_id is not None
            assert self.store.exists(checkin_id(found.session_id, account))

    @rule(
        data=st.data(),
        outcome=st.sampled_from(Outcome),
        text=TEXTS,
        reason=REASONS,
        who=st.sampled_from(RUNNERS),
    )
    def resolve(
        self,
        data: st.DataObject,
        outcome: Outcome,
        text: str | None,
        reason: str | None,
        who: Actor,
    ) -> None:
        rec = some(data, self.recs)
        found = self.item(rec)
        cmd = lambda: ResolveRecommendation(  # noqa: E731
            year_be=2569,
            recommendation_id=rec,
            outcome=outcome,
            amended_text_th=text,
            reason_th=reason,
        )
        if attempt(self.store, cmd, who):
            assert found is not None and found.vote != "open"

    @invariant()
    def each_vote_counted_once_and_the_count_is_the_ballots(self) -> None:
        for aggregate in self.store.aggregates.values():
            if isinstance(aggregate, (Vote, NoVote)):
                assert len(self.store.history(aggregate.id)) == 1, "a second ballot"
                assert aggregate.id == vote_id(aggregate.item_id, aggregate.account_id)
        for item_id, then in self.closed.items():
            item = self.store.aggregates[item_id]
            assert isinstance(item, AgendaItem) and item.tally is not None
            votes = self.votes(item_id)
            assert votes == then["votes"], "a vote after the close"
            choices = list(votes.values())
            for choice in Choice:
                assert item.tally[choice.value] == choices.count(choice.value)
            assert item.tally["voted"] == len(votes)
            assert item.tally["registered"] == then["registered"]
            sealed = {
                s.account_id
                for s in self.store.aggregates.values()
                if isinstance(s, NoVote) and s.item_id == item_id
            }
            assert not sealed & set(votes)

    @invariant()
    def a_resolution_changes_only_with_a_reason(self) -> None:
        for item in self.store.aggregates.values():
            if isinstance(item, AgendaItem):
                resolved = [
                    e for e in self.store.history(item.id) if isinstance(e, AgendaItem.Resolved)
                ]
                for later in resolved[1:]:
                    assert (later.reason_th or "").strip(), "a resolution changed without a reason"

    @invariant()
    def replaying_the_events_gives_the_same_state(self) -> None:
        for aggregate_id, aggregate in self.store.aggregates.items():
            assert replayed(self.store.history(aggregate_id)) == state(aggregate)


TestHall: type[TestCase] = Hall.TestCase
if settings.default.max_examples < 100:
    TestHall.settings = settings(settings.default, max_examples=100)  # type: ignore[attr-defined]

"""Any sequence of calendar changes, valid or not, by random actors while time passes, keeps
the edition's calendar rules (hypothesis' stateful testing, in memory). The invariants:

1. The phases are in order: each ends after it starts, inside the edition's years, and starts
   after the one before it ends.
2. A phase that has passed never moves again.
3. A phase not yet begun is scheduled, never into the past; one that has begun keeps its
   start, is amended (not scheduled) and every amendment carries a reason.
4. The proposal window is closed once, at or after its end.
5. A refusal (a domain error) changes nothing; replaying the events gives the same state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from assembly.actors import SYSTEM, Actor, Role
from assembly.calendar import CloseProposalWindow, SetTimeline
from assembly.editions import Edition, edition_id
from assembly.timeline import MOMENTS, ORDER, Phase, Span, check_timeline
from tests.domain.memory import COORDINATOR, edition
from tests.domain.properties import CopyingStore, TestCase, attempt, replayed, state

ORGANIZER = Actor(Role.ORGANIZER, account_id="organizer")
COUNCIL = Actor(Role.COUNCIL, account_id="council", council_id="c")
ACTORS = [SYSTEM, ORGANIZER, ORGANIZER, COORDINATOR, COUNCIL]
REASONS = st.sampled_from([None, "", "  ", "น้ำท่วมจังหวัดภาคใต้ เลื่อนการประชุม"])
START = datetime(2026, 10, 1, tzinfo=UTC)
# Ten moments on days from October 2026, sorted: phases in order, most of the time.
MOMENTS_10 = st.lists(st.integers(0, 700), min_size=10, max_size=10).map(sorted)


@st.composite
def timelines(draw: st.DrawFn) -> dict[str, Any]:
    days = draw(MOMENTS_10)
    if draw(st.integers(0, 4)) == 0:  # now and then out of order
        days = draw(st.permutations(days))
    at = [START + timedelta(days=d, hours=draw(st.sampled_from([0, 3]))) for d in days]
    fields = {
        "proposals_starts_at": at[0],
        "proposals_ends_at": at[1],
        "provincial_starts_at": at[2],
        "provincial_ends_at": at[3],
        "national_starts_at": at[4],
        "national_ends_at": at[5],
        "submission_due_at": at[6],
        "answers_due_at": at[7],
    }
    keep = draw(st.sets(st.sampled_from(sorted(fields)), min_size=1))
    return {k: v for k, v in fields.items() if k in keep}


class Calendar(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = CopyingStore()
        self.store.save(edition())
        self.passed: dict[Phase, Span] = {}  # each phase that has passed, as it was then
        self.closed_at: datetime | None = None

    @property
    def edition(self) -> Edition:
        found = self.store.load(edition_id(2569), Edition)
        assert found is not None
        return found

    def _set(self, fields: dict[str, Any], reason: str | None, who: Actor) -> None:
        before, now = dict(self.edition.phases), self.store.now
        seen = len(self.store.history(edition_id(2569)))
        if attempt(self.store, lambda: SetTimeline(year_be=2569, reason_th=reason, **fields), who):
            for e in self.store.history(edition_id(2569))[seen:]:
                phase, old = Phase(e.phase), before.get(Phase(e.phase))  # type: ignore[attr-defined]
                if isinstance(e, Edition.PhaseAmended):
                    event("a begun phase was amended")
                    assert old is not None and old.begun(now) and not old.passed(now)
                    assert e.starts_at == old.starts_at and e.ends_at >= now
                    assert e.reason_th.strip(), "an amendment without a reason"
                else:
                    assert isinstance(e, Edition.PhaseScheduled)
                    assert old is None or not old.begun(now), f"{phase} had begun"
                    assert e.starts_at >= now, f"{phase} scheduled into the past"

    @rule(fields=timelines(), reason=REASONS, who=st.sampled_from(ACTORS))
    def set_timeline(self, fields: dict[str, Any], reason: str | None, who: Actor) -> None:
        self._set(fields, reason, who)

    @rule(data=st.data(), reason=REASONS, who=st.sampled_from(ACTORS))
    def move_a_begun_phase(self, data: st.DataObject, reason: str | None, who: Actor) -> None:
        """The common amendment: a phase under way ends some days later (or earlier)."""
        phase = data.draw(st.sampled_from([p for p in ORDER if p not in MOMENTS]))
        span = self.edition.phases.get(phase)
        if span is None:
            return
        ends = span.ends_at + timedelta(days=data.draw(st.integers(-20, 20)))
        self._set(
            {f"{phase.value}_starts_at": span.starts_at, f"{phase.value}_ends_at": ends},
            reason,
            who,
        )

    @rule(who=st.sampled_from(ACTORS))
    def close_window(self, who: Actor) -> None:
        done = attempt(self.store, lambda: CloseProposalWindow(year_be=2569), who)
        if done and self.closed_at is None:
            event("the window was closed")
            assert self.edition.window_closed
            assert self.store.now >= self.edition.proposal_closes_at
            self.closed_at = self.edition.proposal_closes_at

    @rule(days=st.integers(min_value=1, max_value=60))
    def time_passes(self, days: int) -> None:
        self.store.now += timedelta(days=days)
        for phase, span in self.edition.phases.items():
            if span.passed(self.store.now):
                self.passed.setdefault(phase, span)

    @invariant()
    def the_phases_are_in_order_and_a_passed_one_never_moves(self) -> None:
        phases = self.edition.phases
        check_timeline(2569, phases)  # raises if out of order or outside the years
        for phase, span in self.passed.items():
            assert phases[phase] == span, f"{phase} moved after it passed"
        e = self.edition
        assert phases[Phase.PROPOSALS] == Span(e.proposal_opens_at, e.proposal_closes_at)
        closes = [
            x for x in self.store.history(e.id) if isinstance(x, Edition.ProposalWindowClosed)
        ]
        assert len(closes) == (1 if e.window_closed else 0)

    @invariant()
    def replaying_the_events_gives_the_same_state(self) -> None:
        for aggregate_id, aggregate in self.store.aggregates.items():
            assert replayed(self.store.history(aggregate_id)) == state(aggregate)


TestCalendar: type[TestCase] = Calendar.TestCase

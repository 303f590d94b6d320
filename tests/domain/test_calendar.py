"""The edition's calendar, in memory: phases in order inside the edition's years, scheduled
into the future only, amended with a reason once begun, never moved once passed; the window
closed once, at or after its time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assembly.actors import SYSTEM
from assembly.calendar import CloseProposalWindow, SetTimeline, close_proposal_window, set_timeline
from assembly.errors import Conflict, DomainError, Invalid
from assembly.timeline import Phase, Span
from tests.domain.memory import NOW, MemoryStore, edition

# 2569: the window runs 1 Nov 2026 - 31 Jan 2027 (UTC midnight); NOW is 25 Nov 2026, inside it.
LATER = {
    "provincial_starts_at": datetime(2027, 2, 1, tzinfo=UTC),
    "provincial_ends_at": datetime(2027, 3, 31, tzinfo=UTC),
    "national_starts_at": datetime(2027, 5, 10, tzinfo=UTC),
    "national_ends_at": datetime(2027, 5, 12, tzinfo=UTC),
    "submission_due_at": datetime(2027, 6, 30, tzinfo=UTC),
    "answers_due_at": datetime(2027, 9, 30, tzinfo=UTC),
}


def _store(now: datetime = NOW) -> MemoryStore:
    store = MemoryStore(now)
    store.save(edition())
    return store


def _set(store: MemoryStore, **fields: object) -> None:
    store.save(*set_timeline(store, SetTimeline(year_be=2569, **fields), SYSTEM))  # type: ignore[arg-type]


def test_phases_are_scheduled_in_order() -> None:
    store = _store()
    _set(store, **LATER)
    ed = store.aggregates[next(iter(store.aggregates))]
    assert [p.value for p in ed.phases] == [p.value for p in Phase]  # type: ignore[attr-defined]
    assert ed.phases[Phase.SUBMISSION] == Span(
        LATER["submission_due_at"], LATER["submission_due_at"]
    )  # type: ignore[attr-defined]
    bad = [
        (
            {**LATER, "provincial_starts_at": datetime(2027, 1, 15, tzinfo=UTC)},
            "phases_out_of_order",
        ),
        ({**LATER, "answers_due_at": datetime(2027, 6, 1, tzinfo=UTC)}, "phases_out_of_order"),
        ({**LATER, "national_ends_at": datetime(2027, 5, 1, tzinfo=UTC)}, "phase_backwards"),
        ({**LATER, "answers_due_at": datetime(2031, 1, 1, tzinfo=UTC)}, "outside_years"),
        ({"provincial_starts_at": datetime(2027, 2, 1, tzinfo=UTC)}, "half_a_phase"),
    ]
    for fields, code in bad:
        with pytest.raises(DomainError) as refused:
            _set(_store(), **fields)
        assert refused.value.code == code, fields


def test_a_phase_not_begun_is_never_scheduled_into_the_past() -> None:
    store = _store(datetime(2027, 2, 10, tzinfo=UTC))
    with pytest.raises(Invalid) as past:
        _set(store, submission_due_at=datetime(2027, 2, 9, tzinfo=UTC))
    assert past.value.code == "in_the_past"


def test_a_begun_phase_moves_its_end_with_a_reason_and_a_passed_one_never() -> None:
    store = _store()  # the window is open
    later_close = datetime(2027, 2, 7, tzinfo=UTC)
    with pytest.raises(Invalid) as no_reason:
        _set(
            store,
            proposals_starts_at=datetime(2026, 11, 1, tzinfo=UTC),
            proposals_ends_at=later_close,
        )
    assert no_reason.value.code == "reason_required"
    with pytest.raises(Conflict) as start_moved:
        _set(
            store,
            proposals_starts_at=datetime(2026, 11, 5, tzinfo=UTC),
            proposals_ends_at=later_close,
            reason_th="น้ำท่วม",
        )
    assert start_moved.value.code == "phase_begun"
    _set(
        store,
        proposals_starts_at=datetime(2026, 11, 1, tzinfo=UTC),
        proposals_ends_at=later_close,
        reason_th="น้ำท่วมหลายจังหวัด ขยายเวลาให้สภาที่ได้รับผลกระทบ",
    )
    events = [type(e).__name__ for e in next(iter(store.events.values()))]
    assert events[-1] == "PhaseAmended"
    ed = next(iter(store.aggregates.values()))
    assert ed.proposal_closes_at == later_close  # type: ignore[attr-defined]

    store.now = later_close + timedelta(days=1)
    with pytest.raises(Conflict) as passed:
        _set(
            store,
            proposals_starts_at=datetime(2026, 11, 1, tzinfo=UTC),
            proposals_ends_at=later_close + timedelta(days=9),
            reason_th="ขอขยายอีก",
        )
    assert passed.value.code == "phase_passed"


def test_the_window_closes_once_and_never_early() -> None:
    store = _store()
    with pytest.raises(Conflict) as early:
        close_proposal_window(store, CloseProposalWindow(year_be=2569), SYSTEM)
    assert early.value.code == "window_open"
    store.now = datetime(2027, 1, 31, 0, 0, 1, tzinfo=UTC)
    store.save(*close_proposal_window(store, CloseProposalWindow(year_be=2569), SYSTEM))
    assert close_proposal_window(store, CloseProposalWindow(year_be=2569), SYSTEM) == []
    closed = next(iter(store.events.values()))[-1]
    assert type(closed).__name__ == "ProposalWindowClosed"
    assert closed.closes_at == datetime(2027, 1, 31, tzinfo=UTC)  # type: ignore[attr-defined]

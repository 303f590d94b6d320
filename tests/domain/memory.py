"""An in-memory `store.Store`: aggregates in a dict, time in a variable. Enough to run a
handler without a database (the rules themselves are tested on the aggregates)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from assembly.actors import SYSTEM, Actor, Role
from assembly.councils import Council
from assembly.editions import Edition
from assembly.store import A, Clock

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok, inside 2569's window
COORDINATOR = Actor(
    Role.COORDINATOR, account_id="c0000000-0000-4000-8000-000000000001", province_code="50"
)
FAR_COORDINATOR = Actor(
    Role.COORDINATOR, account_id="c0000000-0000-4000-8000-000000000002", province_code="10"
)


class MemoryStore:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now
        self.aggregates: dict[UUID, Aggregate] = {}
        self.events: dict[UUID, list[Aggregate.Event]] = {}

    def save(self, *aggregates: Aggregate) -> None:
        for aggregate in aggregates:
            self.events.setdefault(aggregate.id, []).extend(aggregate.collect_events())  # type: ignore[arg-type]
            self.aggregates[aggregate.id] = aggregate

    def load(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        found = self.aggregates.get(aggregate_id)
        return found if isinstance(found, kind) else None

    def load_many(self, aggregate_ids: Iterable[UUID]) -> dict[UUID, Aggregate]:
        return {i: self.aggregates[i] for i in aggregate_ids if i in self.aggregates}

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.aggregates

    def existing(self, aggregate_ids: Iterable[UUID]) -> set[UUID]:
        return {i for i in aggregate_ids if i in self.aggregates}

    @property
    def clock(self) -> Clock:
        return lambda: self.now

    def history(self, aggregate_id: UUID) -> Sequence[Aggregate.Event]:
        return self.events.get(aggregate_id, [])


def edition(year_be: int = 2569, now: datetime = NOW) -> Edition:
    opens = datetime(year_be - 543, 11, 1, tzinfo=UTC)
    closes = datetime(year_be - 542, 1, 31, tzinfo=UTC)
    categories = [["land", "ที่ดินทำกิน"], ["debt", "หนี้สิน"]]
    return Edition.open(year_be, f"สมัชชา {year_be}", opens, closes, categories, now, SYSTEM)


def council(code: str = "T500101", tambon: str = "500101") -> Council:
    return Council(
        code=code,
        name_th=f"สภา {code}",
        province_code=tambon[:2],
        district_code=tambon[:4],
        subdistrict_code=tambon,
        by=SYSTEM.ref,
    )

"""A projector turns domain events into SQL statements for its own tables.

Projectors never execute SQL themselves: they append statements to a `Statements` batch,
which the runner executes in the same transaction as the tracking record. That is what
makes a batch exactly-once, and what lets a rebuild replay tens of thousands of events a second.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import psycopg
from eventsourcing.utils import get_topic

EventHandler = Callable[[Any, Any, "Statements"], None]


def handles(*event_classes: type) -> Callable[[EventHandler], EventHandler]:
    """Mark a projector method as the handler of these event classes."""

    def mark(method: EventHandler) -> EventHandler:
        method._handles = event_classes  # type: ignore[attr-defined]
        return method

    return mark


class Statements:
    """SQL to run for one batch, in order. Runs of the same statement go as one executemany."""

    def __init__(self) -> None:
        self._runs: list[tuple[str, list[Sequence[Any]]]] = []
        self._open: dict[Any, list[Any]] = {}  # rows of the last run that may still change
        self._finally: dict[str, Sequence[Any]] = {}
        self._appended: dict[str, list[Sequence[Any]]] = {}
        self.notification_id = 0  # of the event being applied (the audit trail keys on it)

    def add(self, sql: str, params: Sequence[Any], key: Any = None) -> None:
        """`sql` with `params`, after what was added before. With a `key`, the row (params
        given as a list) may be changed in place by `amend` until another statement follows
        (so the rows of the same statement after it must not read what it writes)."""
        if self._runs and self._runs[-1][0] is sql:
            self._runs[-1][1].append(params)
        else:
            self._open.clear()  # a new statement may read what the open rows write
            self._runs.append((sql, [params]))
        if key is not None:
            self._open[key] = params  # type: ignore[assignment]

    def amend(self, key: Any) -> list[Any] | None:
        """The params of the row added under `key`, if nothing has been added after its run:
        changing them is then the same as an UPDATE run right after (a proposal drafted and
        sent in one batch is one INSERT, not an INSERT and an UPDATE; and the INSERTs of a
        batch go as one run instead of runs of one broken by UPDATEs)."""
        return self._open.get(key)

    def append(self, sql: str, params: Sequence[Any]) -> None:
        """A row for an append-only table that no statement of the batch reads (the audit
        trail, a history): the rows of each such statement go as one long executemany, after
        the batch's other statements (and before `at_end`'s), in the order they were given.
        Interleaved with every other projector's statements they were runs of one, and a
        statement sent alone costs psycopg as much Python as a run of many rows."""
        rows = self._appended.get(sql)
        if rows is None:
            self._appended[sql] = [params]
        else:
            rows.append(params)

    def flush(self, sql: str) -> None:
        """The rows `append`ed so far for `sql` go here, in order, before what follows (a
        statement that deletes from that table must come after them)."""
        rows = self._appended.pop(sql, None)
        if rows:
            self._open.clear()
            self._runs.append((sql, rows))

    def at_end(self, sql: str, params: Sequence[Any]) -> None:
        """Run `sql` once, after the batch's other statements, with the last params given:
        for a statement whose last run alone counts (a revision bumped to the newest id)."""
        self._finally.pop(sql, None)
        self._finally[sql] = params

    def __len__(self) -> int:
        appended = sum(len(rows) for rows in self._appended.values())
        return sum(len(p) for _, p in self._runs) + appended + len(self._finally)

    def execute(self, cursor: psycopg.Cursor[Any]) -> None:
        """In order, in pipelines: the projectors' statements interleave event by event
        (a run is seldom longer than one), so waiting for each answer before sending the
        next made the round trips most of a catch-up's time. A long run of a plain INSERT,
        and the appended rows, go by COPY instead (not allowed in a pipeline, so the
        pipeline is ended before it): a fraction of an INSERT's cost a row, on both sides."""
        pending: list[tuple[str, list[Sequence[Any]]]] = []
        for sql, params in self._runs:
            if len(params) >= COPY_MIN and copy_of(sql) is not None:
                _pipelined(cursor, pending)
                pending = []
                _copy(cursor, sql, params)
            else:
                pending.append((sql, params))
        _pipelined(cursor, pending)
        for sql, rows in self._appended.items():
            if len(rows) >= COPY_MIN and copy_of(sql) is not None:
                _copy(cursor, sql, rows)
            else:
                cursor.executemany(sql, rows)  # type: ignore[arg-type]
        for sql, one in self._finally.items():
            cursor.execute(sql, one, prepare=True)  # type: ignore[arg-type]


def _pipelined(cursor: psycopg.Cursor[Any], runs: list[tuple[str, list[Sequence[Any]]]]) -> None:
    if not runs:
        return
    with cursor.connection.pipeline():
        for sql, params in runs:
            if len(params) == 1:
                cursor.execute(sql, params[0], prepare=True)  # type: ignore[arg-type]
            else:
                cursor.executemany(sql, params)  # type: ignore[arg-type]


def _copy(cursor: psycopg.Cursor[Any], sql: str, rows: list[Sequence[Any]]) -> None:
    with cursor.copy(copy_of(sql)) as into:  # type: ignore[arg-type]
        for row in rows:
            into.write_row(row)


COPY_MIN = 20  # fewer rows than this go as INSERTs (a COPY ends the pipeline: a round trip)
_PLAIN_INSERT = re.compile(r"INSERT INTO (\w+) \(([\w, ]+)\) VALUES \(%s(?:, %s)*\)")


@functools.cache
def copy_of(sql: str) -> str | None:
    """`COPY table (columns) FROM STDIN` for a plain `INSERT INTO table (columns) VALUES
    (%s, ...)` (one placeholder a column), None for any other statement."""
    found = _PLAIN_INSERT.fullmatch(sql)
    if found is None or found.group(0).count("%s") != len(found.group(2).split(",")):
        return None
    return f"COPY {found.group(1)} ({found.group(2)}) FROM STDIN"


class Projector:
    """Base class: name the projector, list its tables, mark handlers with `@handles`."""

    name: ClassVar[str]
    tables: ClassVar[tuple[str, ...]]
    _handlers: ClassVar[dict[str, EventHandler]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._handlers = {}
        for attr in vars(cls).values():
            for event_class in getattr(attr, "_handles", ()):
                cls._handlers[get_topic(event_class)] = attr

    def wants(self, topic: str) -> bool:
        return topic in self._handlers

    def apply(self, topic: str, event: Any, out: Statements) -> None:
        self._handlers[topic](self, event, out)

    # Secondary indexes of its tables that no statement of a batch reads: a catch-up into its
    # empty tables drops them and builds them at its end (`ProjectionRunner`). Never a unique
    # index (ON CONFLICT and the row lookups need those).
    bulk_indexes: ClassVar[tuple[str, ...]] = ()
    # Topics whose `prepare` does slow work (Thai segmentation): a backlog holding them
    # starts the segmenting workers early (`ProjectionRunner._plan`).
    slow_topics: ClassVar[frozenset[str]] = frozenset()

    def prepare(self, topic: str, event: Any) -> None:
        """Slow work on an event `apply` will need, done outside the batch's transaction
        (it may be called for events already projected, or more than once)."""


@dataclass(frozen=True, slots=True)
class Batch:
    """Events planned from some positions: the statements that project them."""

    positions: dict[str, int]  # each projector's, as the batch was planned from them
    reached: int  # its last event's notification id
    events: int
    statements: Statements

    def __len__(self) -> int:
        return self.events

    def after(self) -> dict[str, int]:
        """The positions once it is written."""
        return {name: max(at, self.reached) for name, at in self.positions.items()}


def decide(
    projectors: Sequence[Projector],
    notifications: Sequence[Any],
    positions: dict[str, int],
    decoded: dict[int, Any],
) -> Statements:
    """The statements that project `notifications` (their events `decoded` by id), for each
    projector only the events after its position."""
    out = Statements()
    for n in notifications:
        event = None
        for p in projectors:
            if n.id <= positions[p.name] or not p.wants(n.topic):
                continue
            if event is None:
                event = decoded[n.id]
                out.notification_id = n.id
            p.apply(n.topic, event, out)
    return out

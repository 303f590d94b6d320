"""Keeps every projector's tables current from the event log, exactly once.

Each batch is one transaction that: takes the projection lock, checks the projectors'
positions are those the batch was planned from, writes the rows, and moves the tracking
records. Kill the process at any moment and the batch either happened whole or not at all.
Taking the lock per batch lets a rebuild and a live runner (in another process) take turns.

Catch-up speed: a batch is planned (read, decoded, its statements made) outside any
transaction while the one before is written in a thread of its own; the Thai texts of the
batch after are segmented by worker processes meanwhile (`projections.segmenting`); long
runs of plain INSERTs and the audit and history rows go by COPY (`Statements.execute`); a
catch-up into empty tables builds their secondary indexes once, at its end. Quiet machine
(`bench.catchup`): the demo's log rebuilt at 3,958 -> 7,449 events/s, the national set's
caught up at 2,397 -> 5,786 events/s.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import psycopg
from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresFactory, PostgresTrackingRecorder
from eventsourcing.utils import Environment

from assembly.application import Assembly
from assembly.settings import Settings
from projections import deferred_indexes, segmenting
from projections.log_reader import LogReader
from projections.projector import Batch, Projector, decide
from projections.registry import FIRST, all_projectors, projected_channel, tracking_table
from projections.watchers import Watchers

log = logging.getLogger(__name__)

LOCK_BASE = 0x5A55_0000_0000
BATCH_SIZE = 1000
FIRST_BATCH_SIZE = 5000  # it decodes few of the events it reads: bigger batches, fewer rounds
MIN_BATCH_SIZE = 100  # a failing batch is retried at half its size, down to this
BULK_MIN = 20_000  # a backlog this long into empty tables builds their indexes at its end
STOP_SECONDS = 3.0  # a stop waits this long for the batch under way (SIGTERM: done in 5 s)


class ProjectionRunner:
    def __init__(
        self,
        settings: Settings,
        app: Assembly,
        projectors: Sequence[Projector] | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.settings = settings
        self.app = app
        self.projectors = list(projectors or all_projectors())
        self.batch_size = batch_size
        # eventsourcing's 5 s idle-in-transaction limit cut batches on a busy machine (each
        # retry failing again): batches are now planned outside the transaction, and a minute
        # still ends an abandoned one; a killed process's ends at once.
        env = {"POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "60", **settings.eventsourcing_env()}
        factory = PostgresFactory(Environment("projections", env))
        self.datastore = factory.datastore
        self.views = {
            p.name: PostgresTrackingRecorder(self.datastore, tracking_table_name=tracking_table(p))
            for p in self.projectors
        }
        for view in self.views.values():
            view.create_table()
        self._stopping = threading.Event()
        self.segment_ahead = True  # big lots of Thai texts go to worker processes
        self._decoded: dict[int, Any] = {}  # events read ahead, decoded (by id)
        self.bulk_min = BULK_MIN
        self._looked_for_left = False  # for indexes a stopped catch-up left (`_left_deferred`)
        self._indexes_deferred = False
        self._writer_pool: ThreadPoolExecutor | None = None  # writes a batch (`catch_up`)
        self.position = 0  # every projector has passed this notification id (committed)
        self._watchers = Watchers()
        self._thread: threading.Thread | None = None
        self._first: ProjectionRunner | None = None  # the accounts ahead of the rest (start)
        self.caught_up = threading.Event()  # the log was read to its end once since `start`
        self.head_at_start = self.position_at_start = 0  # set by `start`
        self.error: BaseException | None = None
        schema = settings.schema
        # One lock per schema: runners of other schemas in the same database don't wait on us.
        self.lock_key = LOCK_BASE + zlib.crc32(schema.encode())
        self.channel = projected_channel(schema)
        self._events = f'"{schema}".{app.name}_events'
        self._search_path = f'SET LOCAL search_path TO "{schema}"'
        self.reader = LogReader(self.datastore, self._events, self._search_path)
        self._positions_sql = " UNION ALL ".join(
            f"SELECT '{p.name}' AS projector, coalesce(max(notification_id), 0) AS position"
            f' FROM "{schema}".{tracking_table(p)}'
            " WHERE application_name = %(app)s"
            for p in self.projectors
        )

    # --- one batch ---

    def run_once(self) -> int:
        """Project the next batch. Returns how many events it read (0: caught up)."""
        while True:
            batch = self._plan(self._current_positions())
            if batch is None:
                return 0
            if self._write(batch):
                return len(batch)
            # Another runner moved first (a rebuild, the accounts ahead): plan again.

    async def passed(self, notification_id: int, timeout: float) -> bool:
        """Wait (without polling) until every projector has passed `notification_id`."""
        return await self._watchers.wait(notification_id, timeout, lambda: self.position)

    def _positions(self, curs: psycopg.Cursor[Any]) -> dict[str, int]:
        curs.execute(self._positions_sql, {"app": self.app.name})
        return {row["projector"]: row["position"] for row in curs.fetchall()}

    def _current_positions(self) -> dict[str, int]:
        """The committed positions; what another runner wrote meanwhile counts as passed."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._search_path)
            positions = self._positions(curs)
        self._passed(min(positions.values()))
        return positions

    def _passed(self, reached: int) -> None:
        if reached > self.position:
            self.position = reached  # committed: readers in this process may rely on it
            self._watchers.reached(reached)

    def _texts_ahead(self, start: int, read: int) -> bool:
        """On a backlog (the read-ahead came back full), whether Thai texts are coming."""
        slow = {t for p in self.projectors for t in p.slow_topics}
        if read < self.batch_size * 2 or not slow or segmenting.running():
            return False
        return self.reader.holds(start, self.batch_size, slow)

    def _plan(self, positions: dict[str, int]) -> Batch | None:
        """The batch after `positions`, decided outside any transaction: read, decoded, each
        projector's slow work done (Thai segmentation: the next batch's texts go to the
        segmenting workers now, `projections.segmenting`), and its statements made. A
        transaction open while a thousand proposals were segmented outlasted the store's
        5 s idle-in-transaction limit on a busy machine; and a batch planned while the one
        before is written keeps both Python and PostgreSQL busy (`catch_up`)."""
        start = min(positions.values())
        notifications = self.reader.ahead(start, self.batch_size)
        if not notifications:
            return None
        if self.segment_ahead and self._texts_ahead(start, len(notifications)):
            segmenting.start_workers()  # they spawn and load while the batches before go
        decoded: dict[int, Any] = {}
        before = self._decoded  # the batch ahead, decoded last time
        mapper = self.app.mapper
        for n in notifications:
            for p in self.projectors:
                if p.wants(n.topic):
                    if n.id not in decoded:
                        decoded[n.id] = before.get(n.id) or mapper.to_domain_event(n)
                    p.prepare(n.topic, decoded[n.id])
        segmenting.send(pool_allowed=self.segment_ahead)
        self._decoded = decoded
        mine = notifications[: self.batch_size]
        self.reader.keep(notifications[self.batch_size :], mine[-1].id)
        statements = decide(self.projectors, mine, positions, decoded)
        return Batch(positions, mine[-1].id, len(mine), statements)

    def _write(self, batch: Batch) -> bool:
        """The batch in one transaction with the tracking records, if the positions are still
        those it was planned from (False, and nothing written, if another runner moved)."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT pg_advisory_xact_lock(%s)", (self.lock_key,))
            curs.execute(self._search_path)
            # The read side is rebuilt from the log: a crash may lose a batch's commit, rows
            # and tracking record together, and the next start projects it again. Not waiting
            # for the WAL's flush at each commit is then safe.
            curs.execute("SET LOCAL synchronous_commit = off")
            if self._positions(curs) != batch.positions:
                return False
            batch.statements.execute(curs)
            for p in self.projectors:
                if batch.positions[p.name] < batch.reached:
                    view = self.views[p.name]
                    view._insert_tracking(curs, Tracking(self.app.name, batch.reached))
            # Web processes without a runner wait on this (delivered at commit).
            curs.execute("SELECT pg_notify(%s, %s)", (self.channel, str(batch.reached)))
        self._passed(batch.reached)
        return True

    # --- whole runs ---

    def catch_up(
        self, progress: Callable[[int], None] = lambda _: None, max_seconds: float | None = None
    ) -> int:
        """Project until the log is read to its end (or `max_seconds` have passed, or `stop`).

        Two batches at a time: while one is written (its transaction in the writer thread,
        waiting on PostgreSQL), the next is planned here, from the positions the first will
        leave. Python and PostgreSQL then work at once instead of in turn. A batch whose
        positions moved meanwhile (another runner, the accounts ahead) is planned again.
        """
        deadline = None if max_seconds is None else time.monotonic() + max_seconds
        total = 0
        positions: dict[str, int] | None = None
        writing: Future[bool] | None = None
        in_flight: Batch | None = None
        if self._defer_indexes() or self._left_deferred():
            self._indexes_deferred = True  # built at the end of the catch-up that completes
        try:
            while not self._stopping.is_set():
                if writing is None:
                    self._project_first()  # sign-in's tables before each batch of the rest
                    positions = self._current_positions()
                batch = self._plan(positions) if positions is not None else None
                if writing is not None:
                    written = writing.result()
                    writing = None
                    if not written:  # moved under us: what was planned after it is void
                        positions = None
                        continue
                    assert in_flight is not None
                    total += len(in_flight)
                    progress(len(in_flight))
                    if deadline is not None and time.monotonic() > deadline:
                        break
                    self._project_first()
                if batch is None or self._stopping.is_set():
                    break
                in_flight, positions = batch, batch.after()
                writing = self._writer().submit(self._write, batch)
        finally:
            if writing is not None:  # the batch under way commits (or fails) whole
                with contextlib.suppress(Exception):
                    if writing.result():
                        total += len(in_flight)  # type: ignore[arg-type]
        if self._indexes_deferred and not self._stopping.is_set():
            self.build_deferred_indexes()  # (stopped: the next start builds them)
            self._indexes_deferred = False
        return total

    def _defer_indexes(self) -> bool:
        """Before a long catch-up into empty tables (a rebuild, a first start on a backlog):
        their `bulk_indexes` are dropped, to be built at its end (`deferred_indexes`)."""
        positions = self._current_positions()
        names = [i for p in self.projectors if positions[p.name] == 0 for i in p.bulk_indexes]
        if not names or self.head_and_position()[0] < self.bulk_min:
            return False
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT pg_advisory_xact_lock(%s)", (self.lock_key,))
            curs.execute(self._search_path)
            if self._positions(curs) != positions:
                return False  # another runner is at work: leave its tables be
            dropped = deferred_indexes.drop(curs, self.settings.schema, names)
        log.info("catch-up into empty tables: %d indexes built at its end", dropped)
        return dropped > 0

    def _left_deferred(self) -> bool:
        """Once a runner: whether a catch-up that was stopped or killed left indexes to build."""
        if self._looked_for_left:
            return False
        self._looked_for_left = True
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._search_path)
            return deferred_indexes.any_left(curs)

    def build_deferred_indexes(self) -> int:
        """Build the indexes a catch-up deferred (also those a stopped or killed one left),
        each in its own transaction. Returns how many."""
        built = 0
        while True:
            with self.datastore.transaction(commit=True) as curs:
                curs.execute("SELECT pg_advisory_xact_lock(%s)", (self.lock_key,))
                curs.execute(self._search_path)
                if not deferred_indexes.build_one(curs):
                    return built
            built += 1

    def _writer(self) -> ThreadPoolExecutor:
        if self._writer_pool is None:
            self._writer_pool = ThreadPoolExecutor(1, thread_name_prefix="projections-write")
        return self._writer_pool

    def _project_first(self) -> None:
        """On a start with a backlog, the accounts (all that signing in reads) go ahead of the
        rest: a runner over that projector alone, taking the same lock per batch. The main
        runner then skips what it already projected (each projector keeps its own position)."""
        first = self._first
        while first is not None and not self._stopping.is_set() and first.run_once():
            pass

    def lag(self) -> int:
        """Events in the log that some projector has not yet seen."""
        head, position = self.head_and_position()
        return max(0, head - position)

    def rebuild(self, progress: Callable[[int], None] = lambda _: None) -> int:
        """Empty every read model and replay the whole log into it."""
        self.reader.restart()
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT pg_advisory_xact_lock(%s)", (self.lock_key,))
            curs.execute(self._search_path)
            for p in self.projectors:
                curs.execute(f"TRUNCATE {', '.join(p.tables)}")
                # Only our position: the table's `__migration__` row belongs to eventsourcing.
                curs.execute(
                    f"DELETE FROM {tracking_table(p)} WHERE application_name = %s",
                    (self.app.name,),
                )
        return self.catch_up(progress)

    # --- the live loop ---

    def start(self) -> None:
        """Project in a thread of its own: the backlog first (the accounts ahead of the rest),
        then every new event. `caught_up` is set once the log was read to its end."""
        self.head_at_start, self.position = self.head_and_position()
        self.position_at_start = self.position
        if len(self.projectors) > 1 and self.head_at_start - self.position > self.batch_size:
            first = [p for p in self.projectors if p.name in FIRST]
            self._first = ProjectionRunner(self.settings, self.app, first, FIRST_BATCH_SIZE)
        self._thread = threading.Thread(target=self.run_forever, name="projections", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Let the batch under way commit (one transaction: whole or not at all), then close.
        Bounded: a batch stuck longer (on a lock) is rolled back with the connection."""
        self._stopping.set()
        if self._thread:
            self._thread.join(timeout=STOP_SECONDS)
            if self._thread.is_alive():  # closing its pool would wait for the batch: don't
                log.warning("stopped with a batch unfinished: it rolls back with the process")
                segmenting.stop()
                return
        segmenting.stop()
        if self._first is not None:
            self._first.stop()
        if self._writer_pool is not None:
            self._writer_pool.shutdown(wait=True)
        self.datastore.close()

    def head_and_position(self) -> tuple[int, int]:
        """The log's last notification id, and the one every projector has passed."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._search_path)
            positions = self._positions(curs)
            curs.execute(f"SELECT coalesce(max(notification_id), 0) AS m FROM {self._events}")
            head = curs.fetchone()["m"]  # type: ignore[index]
        return head, min(positions.values())

    def run_forever(self) -> None:
        """Catch up, then wake on every NOTIFY from the event store (and at least once a second).

        A lost connection or a failing batch is logged and retried with backoff: the batch
        rolled back, so retrying is safe. `error` holds the last failure for /health.
        """
        delay = 0.5
        while not self._stopping.is_set():
            try:
                self._listen_and_project()
            except Exception as exc:
                self.error = exc
                # A batch that outlasts the store's idle-in-transaction limit (5 s: a busy
                # machine, a thousand proposals to segment) would fail the same way again.
                self.batch_size = max(MIN_BATCH_SIZE, self.batch_size // 2)
                log.exception("projection batch failed; retrying in %.1f s", delay)
                self._stopping.wait(delay)
                # A database restart leaves the pool's idle connections broken, and the pool
                # hands them out again: replace them before the next try.
                with contextlib.suppress(Exception):
                    self.datastore.pool.check()
                delay = min(delay * 2, 5.0)  # back within 5 s of the database's return
            else:
                delay = 0.5

    def _listen_and_project(self) -> None:
        channel = f"{self.app.name}_events"  # eventsourcing NOTIFYs this channel on every commit
        with psycopg.connect(**self.settings.libpq_kwargs(), autocommit=True) as listener:  # type: ignore[arg-type]
            listener.execute(f"LISTEN {channel}")
            while not self._stopping.is_set():
                if self.catch_up():
                    self.error = None
                    continue
                if self._stopping.is_set():
                    break
                if not self.caught_up.is_set():
                    self.caught_up.set()
                    if self._first is not None:  # in lockstep with the rest from now on
                        first, self._first = self._first, None
                        first.stop()
                for _ in listener.notifies(timeout=1.0, stop_after=1):
                    pass

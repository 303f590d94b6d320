"""The catch-up's shortcuts change nothing: a batch planned while the one before is written,
a proposal's INSERT amended by its later events in the same batch, long runs of a plain
INSERT and the appended rows sent by COPY, indexes built at the end of a catch-up into
empty tables. Each gives the tables that projecting the events one by one gives."""

from __future__ import annotations

import asyncio
import threading
import uuid
from types import SimpleNamespace
from typing import Any

import asyncpg
import psycopg

from assembly.actors import SYSTEM
from assembly.application import Assembly
from assembly.proposals import ReturnProposal, ReviseProposal, SubmitProposal, WithdrawProposal
from assembly.settings import Settings
from projections.audit import AuditProjector
from projections.projector import Statements, copy_of
from projections.proposals_projector import ProposalsProjector
from projections.runner import ProjectionRunner
from tests.conftest import COORDINATOR, LAND, import_councils, proposal, rows, setup_world
from web.app import connect_kwargs
from web.demo import demo_councils
from web.readiness import Readiness

TABLES = ("proposals", "proposal_history", "audit", "councils")


def snapshot(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    return {t: rows(settings, f"SELECT * FROM {t} ORDER BY 1, 2") for t in TABLES}


def lives(app: Assembly) -> list[uuid.UUID]:
    """Proposals whose every change but the first comes after the draft in the log: sent;
    revised then sent; sent, returned with a reason, revised and sent again; withdrawn;
    returned and left so; a draft never sent."""
    sent = proposal(app)
    revised = proposal(app, submit=False)
    app.handle(
        ReviseProposal(proposal_id=revised, version=1, **{**LAND, "title_th": "ใหม่"}), SYSTEM
    )
    app.handle(SubmitProposal(proposal_id=revised), SYSTEM)
    again = proposal(app)
    app.handle(ReturnProposal(proposal_id=again, reason_th="ขอข้อมูลเพิ่ม"), COORDINATOR)
    app.handle(
        ReviseProposal(proposal_id=again, version=3, **{**LAND, "problem_th": "แก้แล้ว"}), SYSTEM
    )
    app.handle(SubmitProposal(proposal_id=again), SYSTEM)
    withdrawn = proposal(app)
    app.handle(WithdrawProposal(proposal_id=withdrawn), SYSTEM)
    returned = proposal(app)
    app.handle(ReturnProposal(proposal_id=returned, reason_th="ยังไม่ครบถ้วน"), COORDINATOR)
    draft = proposal(app, submit=False)
    return [sent, revised, again, withdrawn, returned, draft]


def test_one_big_batch_gives_the_tables_of_one_event_a_batch(
    app: Assembly, settings: Settings
) -> None:
    setup_world(app)
    import_councils(app, demo_councils()[2000:2040])  # a run long enough to go by COPY
    made = lives(app)
    one_by_one = ProjectionRunner(settings, app, batch_size=1)
    one_by_one.catch_up()
    expected = snapshot(settings)
    statuses = rows(settings, "SELECT id, status, return_reason_th FROM proposals")
    assert {r[0] for r in statuses} == set(made)
    assert sorted(s for _, s, _ in statuses) == sorted(
        ["submitted", "submitted", "submitted", "withdrawn", "returned", "draft"]
    )
    whole = ProjectionRunner(settings, app, batch_size=1000)
    whole.rebuild()  # every proposal's events in one batch: its INSERT amended in place
    assert snapshot(settings) == expected
    one_by_one.stop()
    whole.stop()


def test_an_amended_row_stays_open_only_until_another_statement_follows() -> None:
    out = Statements()
    key = ("proposal", 1)
    row = [1, "draft"]
    out.add("INSERT a", row, key=key)
    assert out.amend(key) is row
    out.append("INSERT INTO audit (x) VALUES (%s)", (1,))  # appended rows read nothing
    assert out.amend(key) is row
    out.add("INSERT a", [2, "draft"], key=("proposal", 2))  # the same statement: a run
    assert out.amend(key) is row
    out.add("UPDATE b", (1,))  # may read what the row writes: the row is sent as it is
    assert out.amend(key) is None


def test_appended_rows_go_by_copy_only_for_a_plain_insert() -> None:
    assert copy_of(AuditProjector.INSERT) == (
        "COPY audit (notification_id, occurred_at, actor_role, actor_account,"
        " aggregate_type, aggregate_id, event_type) FROM STDIN"
    )
    assert copy_of(ProposalsProjector.HISTORY) is not None
    assert copy_of(ProposalsProjector.INSERT) is None  # INSERT ... SELECT
    assert copy_of("INSERT INTO t (a, b) VALUES (%s, now())") is None
    assert copy_of("INSERT INTO t (a, b) VALUES (%s, %s) ON CONFLICT DO NOTHING") is None


def test_two_runners_at_once_write_each_event_once(app: Assembly, settings: Settings) -> None:
    """Each plans its next batch while writing one; the other moves the positions under it,
    and the batch planned from the old ones is planned again, never written twice."""
    import_councils(app, demo_councils()[:600])
    runners = [ProjectionRunner(settings, app, batch_size=n) for n in (7, 11, 13)]
    counts: list[int] = []
    start = threading.Barrier(len(runners))

    def run(runner: ProjectionRunner) -> None:
        start.wait()
        counts.append(runner.catch_up())

    threads = [threading.Thread(target=run, args=(r,)) for r in runners]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sum(counts) == 600
    assert rows(settings, "SELECT count(*), count(DISTINCT code) FROM councils") == [(600, 600)]
    assert rows(settings, "SELECT count(*), count(DISTINCT notification_id) FROM audit") == [
        (600, 600)
    ]
    for runner in runners:
        runner.stop()


def indexes(settings: Settings, table: str) -> set[str]:
    found = rows(
        settings,
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s",
        table,
    )
    return {name for (name,) in found}


def deferred(settings: Settings) -> int:
    return int(rows(settings, "SELECT count(*) FROM deferred_indexes")[0][0])


def test_a_catch_up_into_empty_tables_builds_their_indexes_once_at_its_end(
    app: Assembly, settings: Settings
) -> None:
    setup_world(app)
    import_councils(app, demo_councils()[2000:2040])
    lives(app)
    plain = ProjectionRunner(settings, app)  # a log this short keeps its indexes throughout
    plain.catch_up()
    expected, before = snapshot(settings), indexes(settings, "proposals")
    assert {"proposals_search", "proposals_queue"} <= before and deferred(settings) == 0
    bulk = ProjectionRunner(settings, app, batch_size=10)
    bulk.bulk_min = 1  # as on a long log
    seen: list[tuple[set[str], int]] = []
    bulk.rebuild(lambda _: seen.append((indexes(settings, "proposals"), deferred(settings))))
    assert seen and all("proposals_search" not in names for names, _ in seen)
    assert {n for _, n in seen} == {8}  # proposals' six and the audit's two, noted
    assert indexes(settings, "proposals") == before and deferred(settings) == 0
    assert snapshot(settings) == expected
    plain.stop()
    bulk.stop()


def test_indexes_a_stopped_catch_up_left_are_built_by_the_next_runner(
    app: Assembly, settings: Settings
) -> None:
    setup_world(app)
    lives(app)
    before = indexes(settings, "proposals")
    stopped = ProjectionRunner(settings, app)
    stopped.bulk_min = 1
    assert stopped._defer_indexes()  # and then the process was killed
    stopped.stop()
    assert "proposals_search" not in indexes(settings, "proposals") and deferred(settings) == 8
    again = ProjectionRunner(settings, app)  # a log too short to defer anything itself
    assert again.catch_up() > 0
    assert indexes(settings, "proposals") == before and deferred(settings) == 0
    # A definition noted for an index that exists (a restored schema has them all): no error.
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        conn.execute(
            "INSERT INTO deferred_indexes SELECT indexname,"
            " replace(indexdef, 'CREATE INDEX ', 'CREATE INDEX IF NOT EXISTS ')"
            " FROM pg_indexes WHERE schemaname = %s AND indexname = 'proposals_queue'",
            (settings.schema,),
        )
    assert again.build_deferred_indexes() == 1 and deferred(settings) == 0
    again.stop()


def test_not_ready_until_the_deferred_indexes_are_built(app: Assembly, settings: Settings) -> None:
    """Caught up but with indexes still to build, the read side is not yet ready: its pages
    would be right but slow."""
    setup_world(app)
    runner = ProjectionRunner(settings, app)
    runner.catch_up()
    head, _ = runner.head_and_position()
    runner.bulk_min = 1
    runner.rebuild()  # (builds them at its end)
    assert runner._defer_indexes() is False  # positions moved: nothing is dropped again

    async def ready_while(pending: bool) -> bool:
        pool = await asyncpg.create_pool(
            **connect_kwargs(settings), server_settings={"search_path": settings.schema}
        )
        try:
            if pending:
                await pool.execute(
                    "INSERT INTO deferred_indexes VALUES ('proposals_queue', 'SELECT 1')"
                )
            readiness = Readiness(SimpleNamespace(db=pool), head, 0)  # type: ignore[arg-type]
            return (await readiness.progress()).ready
        finally:
            await pool.execute("DELETE FROM deferred_indexes")
            await pool.close()

    assert asyncio.run(ready_while(pending=True)) is False
    assert asyncio.run(ready_while(pending=False)) is True
    runner.stop()


def test_a_runner_learns_what_another_projected(app: Assembly, settings: Settings) -> None:
    """Two processes' runners take turns: the one that found nothing left to write still
    passes the position the other reached (its web requests wait on it)."""
    import_councils(app, demo_councils()[:30])
    writer, other = ProjectionRunner(settings, app), ProjectionRunner(settings, app)
    assert writer.catch_up() == 30 and writer.position > 0
    assert other.catch_up() == 0
    assert other.position == writer.position
    writer.stop()
    other.stop()

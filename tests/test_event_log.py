"""A log written before issue 9 still loads, rebuilds and takes new commands.

`data/events_before_issue9.json` holds the `assembly_events` rows written by the code of commit
8ac2786 (every aggregate, every event type; see `data/make_event_log.py`) and what the API
answered about them then. Events are never rewritten: a class that moves keeps its topic.
"""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic
from litestar.testing import TestClient

from assembly.accounts import Account
from assembly.actors import SYSTEM, Actor, Role
from assembly.application import Assembly
from assembly.consolidation import ProvinceBoard, ProvincialIssue, ReviseIssue, as_of
from assembly.councils import Council
from assembly.editions import Edition
from assembly.invitations import Invitation
from assembly.proposals import Proposal, SubmitProposal
from assembly.recommendations import Recommendation
from assembly.settings import Settings
from projections.migrate import migrate
from projections.runner import ProjectionRunner
from tests.conftest import FakeClock, bearer, rows
from web.app import create_app

FIXTURE = json.loads(
    (Path(__file__).parent / "data" / "events_before_issue9.json").read_text(encoding="utf-8")
)
KINDS: dict[str, type[Aggregate]] = {
    "Account": Account,
    "Council": Council,
    "Edition": Edition,
    "Invitation": Invitation,
    "Proposal": Proposal,
    "ProvinceBoard": ProvinceBoard,
    "ProvincialIssue": ProvincialIssue,
    "Recommendation": Recommendation,
}
COORDINATOR = Actor(
    Role.COORDINATOR, account_id="6f1c2d43-0000-4000-8000-000000000001", province_code="50"
)


def _clock() -> FakeClock:
    return FakeClock(datetime.fromisoformat(FIXTURE["clock"]))


def _load_log(settings: Settings) -> None:
    """The stored rows, byte for byte, into a fresh schema's event table."""
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        for e in FIXTURE["events"]:
            conn.execute(
                "INSERT INTO assembly_events"
                " (notification_id, originator_id, originator_version, topic, state)"
                " VALUES (%s, %s, %s, %s, %s)",
                (
                    e["notification_id"],
                    uuid.UUID(e["originator_id"]),
                    e["originator_version"],
                    e["topic"],
                    base64.b64decode(e["state"]),
                ),
            )
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('assembly_events', 'notification_id'),"
            " (SELECT max(notification_id) FROM assembly_events))"
        )


@pytest.fixture
def old_log(settings: Settings) -> Settings:
    migrate(settings)
    Assembly(settings.eventsourcing_env()).close()  # creates the event table
    _load_log(settings)
    return settings


def _kind_of(topic: str) -> str:
    return topic.partition(":")[2].split(".")[0]


def test_every_aggregate_loads_as_its_class(old_log: Settings) -> None:
    app = Assembly(old_log.eventsourcing_env(), clock=_clock())
    try:
        last: dict[str, tuple[int, str]] = {}
        for e in FIXTURE["events"]:
            last[e["originator_id"]] = (e["originator_version"], _kind_of(e["topic"]))
        assert {kind for _, kind in last.values()} == set(KINDS)
        for originator_id, (version, kind) in last.items():
            aggregate = app.repository.get(uuid.UUID(originator_id))
            assert isinstance(aggregate, KINDS[kind]), originator_id
            assert aggregate.version == version
    finally:
        app.close()


def test_rebuild_answers_as_before(old_log: Settings) -> None:
    app = Assembly(old_log.eventsourcing_env(), clock=_clock())
    runner = ProjectionRunner(old_log, app)
    try:
        assert runner.rebuild() == len(FIXTURE["events"])
    finally:
        runner.stop()
        app.close()
    with TestClient(create_app(old_log, clock=_clock())) as client:
        headers = bearer(client, "reader", Role.ORGANIZER)
        for path, expected in FIXTURE["answers"].items():
            response = client.get(path, headers=headers)
            assert response.status_code == 200, (path, response.text)
            # Nothing varies: every time shown comes from the events' own timestamps. Fields
            # added since (the calendar's, say) may be there too: what was answered still is.
            assert _answers_as_before(expected, response.json()), path


def _answers_as_before(before: Any, now: Any) -> bool:
    """`now` says everything `before` said, the same way (and perhaps more keys)."""
    if isinstance(before, dict):
        return isinstance(now, dict) and all(
            k in now and _answers_as_before(v, now[k]) for k, v in before.items()
        )
    if isinstance(before, list):
        return (
            isinstance(now, list)
            and len(now) == len(before)
            and all(_answers_as_before(b, n) for b, n in zip(before, now, strict=True))
        )
    return bool(before == now)


def test_new_commands_on_old_aggregates_save_with_the_old_topics(old_log: Settings) -> None:
    app = Assembly(old_log.eventsourcing_env(), clock=_clock())
    try:
        issue_id = uuid.UUID(FIXTURE["ids"]["issues"][0])
        issue = app.load(issue_id, ProvincialIssue)
        assert issue is not None
        before = as_of(app, issue_id, datetime.fromisoformat("2100-01-01T00:00:00+00:00"))
        assert isinstance(before, ProvincialIssue) and before.version == issue.version
        revise = ReviseIssue(
            issue_id=issue_id, version=issue.version, title_th="ที่ดินทำกินในเขตป่า (ปรับ)"
        )
        app.handle(revise, COORDINATOR)
        returned = uuid.UUID(FIXTURE["ids"]["proposals"][0])
        app.handle(SubmitProposal(proposal_id=returned), SYSTEM)
        issue_after = app.load(issue_id, ProvincialIssue)
        assert issue_after is not None and issue_after.title_th == revise.title_th
        proposal = app.load(returned, Proposal)
        assert proposal is not None and proposal.status == "submitted"
    finally:
        app.close()
    # The new events carry the topics the log already uses, so readers keyed on topics (the
    # projectors) see old and new alike.
    old_topics = {e["topic"] for e in FIXTURE["events"]}
    new = rows(
        old_log,
        "SELECT topic FROM assembly_events WHERE notification_id > %s ORDER BY notification_id",
        len(FIXTURE["events"]),
    )
    assert [t for (t,) in new] == [
        "assembly.consolidation:ProvincialIssue.Revised",
        "assembly.proposals:Proposal.Submitted",
    ]
    assert {t for (t,) in new} <= old_topics
    for event_class in (ProvincialIssue.Created, ProvinceBoard.Ranked, ProvincialIssue.Revised):
        assert get_topic(event_class) in old_topics


def _kinds_in(answers: dict[str, Any]) -> set[str]:
    return {path.split("/")[3] for path in answers}


def test_the_fixture_covers_the_read_paths() -> None:
    assert _kinds_in(FIXTURE["answers"]) == {"proposals", "issues", "recommendations", "editions"}

"""A restart in the middle of a vote loses no vote: votes acknowledged before the process
stops, then a new process on the same database, more votes racing the chair's close in
threads; every acknowledged vote is in the count the close recorded (its event, the API and
the read side agree), and every vote refused was refused as after the close."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from litestar.testing import TestClient

from assembly.actors import Actor, Role
from assembly.application import HANDLERS
from assembly.errors import Conflict
from assembly.meetings import AgendaItem, CastVote, Choice, CloseBallot, agenda_item_id
from assembly.meetings.national_handlers import close_vote
from assembly.settings import Settings
from tests.conftest import FakeClock, services_app, wait_for_projections
from tests.national_scene import BASE, YEAR, Hall, setup_hall
from web.app import create_app

DELEGATES = 8


def open_vote_with_all_in(client: TestClient[Any], hall: Hall) -> uuid.UUID:
    """Every delegate checked in at the door, then the first recommendation's vote opened."""
    org, door = hall.organizer, f"{BASE}/sessions/{hall.session_id}/checkins"
    for code in hall.codes.values():
        assert client.post(door, json={"code": code}, headers=org).status_code == 201
    rec = hall.recs[0]
    assert client.post(f"{BASE}/items/{rec}/vote/open", headers=org).status_code == 200
    return rec


def test_a_restart_in_the_middle_of_a_vote_loses_no_vote(
    settings: Settings, clock: FakeClock
) -> None:
    with TestClient(create_app(settings, clock=clock)) as client:
        hall = setup_hall(client, delegates=DELEGATES)
        rec = open_vote_with_all_in(client, hall)
        acknowledged: dict[str, str] = {}
        for n, name in enumerate(list(hall.codes)[:3]):
            choice = ("for", "against", "abstain")[n]
            r = client.post(
                f"{BASE}/items/{rec}/votes", json={"choice": choice}, headers=hall.headers[name]
            )
            assert r.status_code == 201, r.text
            acknowledged[name] = choice

    # A new process on the same database: the open vote and its votes are still there.
    with TestClient(create_app(settings, clock=clock)) as client:
        app = services_app(client)
        item = client.get(f"{BASE}/hall").json()["open_item"]
        assert (item["votes_for"], item["votes_against"], item["votes_abstain"]) == (1, 1, 1)
        # The rest vote while the chair closes: each vote is either acknowledged and counted,
        # or refused as after the close; none is lost between the two.
        late = [name for name in hall.codes if name not in acknowledged]
        refused: list[str] = []
        lock = threading.Lock()
        start = threading.Barrier(len(late) + 1)

        def vote(name: str) -> None:
            actor = Actor(Role.DELEGATE, account_id=hall.delegates[name])
            command = CastVote(year_be=YEAR, recommendation_id=rec, choice=Choice.FOR)
            start.wait()
            try:
                app.handle(command, actor)
                with lock:
                    acknowledged[name] = "for"
            except Conflict as exc:
                assert exc.code == "vote_closed", exc.code
                with lock:
                    refused.append(name)

        def close() -> None:
            start.wait()
            chair = Actor(Role.ORGANIZER, account_id=str(uuid.uuid4()))
            app.handle(CloseBallot(year_be=YEAR, recommendation_id=rec), chair)

        threads = [threading.Thread(target=vote, args=(n,)) for n in late]
        threads.append(threading.Thread(target=close))
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert len(acknowledged) + len(refused) == DELEGATES

        counted = app.load(agenda_item_id(YEAR, rec), AgendaItem)
        assert counted is not None and counted.tally is not None
        expected = {c: sum(1 for v in acknowledged.values() if v == c) for c in Choice}
        assert {c: counted.tally[c] for c in ("for", "against", "abstain")} == expected
        assert counted.tally["voted"] == len(acknowledged)
        wait_for_projections(app)
        result: Any = client.get(f"{BASE}/results").json()[0]
        assert result["votes_for"] == expected["for"]
        assert result["votes_for"] + result["votes_against"] + result["votes_abstain"] == len(
            acknowledged
        )


def test_the_chairs_close_wins_after_losing_three_races_to_late_votes(
    settings: Settings, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each time the close has counted, one more late vote lands before it is saved: the
    close decides again each time, and its count holds every vote that landed."""
    with TestClient(create_app(settings, clock=clock)) as client:
        hall = setup_hall(client, delegates=5)
        rec = open_vote_with_all_in(client, hall)
        app = services_app(client)
        late = list(hall.codes)[:3]
        decided = 0

        def close_then_a_vote_lands(store: Any, cmd: Any, actor: Actor) -> Any:
            nonlocal decided
            aggregates = close_vote(store, cmd, actor)
            if decided < len(late):
                voter = Actor(Role.DELEGATE, account_id=hall.delegates[late[decided]])
                app.handle(CastVote(year_be=YEAR, recommendation_id=rec, choice=Choice.FOR), voter)
            decided += 1
            return aggregates

        monkeypatch.setitem(HANDLERS, CloseBallot, close_then_a_vote_lands)
        chair = Actor(Role.ORGANIZER, account_id=str(uuid.uuid4()))
        app.handle(CloseBallot(year_be=YEAR, recommendation_id=rec), chair)

        assert decided == len(late) + 1
        counted = app.load(agenda_item_id(YEAR, rec), AgendaItem)
        assert counted is not None and counted.tally is not None
        assert (counted.tally["for"], counted.tally["voted"]) == (3, 3)

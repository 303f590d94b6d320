"""The quota of delegates moved out of editions.py (into edition_quota.py) and kept its event:
a log written before the move (by commit 0815694, where `Edition.DelegateQuotaSet` was a
class of its own) still loads, and new events are written under the same topic, in the same
shape."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent

from assembly.actors import Actor, Role
from assembly.editions import Edition, edition_id

ORGANIZER = Actor(Role.ORGANIZER, account_id="0a000000-0000-4000-8000-000000000001")
BY = '"by":"organizer:0a000000-0000-4000-8000-000000000001"'
# The rows commit 0815694 wrote for an edition whose quota was set to 3 (state as stored).
BEFORE = [
    (
        1,
        "assembly.editions:Edition.Opened",
        '{"timestamp":{"_type_":"datetime_iso","_data_":"2026-12-06T20:15:39.344395+00:00"},'
        '"originator_topic":"assembly.editions:Edition","year_be":2569,"title_th":"สมัชชา 2569",'
        '"proposal_opens_at":{"_type_":"datetime_iso","_data_":"2026-11-01T00:00:00+00:00"},'
        '"proposal_closes_at":{"_type_":"datetime_iso","_data_":"2027-01-31T00:00:00+00:00"},'
        '"categories":[["land","ที่ดินทำกิน"]],"from_paper":false,' + BY + "}",
    ),
    (
        2,
        "assembly.editions:Edition.DelegateQuotaSet",
        '{"timestamp":{"_type_":"datetime_iso","_data_":"2026-12-06T20:15:39.344542+00:00"},'
        '"delegates_per_province":3,' + BY + "}",
    ),
]


def test_a_quota_recorded_before_the_move_loads_and_new_ones_keep_the_topic() -> None:
    app = Application[UUID]()
    eid = edition_id(2569)
    app.recorder.insert_events(
        [StoredEvent(eid, version, topic, state.encode()) for version, topic, state in BEFORE]
    )
    edition = app.repository.get(eid)
    assert isinstance(edition, Edition) and edition.delegates_per_province == 3

    edition.set_delegate_quota(4, ORGANIZER)
    edition.set_delegate_quota(4, ORGANIZER)  # the same number again records nothing
    app.save(edition)
    stored = app.recorder.select_events(eid)
    assert [s.topic for s in stored][-1] == "assembly.editions:Edition.DelegateQuotaSet"
    assert len(stored) == 3
    state = json.loads(stored[-1].state)
    assert set(state) == {"timestamp", "delegates_per_province", "by"}
    assert state["delegates_per_province"] == 4 and state["by"].startswith("organizer:")
    assert app.repository.get(eid).delegates_per_province == 4


def test_a_new_edition_elects_two_unless_told() -> None:
    opens, closes = datetime(2026, 11, 1, tzinfo=UTC), datetime(2027, 1, 31, tzinfo=UTC)
    edition = Edition.open(2569, "x", opens, closes, [["land", "ที่ดิน"]], opens, ORGANIZER)
    assert edition.delegates_per_province == 2

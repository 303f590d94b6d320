"""The loop back through the real store and read model: a resolution and answers projected
into assignments numbered in arrival order, superseded answers kept in the history, public
status changes, and the councils behind a recommendation told in their inbox (once)."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from projections.runner import ProjectionRunner
from tests.conftest import rows, wait_for_projections
from tests.responses_scene import MOI, NESDC, answer, resolved_scene


def test_answers_are_projected_numbered_and_the_council_is_told(
    client: TestClient[Any], settings: Any
) -> None:
    scene = resolved_scene(client)
    app, recs = scene.app, scene.recs
    answer(app, recs[0], MOI, "มีความเห็นสอดคล้องกับ สศช.")
    answer(app, recs[0], NESDC, "มีความเห็นว่า ควรเป็นวาระสำคัญ")
    answer(app, recs[0], MOI, "เห็นว่า ควรพิจารณาภารกิจ", reason_th="แก้ถ้อยคำ")
    wait_for_projections(app)
    got = rows(
        settings,
        "SELECT agency, lead, due_on::text, number, opinion_th, superseded FROM assignments"
        " WHERE recommendation_id = %s ORDER BY number",
        recs[0],
    )
    assert got == [
        ("moi", False, "2026-12-20", 1, "เห็นว่า ควรพิจารณาภารกิจ", 1),
        ("nesdc", True, "2026-12-20", 2, "มีความเห็นว่า ควรเป็นวาระสำคัญ", 0),
    ]
    history = rows(
        settings,
        "SELECT kind, reason_th FROM answer_history WHERE recommendation_id = %s"
        " ORDER BY occurred_at",
        recs[0],
    )
    assert history == [("sent", ""), ("sent", ""), ("superseded", "แก้ถ้อยคำ")]
    kinds = rows(settings, "SELECT kind FROM status_changes ORDER BY id")
    assert [k for (k,) in kinds] == ["finalized", "resolved", "answered", "answered", "superseded"]
    told = rows(
        settings,
        "SELECT kind, link FROM notifications WHERE account_id = %s ORDER BY id",
        scene.council_account,
    )
    assert [k for k, _ in told] == ["submission", "resolution", "answer", "answer", "answer"]
    assert all(link == f"/proposals/{scene.proposals[0]}" for _, link in told)
    assert rows(settings, "SELECT revision FROM resolutions") == [(4,)]


def test_a_rebuild_gives_the_same_rows_and_tells_nobody_twice(
    client: TestClient[Any], settings: Any
) -> None:
    scene = resolved_scene(client)
    answer(scene.app, scene.recs[1], MOI, "เห็นด้วยในหลักการ")
    wait_for_projections(scene.app)
    before = rows(settings, "SELECT * FROM assignments ORDER BY recommendation_id, agency")
    told = rows(settings, "SELECT count(*) FROM notifications")
    runner = ProjectionRunner(settings, scene.app)
    runner.rebuild()
    assert rows(settings, "SELECT * FROM assignments ORDER BY recommendation_id, agency") == before
    assert rows(settings, "SELECT count(*) FROM notifications") == told

"""What follows a forum's events on the read side: the author council told in its inbox when
a moderator hides or shows its comment (once, a rebuild tells nobody again), and a merged
issue's comments and endorsements going with it to the issue that survives."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from assembly.actors import Role
from assembly.application import Assembly
from assembly.consolidation import MergeIssues
from assembly.errors import Conflict
from assembly.forum import Endorse, PostComment, Unendorse
from assembly.settings import Settings
from projections import forum
from projections.migrate import MIGRATIONS_DIR
from projections.runner import ProjectionRunner
from tests.conftest import (
    CM,
    COORDINATOR,
    add_user,
    bearer,
    council_client,
    issue,
    proposal,
    rows,
    services_app,
    setup_world,
    wait_for_projections,
)
from tests.forum_scene import CM_COUNCILS, read, subjects
from tests.test_forum import project


def test_the_author_council_is_told_why_once_even_after_a_rebuild(
    client: TestClient[Any], settings: Settings
) -> None:
    app = services_app(client)
    setup_world(app)
    issue_id, _ = subjects(app)
    wait_for_projections(app)
    author = council_client(client, "cm-author", CM[0])
    second = add_user(app, "cm-author-2", Role.COUNCIL, council_id=CM[0])  # the council's other
    other = council_client(client, "cm-other", CM[1])
    coordinator = bearer(client, "coord", Role.COORDINATOR, province_code="50")
    comment = client.post(
        f"/api/v1/forum/{issue_id}/comments", json={"body_th": "ถ้อยคำรุนแรง"}, headers=author
    ).json()["id"]
    hide = {"reason_th": "ใช้ถ้อยคำรุนแรงต่อเจ้าหน้าที่"}
    r = client.post(f"/api/v1/forum/comments/{comment}/hide", json=hide, headers=coordinator)
    assert r.status_code == 200, r.text
    told = client.get("/api/v1/inbox", headers=author).json()
    assert told["unread"] == 1
    note = told["items"][0]
    assert note["kind"] == "forum-hidden"
    assert note["link"] == f"/forum/{issue_id}#c-{comment}"
    assert "ซ่อนความเห็นของสภา" in note["subject_th"] and "ที่ดินทำกินในเขตป่า" in note["subject_th"]
    assert "ใช้ถ้อยคำรุนแรงต่อเจ้าหน้าที่" in note["body_th"]
    assert client.get("/api/v1/inbox", headers=other).json()["unread"] == 0  # not its comment
    # The link opens the page where the author reads the comment and why it was hidden.
    page = client.get(note["link"].split("#")[0], headers=author).text
    assert "ถ้อยคำรุนแรง" in page and "ใช้ถ้อยคำรุนแรงต่อเจ้าหน้าที่" in page
    shown = {"reason_th": "ผู้เขียนชี้แจงแล้ว"}
    r = client.post(f"/api/v1/forum/comments/{comment}/unhide", json=shown, headers=coordinator)
    assert r.status_code == 200, r.text
    items = client.get("/api/v1/inbox", headers=author).json()["items"]
    assert [n["kind"] for n in items] == ["forum-unhidden", "forum-hidden"]
    assert "ผู้เขียนชี้แจงแล้ว" in items[0]["body_th"]
    told_accounts = rows(
        settings, "SELECT DISTINCT account_id::text FROM notifications WHERE kind LIKE 'forum-%%'"
    )
    assert sorted(a for (a,) in told_accounts) == sorted([_account(settings, "cm-author"), second])
    before = rows(settings, "SELECT account_id, key, kind, body_th FROM notifications ORDER BY id")
    outbox = rows(settings, "SELECT count(*) FROM outbox")
    runner = ProjectionRunner(settings, app)
    runner.rebuild()
    runner.stop()
    after = rows(settings, "SELECT account_id, key, kind, body_th FROM notifications ORDER BY id")
    assert after == before and rows(settings, "SELECT count(*) FROM outbox") == outbox
    assert rows(settings, "SELECT hidden, reports FROM forum_comments") == [(False, 0)]


def _account(settings: Settings, username: str) -> str:
    found = rows(settings, "SELECT account_id::text FROM people WHERE username = %s", username)
    return str(found[0][0])


def test_a_merged_issues_comments_and_endorsements_follow_it(
    world: Assembly, settings: Settings
) -> None:
    a, b, c = CM_COUNCILS
    first = issue(world, proposal(world, CM[0]), title="ที่ดินทำกินริมน้ำปิง")
    second = issue(world, proposal(world, CM[1]), title="ที่ดินทำกินในเขตป่า")
    third = issue(world, proposal(world, CM[2]), title="น้ำท่วมที่ทำกิน")
    for council, subject in ((a, first), (a, second), (b, first), (c, third)):
        world.handle(Endorse(subject_id=subject), council)
    said = PostComment(subject_id=first, body_th="น้ำปิงกัดเซาะที่ดินทุกปี")
    world.handle(said, a)
    world.handle(PostComment(subject_id=second, body_th="ป่าสงวนทับที่ทำกิน"), b)

    world.handle(MergeIssues(issue_id=first, into_issue_id=second), COORDINATOR)
    project(settings, world)
    counts = read(settings, lambda db: forum.endorsement_counts(db, [first, second, third]))
    assert counts == {first: 2, second: 2, third: 1}  # council a once on the survivor
    assert read(settings, lambda db: forum.comment_counts(db, [second])) == {second: 2}
    page = read(settings, lambda db: forum.comments(db, second, b))
    assert [(x.body_th, x.from_title_th) for x in page.items] == [
        ("ป่าสงวนทับที่ทำกิน", None),
        ("น้ำปิงกัดเซาะที่ดินทุกปี", "ที่ดินทำกินริมน้ำปิง"),  # marked as the merged issue's
    ]
    assert read(settings, lambda db: forum.endorsed_by(db, [second], b.council_id)) == {second}
    shown = read(settings, lambda db: forum.subject(db, second))
    assert shown is not None and (shown.endorsements, shown.comments) == (2, 2)
    gone = read(settings, lambda db: forum.subject(db, first))
    assert gone is not None and gone.merged_into == second and not gone.open
    with pytest.raises(Conflict):  # the merged issue's own forum is closed
        world.handle(Endorse(subject_id=first), c)

    # Merged on again: everything merged into the survivor moves on with it.
    world.handle(MergeIssues(issue_id=second, into_issue_id=third), COORDINATOR)
    project(settings, world)
    assert read(settings, lambda db: forum.endorsement_counts(db, [third])) == {third: 3}
    merges = "SELECT merged_id, survivor_id FROM forum_merges ORDER BY merged_id"
    assert sorted(rows(settings, merges)) == sorted([(first, third), (second, third)])
    assert len(read(settings, lambda db: forum.comments(db, third, c)).items) == 2

    # Withdrawn on the survivor, the council's endorsements of the merged issues go too.
    world.handle(Unendorse(subject_id=third), a)
    project(settings, world)
    assert read(settings, lambda db: forum.endorsement_counts(db, [third])) == {third: 2}
    assert read(settings, lambda db: forum.endorsed_by(db, [third], a.council_id)) == set()

    # A rebuild, and the migration's backfill from consolidation's table, give the same rows.
    merged = rows(settings, merges)
    runner = ProjectionRunner(settings, world)
    runner.rebuild()
    runner.stop()
    assert rows(settings, merges) == merged
    backfill = (MIGRATIONS_DIR / "0021_forum_merges.sql").read_text(encoding="utf-8")
    rows(settings, "DELETE FROM forum_merges RETURNING 1")
    _execute(settings, backfill.split("CREATE INDEX")[1].split(";", 1)[1])
    assert rows(settings, merges) == merged


def _execute(settings: Settings, sql: str) -> None:
    import psycopg

    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        conn.execute(sql)  # type: ignore[call-overload]

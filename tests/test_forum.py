"""The forum's rules through the real store, and its read model (endorsement counts feed the
meetings' agendas)."""

from __future__ import annotations

import uuid

import pytest

from assembly.application import Assembly
from assembly.errors import Conflict, Forbidden, Invalid
from assembly.forum import Endorse, HideComment, PostComment, ReportComment, Unendorse
from assembly.settings import Settings
from projections.forum import endorsement_counts
from projections.runner import ProjectionRunner
from tests.conftest import event_count, rows
from tests.forum_scene import (
    BKK_COORDINATOR,
    BKK_COUNCIL,
    CM_COORDINATOR,
    CM_COUNCILS,
    read,
    subjects,
)


def project(settings: Settings, app: Assembly) -> None:
    runner = ProjectionRunner(settings, app)
    runner.catch_up()
    runner.stop()


def test_endorsing_once_per_council_feeds_endorsement_counts(
    world: Assembly, settings: Settings
) -> None:
    issue_id, rec = subjects(world)
    a, b, _ = CM_COUNCILS
    world.handle(Endorse(subject_id=issue_id), a)
    before = event_count(settings)
    world.handle(Endorse(subject_id=issue_id), a)  # again: nothing changes
    assert event_count(settings) == before
    world.handle(Endorse(subject_id=issue_id), b)
    world.handle(Endorse(subject_id=rec), BKK_COUNCIL)  # every council on a recommendation
    world.handle(Endorse(subject_id=rec), a)
    world.handle(Unendorse(subject_id=rec), a)  # withdrawn while the forum is open
    project(settings, world)
    nobody = uuid.uuid4()
    counts = read(settings, lambda db: endorsement_counts(db, [issue_id, rec, nobody]))
    assert counts == {issue_id: 2, rec: 1, nobody: 0}
    assert read(settings, lambda db: endorsement_counts(db, [])) == {}
    world.handle(Endorse(subject_id=rec), a)  # endorsed again
    project(settings, world)
    assert read(settings, lambda db: endorsement_counts(db, [rec])) == {rec: 2}


def test_a_council_of_another_province_is_refused_on_a_provincial_issue(
    world: Assembly, settings: Settings
) -> None:
    issue_id, _ = subjects(world)
    before = event_count(settings)
    for command in (
        Endorse(subject_id=issue_id),
        PostComment(subject_id=issue_id, body_th="กรุงเทพฯ ก็มีปัญหานี้"),
    ):
        with pytest.raises(Forbidden) as refused:
            world.handle(command, BKK_COUNCIL)
        assert refused.value.code == "other_province"
        assert "จังหวัดเดียวกัน" in refused.value.message_th
    assert event_count(settings) == before


def test_hiding_needs_a_reason_in_scope_and_reports_count_once(
    world: Assembly, settings: Settings
) -> None:
    issue_id, _ = subjects(world)
    a, b, c = CM_COUNCILS
    post = PostComment(subject_id=issue_id, body_th="เห็นด้วย ควรเร่งออกโฉนดชุมชน")
    world.handle(post, a)
    with pytest.raises(Invalid) as blank:
        HideComment(comment_id=post.comment_id, reason_th="   ")
    assert blank.value.field == "reason_th"
    with pytest.raises(Forbidden):
        world.handle(HideComment(comment_id=post.comment_id, reason_th="หยาบคาย"), BKK_COORDINATOR)
    with pytest.raises(Invalid):
        world.handle(ReportComment(comment_id=post.comment_id), a)  # its own
    world.handle(ReportComment(comment_id=post.comment_id, reason_th="ไม่สุภาพ"), b)
    world.handle(ReportComment(comment_id=post.comment_id), b)  # once per council
    world.handle(ReportComment(comment_id=post.comment_id), BKK_COUNCIL)
    world.handle(HideComment(comment_id=post.comment_id, reason_th="ใช้ถ้อยคำไม่สุภาพ"), CM_COORDINATOR)
    with pytest.raises(Conflict):
        world.handle(HideComment(comment_id=post.comment_id, reason_th="อีกครั้ง"), CM_COORDINATOR)
    project(settings, world)
    assert rows(
        settings, "SELECT reports, hidden, hidden_reason_th, body_th FROM forum_comments"
    ) == [(2, True, "ใช้ถ้อยคำไม่สุภาพ", "เห็นด้วย ควรเร่งออกโฉนดชุมชน")]
    assert c  # the third council stays silent

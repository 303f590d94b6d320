"""National recommendation rules, in memory."""

from __future__ import annotations

import uuid

import pytest

from assembly.actors import SYSTEM
from assembly.errors import Conflict, Invalid, NotFound
from assembly.recommendations import Recommendation
from tests.domain.memory import edition
from tests.domain.test_province_board import _issue


def _recommendation() -> tuple[Recommendation, uuid.UUID]:
    issue = _issue()
    rec = Recommendation.create(
        uuid.uuid4(),
        edition(),
        "ที่ดิน",
        "ออกโฉนด",
        {issue.id: issue},
        [issue.id],
        [" กรมที่ดิน ", ""],
        SYSTEM,
    )
    return rec, issue.id


def test_it_stands_on_open_issues_unless_from_the_paper_record() -> None:
    rec, _ = _recommendation()
    assert rec.agencies == ["กรมที่ดิน"] and not rec.from_paper_record
    with pytest.raises(Invalid) as none:
        Recommendation.create(uuid.uuid4(), edition(), "x", "y", {}, [], [], SYSTEM)
    assert none.value.code == "no_issues"
    paper = Recommendation.create(uuid.uuid4(), edition(2568), "x", "y", {}, [], [], SYSTEM)
    assert paper.from_paper_record
    with pytest.raises(NotFound):
        Recommendation.create(uuid.uuid4(), edition(), "x", "y", {}, [uuid.uuid4()], [], SYSTEM)


def test_issues_in_and_out_and_never_the_last() -> None:
    rec, first = _recommendation()
    other = _issue()
    rec.add_issue(other.id, {other.id: other}, edition(), SYSTEM)
    rec.add_issue(other.id, {}, edition(), SYSTEM)  # a no-op
    rec.remove_issue(other.id, edition(), SYSTEM)
    with pytest.raises(Conflict) as absent:
        rec.remove_issue(other.id, edition(), SYSTEM)
    assert absent.value.code == "not_in_recommendation"
    with pytest.raises(Invalid) as last:
        rec.remove_issue(first, edition(), SYSTEM)
    assert last.value.code == "no_issues"


def test_revise_checks_the_version_and_the_frozen_edition() -> None:
    rec, _ = _recommendation()
    with pytest.raises(Conflict) as stale:
        rec.revise("x", "y", [], 9, edition(), SYSTEM)
    assert stale.value.code == "stale"
    rec.revise("ที่ดิน", "ออกโฉนด", ["กรมที่ดิน"], rec.version, edition(), SYSTEM)
    assert len(rec.pending_events) == 1  # nothing new
    frozen = edition()
    frozen.finalize(SYSTEM)
    with pytest.raises(Conflict) as finalized:
        rec.revise("x", "y", [], rec.version, frozen, SYSTEM)
    assert finalized.value.code == "finalized"

"""Province board rules, in memory: ranking and turned-down suggestions."""

from __future__ import annotations

import uuid

import pytest

from assembly.actors import SYSTEM
from assembly.consolidation import ProvinceBoard, ProvincialIssue
from assembly.errors import Forbidden, Invalid
from assembly.proposals import Proposal
from tests.domain.memory import COORDINATOR, FAR_COORDINATOR, NOW, council, edition
from tests.domain.test_provincial_issue import FULL


def _issue() -> ProvincialIssue:
    p = Proposal.draft(uuid.uuid4(), edition(), council(), dict(FULL), SYSTEM)
    p.submit(edition(), NOW, SYSTEM)
    return ProvincialIssue.create(uuid.uuid4(), edition(), "50", "x", "", None, [p], False, SYSTEM)


def test_ranking_open_issues_of_the_province() -> None:
    board = ProvinceBoard(year_be=2569, province_code="50")
    a, b = _issue(), _issue()
    found = {a.id: a, b.id: b}
    assert board.rank([b.id, a.id], found, edition(), COORDINATOR)
    assert not board.rank([b.id, a.id], found, edition(), COORDINATOR)  # the same order
    with pytest.raises(Invalid, match="ซ้ำกัน"):
        board.rank([a.id, a.id], found, edition(), COORDINATOR)
    with pytest.raises(Invalid, match="ไม่ใช่ของจังหวัดนี้"):
        board.rank([uuid.uuid4()], found, edition(), COORDINATOR)
    with pytest.raises(Forbidden):
        board.rank([a.id], found, edition(), FAR_COORDINATOR)
    a.dissolve([], edition(), SYSTEM)
    with pytest.raises(Exception, match="ยกเลิก"):
        board.rank([a.id], found, edition(), COORDINATOR)


def test_a_suggestion_is_turned_down_once() -> None:
    board = ProvinceBoard(year_be=2569, province_code="50")
    ps = [Proposal.draft(uuid.uuid4(), edition(), council(), dict(FULL), SYSTEM) for _ in range(2)]
    found = {p.id: p for p in ps}
    with pytest.raises(Invalid, match="อย่างน้อยสองรายการ"):
        board.reject([ps[0].id, ps[0].id], found, edition(), COORDINATOR)
    assert board.reject([p.id for p in ps], found, edition(), COORDINATOR)
    assert not board.reject([p.id for p in reversed(ps)], found, edition(), COORDINATOR)


def test_a_turned_down_suggestion_can_be_restored() -> None:
    """Undo for "ไม่รับ": a new event, SuggestionRestored; the group may be suggested again."""
    board = ProvinceBoard(year_be=2569, province_code="50")
    ps = [Proposal.draft(uuid.uuid4(), edition(), council(), dict(FULL), SYSTEM) for _ in range(2)]
    ids = [p.id for p in ps]
    assert not board.restore(ids, edition(), COORDINATOR)  # nothing turned down: no event
    assert board.reject(ids, {p.id: p for p in ps}, edition(), COORDINATOR)
    with pytest.raises(Forbidden):
        board.restore(ids, edition(), FAR_COORDINATOR)
    with pytest.raises(Invalid, match="อย่างน้อยสองรายการ"):
        board.restore([ids[0]], edition(), COORDINATOR)
    assert board.restore(list(reversed(ids)), edition(), COORDINATOR)
    assert frozenset(ids) not in board.rejected
    assert type(board.collect_events()[-1]).__name__ == "SuggestionRestored"
    assert not board.restore(ids, edition(), COORDINATOR)  # restored already
    # and it can be turned down again
    assert board.reject(ids, {p.id: p for p in ps}, edition(), COORDINATOR)

"""Provincial issue rules, in memory: grouping proposals, and every move on both sides."""

from __future__ import annotations

import uuid

import pytest

from assembly.actors import SYSTEM
from assembly.consolidation import (
    CreateIssue,
    IssueStatus,
    MergeIssues,
    ProvincialIssue,
    as_of,
)
from assembly.consolidation.grouping import create_issue, merge_issues
from assembly.errors import Conflict, Forbidden, Invalid
from assembly.proposals import Proposal, Status
from tests.domain.memory import COORDINATOR, FAR_COORDINATOR, NOW, MemoryStore, council, edition

FULL: dict[str, object] = {
    "title_th": "ขอโฉนดชุมชน",
    "problem_th": "ไม่มีเอกสารสิทธิ",
    "recommendation_th": "ออกโฉนดชุมชน",
    "category": "land",
    "level": "national",
    "affected_households": 10,
}


def _submitted(n: int) -> list[Proposal]:
    out = []
    for _ in range(n):
        p = Proposal.draft(uuid.uuid4(), edition(), council(), dict(FULL), SYSTEM)
        p.submit(edition(), NOW, SYSTEM)
        out.append(p)
    return out


def _issue(proposals: list[Proposal], title: str = "ที่ดิน") -> ProvincialIssue:
    return ProvincialIssue.create(
        uuid.uuid4(), edition(), "50", title, "", "land", proposals, False, COORDINATOR
    )


def test_create_takes_submitted_proposals_of_its_province() -> None:
    ps = _submitted(2)
    issue = _issue(ps)
    assert issue.proposal_ids == [p.id for p in ps]
    assert all(p.status is Status.CONSOLIDATED and p.issue_id == issue.id for p in ps)
    with pytest.raises(Conflict) as taken:
        _issue(ps[:1])
    assert taken.value.code == "already_in_issue"
    with pytest.raises(Forbidden):
        ProvincialIssue.create(
            uuid.uuid4(), edition(), "50", "x", "", None, _submitted(1), False, FAR_COORDINATOR
        )
    with pytest.raises(Invalid) as other:
        ProvincialIssue.create(
            uuid.uuid4(), edition(), "10", "x", "", None, _submitted(1), False, SYSTEM
        )
    assert other.value.code == "other_province"


def test_finalized_edition_freezes_consolidation() -> None:
    frozen = edition()
    frozen.finalize(SYSTEM)
    with pytest.raises(Conflict) as refused:
        ProvincialIssue.create(
            uuid.uuid4(), frozen, "50", "x", "", None, _submitted(1), False, SYSTEM
        )
    assert refused.value.code == "finalized"


def test_attach_detach_and_the_last_proposal_stays() -> None:
    a, b = _submitted(2)
    issue = _issue([a])
    issue.attach(b, edition(), COORDINATOR)
    issue.attach(b, edition(), COORDINATOR)  # a no-op
    assert issue.proposal_ids == [a.id, b.id]
    issue.detach(b, edition(), COORDINATOR)
    assert b.status is Status.SUBMITTED and b.issue_id is None
    with pytest.raises(Conflict) as last:
        issue.detach(a, edition(), COORDINATOR)
    assert last.value.code == "last_proposal"


def test_move_merge_split_dissolve() -> None:
    a, b, c = _submitted(3)
    first, second = _issue([a, b]), _issue([c], "หนี้สิน")
    second.take_from(first, b, edition(), COORDINATOR)
    assert first.proposal_ids == [a.id] and second.proposal_ids == [c.id, b.id]
    with pytest.raises(Invalid) as same:
        first.absorb(first, [a], edition(), COORDINATOR)
    assert same.value.code == "same_issue"
    first.absorb(second, [c, b], edition(), COORDINATOR)
    assert second.status is IssueStatus.MERGED and first.proposal_ids == [a.id, c.id, b.id]
    with pytest.raises(Conflict) as closed:
        second.revise(("x", "", "", None), second.version, edition(), COORDINATOR)
    assert closed.value.code == "issue_closed"
    with pytest.raises(Invalid) as split_all:
        first.split(uuid.uuid4(), "ทั้งหมด", [a, c, b], edition(), COORDINATOR)
    assert split_all.value.code == "split_all"
    new = first.split(uuid.uuid4(), "น้ำท่วม", [b], edition(), COORDINATOR)
    assert new.split_from == first.id and b.issue_id == new.id
    first.dissolve([a, c], edition(), COORDINATOR)
    assert first.status is IssueStatus.DISSOLVED and a.status is Status.SUBMITTED


def test_revise_checks_version_and_category_and_same_text_is_a_no_op() -> None:
    issue = _issue(_submitted(1))
    with pytest.raises(Conflict) as stale:
        issue.revise(("ใหม่", "", "", "land"), 5, edition(), COORDINATOR)
    assert stale.value.code == "stale"
    with pytest.raises(Invalid):
        issue.revise(("ใหม่", "", "", "health"), issue.version, edition(), COORDINATOR)
    issue.revise(("ที่ดิน", "", "", "land"), issue.version, edition(), COORDINATOR)
    assert not any(isinstance(e, ProvincialIssue.Revised) for e in issue.pending_events)


def test_handlers_and_as_of_through_the_memory_store() -> None:
    store = MemoryStore()
    ps = _submitted(2)
    store.save(edition(), council(), *ps)
    first = CreateIssue(year_be=2569, province_code="50", title_th="ก", proposal_ids=[ps[0].id])
    second = CreateIssue(year_be=2569, province_code="50", title_th="ข", proposal_ids=[ps[1].id])
    store.save(*create_issue(store, first, COORDINATOR))
    store.save(*create_issue(store, second, COORDINATOR))
    created = store.history(first.issue_id)[0].timestamp
    store.save(
        *merge_issues(
            store, MergeIssues(issue_id=second.issue_id, into_issue_id=first.issue_id), COORDINATOR
        )
    )
    merged = store.load(first.issue_id, ProvincialIssue)
    assert merged is not None and merged.proposal_ids == [ps[0].id, ps[1].id]
    then = as_of(store, first.issue_id, created)
    assert isinstance(then, ProvincialIssue) and then.proposal_ids == [ps[0].id]
    assert as_of(store, first.issue_id, created.replace(year=2000)) is None


def test_a_split_of_no_proposals_is_refused() -> None:
    """Found by tests/domain/test_properties_consolidation.py: it made an empty open issue."""
    from assembly.consolidation.issues import ProvincialIssue
    from assembly.errors import Invalid

    issue = ProvincialIssue.__new__(ProvincialIssue)
    issue.proposal_ids = [uuid.uuid4(), uuid.uuid4()]
    with pytest.raises(Invalid, match="อย่างน้อยหนึ่ง"):
        issue.check_split([])

"""As it stood: provincial issues replayed from their events up to a moment, set against how
they stand now. A query like the others (it returns structs), answered from the event store
rather than from a read model: the past is only in the log."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import anyio.to_thread
import msgspec

from assembly.consolidation import ProvincialIssue, as_of
from assembly.store import Store


class IssueThen(msgspec.Struct):
    """An issue as it stood at a moment, and what changed since."""

    id: str
    existed: bool
    title_th: str | None
    status: str | None
    proposal_ids: list[str]
    title_now: str | None
    status_now: str | None
    added_since: list[str]  # proposals in it now that were not then
    removed_since: list[str]  # proposals in it then that are not now
    text_changed: bool  # title, summary, recommendation or theme changed since


async def issues_as_of(store: Store, issue_ids: list[UUID], moment: datetime) -> list[IssueThen]:
    """Each issue then and now (replaying reads the log: done in a worker thread)."""
    return await anyio.to_thread.run_sync(_issues_as_of, store, issue_ids, moment)


def _issues_as_of(store: Store, issue_ids: list[UUID], moment: datetime) -> list[IssueThen]:
    current = store.load_many(issue_ids)
    return [
        _compare(issue_id, _issue(as_of(store, issue_id, moment)), _issue(current.get(issue_id)))
        for issue_id in issue_ids
    ]


def _issue(aggregate: object) -> ProvincialIssue | None:
    return aggregate if isinstance(aggregate, ProvincialIssue) else None


def _compare(
    issue_id: UUID, then: ProvincialIssue | None, now: ProvincialIssue | None
) -> IssueThen:
    then_ids = {str(p) for p in then.proposal_ids} if then else set()
    now_ids = {str(p) for p in now.proposal_ids} if now else set()
    return IssueThen(
        id=str(issue_id),
        existed=then is not None,
        title_th=then.title_th if then else None,
        status=then.status.value if then else None,
        proposal_ids=sorted(then_ids),
        title_now=now.title_th if now else None,
        status_now=now.status.value if now else None,
        added_since=sorted(now_ids - then_ids),
        removed_since=sorted(then_ids - now_ids),
        text_changed=bool(then and now and _text(then) != _text(now)),
    )


def _text(issue: ProvincialIssue) -> tuple[str, str, str, str | None]:
    return (issue.title_th, issue.summary_th, issue.recommendation_th, issue.category)

"""The provincial ranking vote counted by Borda: with n issues on the agenda, a council's
first choice earns n-1 points, its second n-2, ... its last 0. A leaf: the aggregate closes
the vote with it and the read side shows the live tally with it, so both count alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

import msgspec

# Said beside every result, so nobody has to guess how a tie was settled.
TIE_RULE_TH = (
    "หากคะแนนรวมเท่ากัน ประเด็นที่ได้ลำดับที่ ๑ มากกว่าอยู่ก่อน หากยังเท่ากันดูลำดับที่ ๒ "
    "และลำดับถัดไปตามลำดับ หากยังเท่ากันทุกลำดับ ให้เป็นไปตามลำดับในระเบียบวาระ"
)


class IssueTally(msgspec.Struct, frozen=True):
    issue_id: UUID
    points: int
    by_rank: list[int]  # by_rank[0]: how many councils put it first, ...
    place: int  # 1 = first in the result
    tied: bool  # its points equal another issue's: the tie rule placed it


def borda(agenda: Sequence[UUID], rankings: Mapping[UUID, Sequence[UUID]]) -> list[IssueTally]:
    """The result, best first. Every ranking is a full order of `agenda` (the aggregate refuses
    any other), so each issue gets exactly one rank from each council."""
    n = len(agenda)
    points = {i: 0 for i in agenda}
    by_rank = {i: [0] * n for i in agenda}
    for order in rankings.values():
        for rank, issue in enumerate(order):
            if issue in points:
                points[issue] += n - 1 - rank
                by_rank[issue][rank] += 1
    position = {issue: k for k, issue in enumerate(agenda)}
    ordered = sorted(agenda, key=lambda i: (-points[i], [-c for c in by_rank[i]], position[i]))
    totals = [points[i] for i in ordered]
    return [
        IssueTally(
            issue_id=i,
            points=points[i],
            by_rank=by_rank[i],
            place=k + 1,
            tied=totals.count(points[i]) > 1,
        )
        for k, i in enumerate(ordered)
    ]

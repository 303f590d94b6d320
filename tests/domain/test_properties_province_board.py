"""Any sequence of commands on the provinces' boards, valid or not, by random actors, keeps
their rules (hypothesis' stateful testing, in memory). The invariants:

1. A board's ranking holds each issue once, every one of its own province and edition, and
   each ranking recorded held only issues open at the time.
2. A turned-down group is two or more proposals of the board's province; turned down or
   restored once each time (the events alternate per group).
3. Once the edition's submission is finalized, no board changes again.
4. A refusal (a domain error) changes nothing; replaying the events gives the same state."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from assembly.actors import SYSTEM, Actor, Role
from assembly.consolidation import (
    DissolveIssue,
    IssueStatus,
    ProvinceBoard,
    ProvincialIssue,
    RankIssues,
    RejectSuggestion,
    RestoreSuggestion,
)
from assembly.editions import FinalizeEdition
from assembly.proposals import Proposal
from tests.domain.memory import COORDINATOR, FAR_COORDINATOR, council, edition
from tests.domain.properties import (
    CopyingStore,
    TestCase,
    attempt,
    replayed,
    some,
    state,
    submitted_issue,
)

COUNCILS = [council(f"T{t}", t) for t in ("500101", "500102", "100101")]
ACTORS = [
    SYSTEM,
    COORDINATOR,
    COORDINATOR,
    FAR_COORDINATOR,
    Actor(Role.ORGANIZER, account_id="o"),
    Actor(Role.COUNCIL, account_id="c", council_id=str(COUNCILS[0].id)),
]
PROVINCES = st.sampled_from(["50", "50", "10"])


class Boards(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = CopyingStore()
        self.store.save(edition(), *[council(c.code, c.subdistrict_code) for c in COUNCILS])
        places = [*COUNCILS, *COUNCILS]
        self.issues = [submitted_issue(self.store, c, f"ประเด็น {n}") for n, c in enumerate(places)]
        self.proposals = [p.id for p in self.store.aggregates.values() if isinstance(p, Proposal)]
        self.frozen: Any = None  # every board's state when the edition was finalized

    def boards(self) -> list[ProvinceBoard]:
        return [b for b in self.store.aggregates.values() if isinstance(b, ProvinceBoard)]

    @rule(data=st.data(), province=PROVINCES, who=st.sampled_from(ACTORS))
    def rank(self, data: st.DataObject, province: str, who: Actor) -> None:
        pool = [*self.issues, uuid.uuid4()]
        order = data.draw(st.lists(st.sampled_from(pool), max_size=5))
        if data.draw(st.booleans()):  # mostly each once
            order = list(dict.fromkeys(order))
        cmd = lambda: RankIssues(year_be=2569, province_code=province, issue_ids=order)  # noqa: E731
        status = {i: self.store.aggregates[i].status for i in self.issues}  # type: ignore[attr-defined]
        if attempt(self.store, cmd, who) and order:
            event("a board was ranked")
            assert all(status[i] is IssueStatus.OPEN for i in order), "a closed issue ranked"

    @rule(data=st.data(), province=PROVINCES, who=st.sampled_from(ACTORS), turn=st.booleans())
    def turn_down(self, data: st.DataObject, province: str, who: Actor, turn: bool) -> None:
        group = data.draw(st.lists(st.sampled_from([*self.proposals, uuid.uuid4()]), max_size=3))
        kind = RejectSuggestion if turn else RestoreSuggestion
        cmd = lambda: kind(year_be=2569, province_code=province, proposal_ids=group)  # noqa: E731
        if attempt(self.store, cmd, who):
            event("a suggestion was turned down" if turn else "a suggestion was restored")

    @rule(data=st.data(), who=st.sampled_from(ACTORS))
    def dissolve(self, data: st.DataObject, who: Actor) -> None:
        attempt(self.store, lambda: DissolveIssue(issue_id=some(data, self.issues)), who)

    @rule(who=st.sampled_from(ACTORS))
    def finalize(self, who: Actor) -> None:
        if attempt(self.store, lambda: FinalizeEdition(year_be=2569), who) and not self.frozen:
            event("the edition was finalized")
            self.frozen = {b.id: state(b) for b in self.boards()}

    @invariant()
    def rankings_and_groups_of_the_province(self) -> None:
        for board in self.boards():
            assert len(set(board.ranking)) == len(board.ranking)
            for iid in board.ranking:
                issue = self.store.aggregates[iid]
                assert isinstance(issue, ProvincialIssue)
                assert (issue.province_code, issue.year_be) == (board.province_code, 2569)
            for group in board.rejected:
                assert len(group) >= 2
                for pid in group:
                    proposal = self.store.aggregates[pid]
                    assert isinstance(proposal, Proposal)
                    assert proposal.province_code == board.province_code
            turns: Counter[frozenset[uuid.UUID]] = Counter()
            for e in self.store.history(board.id):
                if isinstance(
                    e, (ProvinceBoard.SuggestionRejected, ProvinceBoard.SuggestionRestored)
                ):
                    group = frozenset(e.proposal_ids)
                    assert isinstance(e, ProvinceBoard.SuggestionRejected) == (
                        turns[group] % 2 == 0
                    )
                    turns[group] += 1

    @invariant()
    def a_finalized_edition_freezes_the_boards(self) -> None:
        if self.frozen is not None:
            assert {b.id: state(b) for b in self.boards()} == self.frozen

    @invariant()
    def replaying_the_events_gives_the_same_state(self) -> None:
        for aggregate_id, aggregate in self.store.aggregates.items():
            assert replayed(self.store.history(aggregate_id)) == state(aggregate)


TestBoards: type[TestCase] = Boards.TestCase

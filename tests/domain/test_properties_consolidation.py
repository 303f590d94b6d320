"""Any sequence of commands on proposals and provincial issues, valid or not, by random actors
at random times, keeps the rules (hypothesis' stateful testing, in memory). The invariants:

1. A proposal is in at most one open issue, and it is CONSOLIDATED exactly when one holds it
   (its `issue_id` names that issue).
2. An open issue holds at least one proposal, every one of them of its own province and year.
3. A proposal that was submitted (submitted or consolidated) has every required field.
4. A refusal (a domain error) changes nothing: no aggregate, no event.
5. Replaying an aggregate's events gives the same state as the aggregate that made them.

Each command goes through the policy table and the feature's handler, as `app.handle` does;
the store hands out copies, as the real one does (a refused command cannot leave half its
changes on a shared object). `HYPOTHESIS_PROFILE=deep` runs many more sequences."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from assembly.actors import SYSTEM, Actor, Role
from assembly.commands import Command
from assembly.consolidation import (
    AttachProposal,
    CreateIssue,
    DetachProposal,
    DissolveIssue,
    MergeIssues,
    MoveProposal,
    ProvincialIssue,
    SplitIssue,
)
from assembly.consolidation.issues import IssueStatus
from assembly.proposals import (
    DeleteDraft,
    DraftProposal,
    Proposal,
    ReturnProposal,
    ReviseProposal,
    Status,
    SubmitProposal,
    WithdrawProposal,
)
from assembly.proposals.proposal import missing_fields
from tests.domain.memory import COORDINATOR, FAR_COORDINATOR, council, edition
from tests.domain.properties import CopyingStore, TestCase, attempt, replayed, some, state

COUNCILS = [
    council("T500101", "500101"),
    council("T500102", "500102"),
    council("T100101", "100101"),
]
ACTORS = [
    SYSTEM,
    COORDINATOR,
    FAR_COORDINATOR,
    *(Actor(Role.COUNCIL, account_id=f"acc-{c.code}", council_id=str(c.id)) for c in COUNCILS),
    Actor(Role.ORGANIZER, account_id="organizer"),
]
TEXT = st.sampled_from(["", "ขอโฉนดชุมชน", "หนี้สิน <b>", "ไม่มีเอกสารสิทธิ", " "])
FULL = {
    "title_th": "ขอโฉนดชุมชน",
    "problem_th": "ไม่มีเอกสารสิทธิ",
    "recommendation_th": "ออกโฉนดชุมชน",
    "category": "land",
    "level": "national",
    "affected_households": 12,
}
# Mostly complete (so that proposals get submitted and consolidated), now and then anything.
CONTENT = st.one_of(
    st.just(FULL),
    st.just(FULL),
    st.fixed_dictionaries(
        {
            "title_th": TEXT,
            "problem_th": TEXT,
            "recommendation_th": TEXT,
            "category": st.sampled_from([None, "land", "debt", "health"]),
            "level": st.sampled_from([None, "national", "provincial"]),
            "affected_households": st.sampled_from([None, 0, 12]),
        }
    ),
)


class Consolidation(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = CopyingStore()
        self.store.save(edition(), *copy.deepcopy(COUNCILS))
        self.proposals: list[uuid.UUID] = []
        self.issues: list[uuid.UUID] = []

    def attempt(self, make: Callable[[], Command], actor: Actor) -> Command | None:
        return attempt(self.store, make, actor)

    def _pick(self, data: st.DataObject) -> st.SearchStrategy[uuid.UUID]:
        """Mostly a submitted proposal (so that issues get made), now and then any."""
        submitted = [
            pid
            for pid in self.proposals
            if self.store.aggregates[pid].status is Status.SUBMITTED  # type: ignore[attr-defined]
        ]
        return st.sampled_from([*submitted, *submitted, *self.proposals, uuid.uuid4()])

    @rule(data=st.data(), content=CONTENT, who=st.sampled_from(ACTORS))
    def draft(self, data: st.DataObject, content: dict[str, Any], who: Actor) -> None:
        target = COUNCILS[data.draw(st.integers(0, len(COUNCILS) - 1))]
        done = self.attempt(
            lambda: DraftProposal(year_be=2569, council_id=target.id, **content), who
        )
        if isinstance(done, DraftProposal):
            self.proposals.append(done.proposal_id)

    @rule(data=st.data(), content=CONTENT, who=st.sampled_from(ACTORS), stale=st.booleans())
    def revise(self, data: st.DataObject, content: dict[str, Any], who: Actor, stale: bool) -> None:
        pid = some(data, self.proposals)
        found = self.store.aggregates.get(pid)
        version = 1 if stale or found is None else found.version
        self.attempt(lambda: ReviseProposal(proposal_id=pid, version=version, **content), who)

    @rule(data=st.data())
    def draft_and_submit(self, data: st.DataObject) -> None:
        """The common path, so that issues have proposals to hold."""
        target = COUNCILS[data.draw(st.integers(0, len(COUNCILS) - 1))]
        done = self.attempt(
            lambda: DraftProposal(year_be=2569, council_id=target.id, **FULL), SYSTEM
        )
        if isinstance(done, DraftProposal):
            self.proposals.append(done.proposal_id)
            self.attempt(lambda: SubmitProposal(proposal_id=done.proposal_id), SYSTEM)

    @rule(data=st.data(), who=st.sampled_from(ACTORS))
    def submit(self, data: st.DataObject, who: Actor) -> None:
        self.attempt(lambda: SubmitProposal(proposal_id=some(data, self.proposals)), who)

    @rule(data=st.data(), who=st.sampled_from(ACTORS))
    def withdraw(self, data: st.DataObject, who: Actor) -> None:
        self.attempt(lambda: WithdrawProposal(proposal_id=some(data, self.proposals)), who)

    @rule(data=st.data(), who=st.sampled_from(ACTORS))
    def delete(self, data: st.DataObject, who: Actor) -> None:
        self.attempt(lambda: DeleteDraft(proposal_id=some(data, self.proposals)), who)

    @rule(data=st.data(), who=st.sampled_from(ACTORS))
    def send_back(self, data: st.DataObject, who: Actor) -> None:
        pid = some(data, self.proposals)
        self.attempt(lambda: ReturnProposal(proposal_id=pid, reason_th="ขอข้อมูลเพิ่ม"), who)

    @rule(data=st.data(), who=st.sampled_from([SYSTEM, COORDINATOR, *ACTORS]))
    def create_issue(self, data: st.DataObject, who: Actor) -> None:
        province = data.draw(st.sampled_from(["50", "50", "10"]))
        chosen = data.draw(st.lists(self._pick(data), min_size=1, max_size=3))
        done = self.attempt(
            lambda: CreateIssue(
                year_be=2569, province_code=province, title_th="ประเด็น", proposal_ids=chosen
            ),
            who,
        )
        if isinstance(done, CreateIssue):
            event("an issue was created")
            self.issues.append(done.issue_id)

    @rule(data=st.data(), who=st.sampled_from(ACTORS))
    def attach(self, data: st.DataObject, who: Actor) -> None:
        iid, pid = some(data, self.issues), some(data, self.proposals)
        self.attempt(lambda: AttachProposal(issue_id=iid, proposal_id=pid), who)

    @rule(data=st.data(), who=st.sampled_from(ACTORS))
    def detach(self, data: st.DataObject, who: Actor) -> None:
        iid, pid = some(data, self.issues), some(data, self.proposals)
        self.attempt(lambda: DetachProposal(issue_id=iid, proposal_id=pid), who)

    @rule(data=st.data(), who=st.sampled_from(ACTORS))
    def move(self, data: st.DataObject, who: Actor) -> None:
        iid, pid = some(data, self.issues), some(data, self.proposals)
        if self.attempt(lambda: MoveProposal(proposal_id=pid, to_issue_id=iid), who):
            event("a proposal was moved")

    @rule(data=st.data(), who=st.sampled_from(ACTORS))
    def merge(self, data: st.DataObject, who: Actor) -> None:
        one, other = some(data, self.issues), some(data, self.issues)
        if self.attempt(lambda: MergeIssues(issue_id=one, into_issue_id=other), who):
            event("two issues were merged")

    @rule(data=st.data(), who=st.sampled_from(ACTORS))
    def split(self, data: st.DataObject, who: Actor) -> None:
        iid = some(data, self.issues)
        chosen = data.draw(st.lists(st.sampled_from([*self.proposals, uuid.uuid4()]), max_size=3))
        done = self.attempt(
            lambda: SplitIssue(issue_id=iid, proposal_ids=chosen, title_th="แยก"), who
        )
        if isinstance(done, SplitIssue):
            event("an issue was split")
            self.issues.append(done.new_issue_id)

    @rule(data=st.data(), who=st.sampled_from(ACTORS))
    def dissolve(self, data: st.DataObject, who: Actor) -> None:
        if self.attempt(lambda: DissolveIssue(issue_id=some(data, self.issues)), who):
            event("an issue was dissolved")

    @rule(days=st.integers(min_value=1, max_value=80))
    def time_passes(self, days: int) -> None:
        self.store.now += timedelta(days=days)  # past the window's end, sooner or later

    @invariant()
    def a_proposal_is_in_at_most_one_open_issue(self) -> None:
        issues = [a for a in self.store.aggregates.values() if isinstance(a, ProvincialIssue)]
        open_issues = [i for i in issues if i.status is IssueStatus.OPEN]
        for p in self.store.aggregates.values():
            if not isinstance(p, Proposal):
                continue
            holders = [i.id for i in open_issues if p.id in i.proposal_ids]
            assert len(holders) <= 1, f"{p.id} is in {holders}"
            if p.status is Status.CONSOLIDATED:
                assert holders == [p.issue_id]
            else:
                assert holders == [] and p.issue_id is None
            if p.status in (Status.SUBMITTED, Status.CONSOLIDATED):
                assert missing_fields(p.content) == []
        for i in open_issues:
            assert i.proposal_ids, "an open issue holds a proposal"
            for pid in i.proposal_ids:
                held = self.store.aggregates[pid]
                assert isinstance(held, Proposal)
                assert (held.province_code, held.year_be) == (i.province_code, i.year_be)

    @invariant()
    def replaying_the_events_gives_the_same_state(self) -> None:
        for aggregate_id, aggregate in self.store.aggregates.items():
            assert replayed(self.store.history(aggregate_id)) == state(aggregate)


TestConsolidation: type[TestCase] = Consolidation.TestCase

"""Any sequence of commands on a letter to the Cabinet, valid or not, by random actors, keeps
its rules (hypothesis' stateful testing, in memory). The invariants:

1. A finalized submission never changes again: every later command on it is refused, and its
   state stays what it was when it was finalized.
2. A finalized submission has a number, a date in its edition's year and at least one item.
3. A refusal (a domain error) changes nothing: no aggregate, no event.
4. Replaying an aggregate's events gives the same state as the aggregate that made them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from assembly.actors import SYSTEM, Actor, Role
from assembly.commands import Command
from assembly.consolidation import CreateIssue
from assembly.proposals import DraftProposal, SubmitProposal
from assembly.recommendations import CreateRecommendation
from assembly.submissions import ComposeSubmission, FinalizeSubmission, ReviseLetter, Submission
from assembly.thai import be_year
from tests.domain.memory import COORDINATOR, council, edition
from tests.domain.properties import CopyingStore, TestCase, attempt, replayed, state

SECRETARIAT = Actor(Role.SECRETARIAT, account_id="secretariat")
ACTORS = [SYSTEM, SECRETARIAT, COORDINATOR, Actor(Role.ORGANIZER, account_id="organizer")]
LETTER = {
    "subject_th": "ข้อเสนอแนะจากสมัชชา",
    "to_th": "เลขาธิการคณะรัฐมนตรี",
    "signatory_position": "ผู้อำนวยการ",
    "owner_unit": "สถาบันพัฒนาองค์กรชุมชน",
}
LINES = st.sampled_from([None, "", "เรื่อง <b>ทดสอบ</b>", "เรียน ท่าน", " "])
NUMBERS = st.sampled_from(["พม 0201/7", "", "  ", "ที่ 1/2569"])
DATES = st.sampled_from([date(2026, 11, 20), date(2027, 1, 5), date(2025, 1, 1)])


class Letters(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = CopyingStore()
        place = council()
        self.store.save(edition(), place)
        self.recs: list[uuid.UUID] = []
        for n in range(2):  # two recommendations, each on an issue of a submitted proposal
            draft = DraftProposal(
                year_be=2569,
                council_id=place.id,
                title_th=f"ข้อเสนอ {n}",
                problem_th="ปัญหา",
                recommendation_th="ให้รัฐ",
                category="land",
                level="national",
                affected_households=3,
            )
            issue = CreateIssue(
                year_be=2569,
                province_code="50",
                title_th="ประเด็น",
                proposal_ids=[draft.proposal_id],
            )
            rec = CreateRecommendation(
                year_be=2569, title_th=f"ข้อเสนอแนะ {n}", text_th="ให้รัฐ", issue_ids=[issue.issue_id]
            )
            for command in (draft, SubmitProposal(proposal_id=draft.proposal_id), issue, rec):
                assert self.attempt(lambda c=command: c, SYSTEM), command  # type: ignore[misc]
            self.recs.append(rec.recommendation_id)
        self.submissions: list[uuid.UUID] = []
        self.frozen: dict[uuid.UUID, Any] = {}  # finalized submission -> its state then

    def attempt(self, make: Callable[[], Command], actor: Actor) -> Command | None:
        return attempt(self.store, make, actor)

    def _some(self, data: st.DataObject) -> uuid.UUID:
        return data.draw(st.sampled_from([*self.submissions, uuid.uuid4()]))

    def _version(self, data: st.DataObject, sid: uuid.UUID) -> int:
        found = self.store.aggregates.get(sid)
        current = found.version if found else 1
        return data.draw(st.sampled_from([current, current, 1, current + 1]))

    @rule(data=st.data(), who=st.sampled_from([SECRETARIAT, *ACTORS]), full=st.booleans())
    def compose(self, data: st.DataObject, who: Actor, full: bool) -> None:
        recs = data.draw(st.sampled_from([self.recs, self.recs[:1], [uuid.uuid4()], []]))
        letter = LETTER if full else {"subject_th": data.draw(LINES)}
        done = self.attempt(
            lambda: ComposeSubmission(year_be=2569, recommendation_ids=recs, **letter), who
        )
        if isinstance(done, ComposeSubmission):
            self.submissions.append(done.submission_id)

    @rule(data=st.data(), who=st.sampled_from(ACTORS), subject=LINES, to=LINES)
    def revise(self, data: st.DataObject, who: Actor, subject: str | None, to: str | None) -> None:
        sid = self._some(data)
        version = self._version(data, sid)
        self.attempt(
            lambda: ReviseLetter(
                submission_id=sid,
                version=version,
                subject_th=subject,
                to_th=to,
                signatory_id=uuid.uuid4(),
            ),
            who,
        )

    @rule(data=st.data())
    def sign(self, data: st.DataObject) -> None:
        """The common path: the secretariat names the signatory of an up-to-date letter."""
        sid = self._some(data)
        found = self.store.aggregates.get(sid)
        version = found.version if found else 1
        self.attempt(
            lambda: ReviseLetter(submission_id=sid, version=version, signatory_id=uuid.uuid4()),
            SECRETARIAT,
        )

    @rule(data=st.data(), who=st.sampled_from([SECRETARIAT, *ACTORS]), number=NUMBERS, dated=DATES)
    def finalize(self, data: st.DataObject, who: Actor, number: str, dated: date) -> None:
        sid = self._some(data)
        version = self._version(data, sid)
        done = self.attempt(
            lambda: FinalizeSubmission(
                submission_id=sid,
                version=version,
                document_number=number,
                dated=dated,
                document_sha256="0" * 64,
            ),
            who,
        )
        if done is not None and sid not in self.frozen:
            event("a submission was finalized")
            self.frozen[sid] = state(self.store.aggregates[sid])

    @invariant()
    def a_finalized_submission_never_changes(self) -> None:
        for sid, then in self.frozen.items():
            submission = self.store.aggregates[sid]
            assert isinstance(submission, Submission)
            assert state(submission) == then
            assert submission.document_number and submission.items
            assert be_year(submission.dated.year) == submission.year_be

    @invariant()
    def replaying_the_events_gives_the_same_state(self) -> None:
        for aggregate_id, aggregate in self.store.aggregates.items():
            assert replayed(self.store.history(aggregate_id)) == state(aggregate)


TestLetters: type[TestCase] = Letters.TestCase
# Cheap (about 3 s for 40), and about one sequence in twenty reaches a finalized letter.
if settings.default.max_examples < 200:
    TestLetters.settings = settings(settings.default, max_examples=200)  # type: ignore[attr-defined]

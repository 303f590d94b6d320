"""Any sequence of forum commands, valid or not, by random actors while time passes, keeps the
forum's rules (hypothesis' stateful testing, in memory). The invariants:

1. A comment is hidden and shown again only with a reason, by turns (hidden exactly when its
   last moderation hid it), and never reported by its own council, nor twice by one.
2. One endorsement per council and subject; a subject's count, kept from the events as the
   read side keeps it (+1 given or renewed, -1 withdrawn), is never negative and equals the
   endorsements standing.
3. A council speaks only on its own province's issues, and only while the forum is open.
4. A refusal (a domain error) changes nothing; replaying the events gives the same state."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from assembly.actors import SYSTEM, Actor, Role
from assembly.forum import (
    Comment,
    Endorse,
    Endorsement,
    HideComment,
    PostComment,
    ReportComment,
    Unendorse,
    UnhideComment,
)
from assembly.recommendations import Recommendation
from assembly.timeline import Phase, Span
from tests.domain.memory import COORDINATOR, FAR_COORDINATOR, NOW, council, edition
from tests.domain.properties import (
    CopyingStore,
    TestCase,
    attempt,
    paper_recommendation,
    replayed,
    some,
    state,
    submitted_issue,
)

COUNCILS = [council(f"T{t}", t) for t in ("500101", "500102", "100101")]
PROVINCE_OF = {c.id: c.province_code for c in COUNCILS}
SPEAKERS = [Actor(Role.COUNCIL, account_id=f"a-{c.code}", council_id=str(c.id)) for c in COUNCILS]
MODERATORS = [SYSTEM, COORDINATOR, FAR_COORDINATOR, Actor(Role.ORGANIZER, account_id="o")]
ACTORS = [*SPEAKERS, *SPEAKERS, *MODERATORS, Actor(Role.COUNCIL, account_id="none")]
REASONS = st.sampled_from(["", "  ", "ถ้อยคำไม่สุภาพ", "ตรวจแล้วไม่ผิดกติกา"])
BODIES = st.sampled_from(["", "เห็นด้วยกับประเด็นนี้", "<script>alert(1)</script> ไม่เห็นด้วย"])
PROVINCIAL = Span(datetime(2027, 2, 1, tzinfo=UTC), datetime(2027, 3, 31, tzinfo=UTC))
NATIONAL = Span(datetime(2027, 5, 1, tzinfo=UTC), datetime(2027, 5, 3, tzinfo=UTC))


class Forum(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = CopyingStore()
        e = edition()
        e.set_timeline({Phase.PROVINCIAL: PROVINCIAL, Phase.NATIONAL: NATIONAL}, None, NOW, SYSTEM)
        self.store.save(e, *[council(c.code, c.subdistrict_code) for c in COUNCILS])
        self.subjects = [submitted_issue(self.store, c) for c in COUNCILS[1:]]  # 50 and 10
        self.subjects.append(paper_recommendation(self.store))
        self.comments: list[uuid.UUID] = []
        self.counts: Counter[uuid.UUID] = Counter()  # per subject, kept from the events
        self.seen: dict[uuid.UUID, int] = {}  # events of each endorsement counted so far

    def _speaks(self, who: Actor, subject: uuid.UUID) -> None:
        """What a council may say on: its own province's issue, or a recommendation, while
        the forum on it is open."""
        found = self.store.aggregates[subject]
        home = PROVINCE_OF[uuid.UUID(who.council_id)]  # type: ignore[arg-type]
        if isinstance(found, Recommendation):
            assert self.store.now < NATIONAL.ends_at
        else:
            assert found.province_code == home  # type: ignore[attr-defined]
            assert self.store.now < PROVINCIAL.ends_at

    @rule(data=st.data(), body=BODIES, who=st.sampled_from(ACTORS))
    def post(self, data: st.DataObject, body: str, who: Actor) -> None:
        subject = some(data, self.subjects)
        done = attempt(self.store, lambda: PostComment(subject_id=subject, body_th=body), who)
        if isinstance(done, PostComment):
            event("a comment was posted")
            self._speaks(who, subject)
            self.comments.append(done.comment_id)

    @rule(data=st.data(), who=st.sampled_from(ACTORS), again=st.booleans())
    def endorse(self, data: st.DataObject, who: Actor, again: bool) -> None:
        subject = some(data, self.subjects)
        kind = Endorse if again else Unendorse
        if attempt(self.store, lambda: kind(subject_id=subject), who):
            self._speaks(who, subject)

    @rule(data=st.data(), reason=REASONS, who=st.sampled_from(ACTORS))
    def report(self, data: st.DataObject, reason: str, who: Actor) -> None:
        comment = some(data, self.comments)
        attempt(self.store, lambda: ReportComment(comment_id=comment, reason_th=reason), who)

    @rule(data=st.data(), reason=REASONS, who=st.sampled_from(ACTORS), hide=st.booleans())
    def moderate(self, data: st.DataObject, reason: str, who: Actor, hide: bool) -> None:
        comment = some(data, self.comments)
        kind = HideComment if hide else UnhideComment
        if attempt(self.store, lambda: kind(comment_id=comment, reason_th=reason), who):
            event("a comment was hidden" if hide else "a comment was shown again")

    @rule(days=st.integers(min_value=1, max_value=60))
    def time_passes(self, days: int) -> None:
        self.store.now += timedelta(days=days)

    @invariant()
    def moderation_by_turns_with_a_reason(self) -> None:
        for c in self.store.aggregates.values():
            if not isinstance(c, Comment):
                continue
            turns = [
                e
                for e in self.store.history(c.id)
                if isinstance(e, (Comment.Hidden, Comment.Unhidden))
            ]
            for n, e in enumerate(turns):
                assert e.reason_th.strip(), "moderated without a reason"
                assert isinstance(e, Comment.Hidden) == (n % 2 == 0), "not by turns"
            assert c.hidden == (len(turns) % 2 == 1)
            assert c.council_id not in c.reporters
            reports = [e for e in self.store.history(c.id) if isinstance(e, Comment.Reported)]
            assert len(reports) == len({e.council_id for e in reports}) == len(c.reporters)

    @invariant()
    def one_endorsement_each_and_counts_never_negative(self) -> None:
        standing: Counter[uuid.UUID] = Counter()
        pairs: Counter[tuple[uuid.UUID, uuid.UUID]] = Counter()
        for e in self.store.aggregates.values():
            if not isinstance(e, Endorsement):
                continue
            pairs[(e.subject_id, e.council_id)] += 1
            standing[e.subject_id] += e.active
            history = self.store.history(e.id)
            for x in history[self.seen.get(e.id, 0) :]:  # the new events, as a projector
                self.counts[e.subject_id] += -1 if isinstance(x, Endorsement.Withdrawn) else 1
                assert self.counts[e.subject_id] >= 0, "a count below zero"
            self.seen[e.id] = len(history)
            assert isinstance(history[0], Endorsement.Given)
            assert not any(isinstance(x, Endorsement.Given) for x in history[1:])
        assert all(n == 1 for n in pairs.values()), "two endorsements of one council"
        assert +self.counts == +standing

    @invariant()
    def replaying_the_events_gives_the_same_state(self) -> None:
        for aggregate_id, aggregate in self.store.aggregates.items():
            assert replayed(self.store.history(aggregate_id)) == state(aggregate)


TestForum: type[TestCase] = Forum.TestCase

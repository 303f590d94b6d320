"""Provincial meeting rules, in memory: the window, the agenda, attendance, the ranking vote
(Borda, ties), the election within the quota, and a closed meeting that never changes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from assembly.accounts import Account
from assembly.actors import SYSTEM, Actor, Role
from assembly.consolidation import ProvincialIssue
from assembly.errors import Conflict, DomainError, Forbidden, Invalid
from assembly.meetings import (
    DelegateSeat,
    ElectDelegate,
    ProvincialMeeting,
    VoteState,
    WithdrawDelegate,
    borda,
    delegate_seat_id,
    provincial_meeting_id,
)
from assembly.meetings.provincial_handlers import elect_delegate, withdraw_delegate
from assembly.proposals import Proposal
from assembly.timeline import Phase, Span
from tests.domain.memory import COORDINATOR, FAR_COORDINATOR, NOW, MemoryStore, council, edition
from tests.domain.test_provincial_issue import FULL


@contextmanager
def refused(kind: type[DomainError], text: str) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """The refusal's Thai message (the one a person reads) says `text`."""
    with pytest.raises(kind) as caught:
        yield caught
    assert text in caught.value.message_th, caught.value.message_th


WINDOW = Span(datetime(2027, 2, 1, tzinfo=UTC), datetime(2027, 3, 31, tzinfo=UTC))
DAY = datetime(2027, 2, 15, 2, 0, tzinfo=UTC)  # 09:00 in Bangkok


def _edition():  # type: ignore[no-untyped-def]
    e = edition()
    e.set_timeline({Phase.PROVINCIAL: WINDOW}, None, NOW, SYSTEM)
    return e


def _issue(province: str = "50") -> ProvincialIssue:
    tambon = f"{province}0101"
    p = Proposal.draft(uuid.uuid4(), edition(), council(f"T{tambon}", tambon), dict(FULL), SYSTEM)
    p.submit(edition(), NOW, SYSTEM)
    return ProvincialIssue.create(
        uuid.uuid4(), edition(), province, "x", "", None, [p], False, SYSTEM
    )


def _meeting() -> ProvincialMeeting:
    return ProvincialMeeting.schedule(_edition(), "50", DAY, "ศาลากลาง", COORDINATOR)


def test_one_meeting_per_province_and_edition_inside_the_window() -> None:
    m = _meeting()
    assert m.id == provincial_meeting_id(2569, "50")
    with refused(Invalid, "ช่วงประชุมระดับจังหวัด") as caught:
        ProvincialMeeting.schedule(_edition(), "50", DAY + timedelta(days=60), "x", COORDINATOR)
    assert caught.value.field == "starts_at" and caught.value.code == "outside_window"
    with refused(Conflict, "ยังไม่ได้กำหนดช่วงประชุม"):
        ProvincialMeeting.schedule(edition(), "50", DAY, "x", COORDINATOR)
    with pytest.raises(Forbidden):
        ProvincialMeeting.schedule(_edition(), "50", DAY, "x", FAR_COORDINATOR)


def test_agenda_of_live_issues_of_the_province() -> None:
    m = _meeting()
    a, b, far = _issue(), _issue(), _issue("10")
    found = {i.id: i for i in (a, b, far)}
    m.set_agenda([b.id, a.id], found, COORDINATOR)
    assert m.agenda == [b.id, a.id]
    with refused(Invalid, "ไม่ใช่ของจังหวัดนี้"):
        m.set_agenda([a.id, far.id], found, COORDINATOR)
    with refused(Invalid, "ซ้ำ"):
        m.set_agenda([a.id, a.id], found, COORDINATOR)
    a.dissolve([], edition(), SYSTEM)
    with refused(Conflict, "ยกเลิก"):
        m.set_agenda([a.id, b.id], found, COORDINATOR)


def _voting() -> tuple[ProvincialMeeting, list[ProvincialIssue], list]:  # type: ignore[type-arg]
    m = _meeting()
    issues = [_issue() for _ in range(3)]
    found = {i.id: i for i in issues}
    m.set_agenda([i.id for i in issues], found, COORDINATOR)
    councils = [council(f"T50010{k}", f"50010{k}") for k in range(1, 4)]
    for c in councils[:2]:
        m.record_attendance(c, True, DAY, COORDINATOR)
    m.open_vote(found, DAY, COORDINATOR)
    return m, issues, councils


def test_attendance_on_the_day_by_the_council_itself_or_the_coordinator() -> None:
    m = _meeting()
    c, far = council(), council("T100101", "100101")
    rep = Actor(Role.COUNCIL, account_id=str(uuid.uuid4()), council_id=str(c.id))
    with refused(Conflict, "ยังไม่ถึงวันประชุม"):
        m.record_attendance(c, True, DAY - timedelta(days=1), rep)
    m.record_attendance(c, True, DAY, rep)
    assert c.id in m.present
    with refused(Invalid, "ไม่ได้อยู่ในจังหวัด") as caught:
        m.record_attendance(far, True, DAY, COORDINATOR)
    assert caught.value.code == "other_province"
    other = council("T500102", "500102")
    with pytest.raises(Forbidden):
        m.record_attendance(other, True, DAY, rep)  # another council's representative
    m.record_attendance(c, False, DAY, COORDINATOR)
    assert c.id not in m.present


def test_a_ranking_is_full_and_from_a_council_present() -> None:
    m, issues, councils = _voting()
    a, b, c = (i.id for i in issues)
    with refused(Invalid, "ยังขาดวาระที่ 3") as caught:
        m.submit_ranking(councils[0], [a, b], COORDINATOR)
    assert caught.value.code == "missing"
    with refused(Invalid, "ซ้ำ: วาระที่ 1"):
        m.submit_ranking(councils[0], [a, a, b], COORDINATOR)
    with refused(Invalid, "ไม่อยู่ในระเบียบวาระ"):
        m.submit_ranking(councils[0], [a, b, uuid.uuid4()], COORDINATOR)
    with refused(Conflict, "ยังไม่ได้ลงชื่อมาประชุม"):
        m.submit_ranking(councils[2], [a, b, c], COORDINATOR)
    m.submit_ranking(councils[0], [c, b, a], COORDINATOR)
    m.submit_ranking(councils[0], [a, b, c], COORDINATOR)  # again before the close: replaces
    assert m.rankings[councils[0].id] == [a, b, c]
    with refused(Conflict, "ลงคะแนนแล้ว"):
        m.record_attendance(councils[0], False, DAY, COORDINATOR)
    m.submit_ranking(councils[1], [b, a, c], COORDINATOR)
    assert m.close_vote(COORDINATOR) == [a, b, c]  # 3, 3, 0 points: a has a first place more... tie
    assert m.vote is VoteState.CLOSED
    with refused(Conflict, "ปิดการลงคะแนนแล้ว"):
        m.submit_ranking(councils[1], [a, b, c], COORDINATOR)


def test_borda_tally_and_its_tie_rule() -> None:
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    tally = borda([a, b, c], {uuid.uuid4(): [a, b, c], uuid.uuid4(): [b, a, c]})
    assert [(t.issue_id, t.points, t.by_rank, t.tied) for t in tally] == [
        (a, 3, [1, 1, 0], True),  # tied on points and on first places: the agenda's order
        (b, 3, [1, 1, 0], True),
        (c, 0, [0, 0, 2], False),
    ]
    tally = borda([a, b, c], {1: [c, a, b], 2: [a, b, c], 3: [b, c, a]})  # type: ignore[dict-item]
    assert {t.points for t in tally} == {3}
    # all tied on points and on every rank: the agenda's order decides
    assert [t.issue_id for t in tally] == [a, b, c]
    tally = borda([a, b, c], {1: [b, a, c], 2: [b, c, a], 3: [a, c, b], 4: [c, a, b]})  # type: ignore[dict-item]
    # a: 1+0+2+1 = 4, b: 2+2+0+0 = 4, c: 0+1+1+2 = 4 -> b has two first places
    assert tally[0].issue_id == b


def test_delegates_within_the_quota_once_each() -> None:
    m = _meeting()
    people = [Account.open(uuid.uuid4(), Role.COUNCIL, "50", None, None, SYSTEM) for _ in range(3)]
    m.elect(people[0], 2, DAY, COORDINATOR, home="50")
    with refused(Conflict, "ได้รับเลือกเป็นผู้แทนแล้ว"):
        m.elect(people[0], 2, DAY, COORDINATOR, home="50")
    m.elect(people[1], 2, DAY, COORDINATOR, home=None)  # an account of no province
    with refused(Conflict, "จังหวัดละ 2 คน") as caught:
        m.elect(people[2], 2, DAY, COORDINATOR, home="50")
    assert caught.value.code == "over_quota"
    with refused(Invalid, "ไม่พบบัญชี"):
        m.elect(None, 2, DAY, COORDINATOR, home=None)
    with refused(Invalid, "อยู่ในจังหวัดอื่น") as caught:
        m.elect(people[2], 3, DAY, COORDINATOR, home="10")
    assert caught.value.field == "account_id" and caught.value.code == "other_province"
    people[2].erase(SYSTEM)
    with refused(Invalid, "ถูกลบข้อมูลบุคคล"):
        m.elect(people[2], 3, DAY, COORDINATOR, home="50")
    assert m.delegates == [people[0].id, people[1].id]


def test_a_person_is_elected_by_one_province_only() -> None:
    """Two provinces' meetings through the handlers: the second election of the same person
    is refused with the first province's name; withdrawn, the seat is free again."""
    store = MemoryStore(DAY)
    e = _edition()
    store.save(e)
    lamphun = Actor(Role.COORDINATOR, account_id=str(uuid.uuid4()), province_code="51")
    for actor, province in ((COORDINATOR, "50"), (lamphun, "51")):
        store.save(ProvincialMeeting.schedule(e, province, DAY, "ศาลากลาง", actor))
    person = Account.open(uuid.uuid4(), Role.ORGANIZER, None, None, None, SYSTEM)
    store.save(person)

    def elect(actor: Actor, province: str) -> None:
        command = ElectDelegate(year_be=2569, province_code=province, account_id=person.id)
        store.save(*elect_delegate(store, command, actor))

    elect(COORDINATOR, "50")
    with refused(Conflict, "ได้รับเลือกเป็นผู้แทนแล้ว"):  # this province's already: the meeting says
        elect(COORDINATOR, "50")
    seat = store.load(delegate_seat_id(2569, person.id), DelegateSeat)
    assert seat is not None and seat.province_code == "50"
    with refused(Conflict, "ได้รับเลือกเป็นผู้แทนของจังหวัดเชียงใหม่แล้ว") as caught:
        elect(lamphun, "51")
    assert caught.value.field == "account_id" and caught.value.code == "elected_elsewhere"
    store.save(
        *withdraw_delegate(
            store,
            WithdrawDelegate(year_be=2569, province_code="50", account_id=person.id),
            COORDINATOR,
        )
    )
    assert seat.province_code is None
    elect(lamphun, "51")
    assert seat.province_code == "51"
    meeting = store.load(provincial_meeting_id(2569, "51"), ProvincialMeeting)
    assert meeting is not None and meeting.delegates == [person.id]


def test_a_closed_meeting_never_changes() -> None:
    m, issues, councils = _voting()
    with refused(Conflict, "ปิดการลงคะแนนก่อน"):
        m.close(DAY, COORDINATOR)
    m.submit_ranking(councils[0], [i.id for i in issues], COORDINATOR)
    m.close_vote(COORDINATOR)
    m.pass_resolution("ให้เสนอประเด็นที่ดินเป็นลำดับแรก", None, DAY, COORDINATOR)
    m.pass_resolution("ให้เสนอประเด็นที่ดินเป็นลำดับที่หนึ่ง", 1, DAY, COORDINATOR)
    assert m.resolutions == ["ให้เสนอประเด็นที่ดินเป็นลำดับที่หนึ่ง"]
    m.close(DAY, COORDINATOR)
    for attempt in (
        lambda: m.pass_resolution("อีก", None, DAY, COORDINATOR),
        lambda: m.record_attendance(councils[2], True, DAY, COORDINATOR),
        lambda: m.reschedule(_edition(), DAY, "ที่อื่น", COORDINATOR),
    ):
        with refused(Conflict, "ปิดการประชุมแล้ว"):
            attempt()

"""A provincial meeting (การประชุมระดับจังหวัด): one per province and edition, run by the
province's coordinator (organizers may step in). It is scheduled inside the edition's
provincial window, takes an agenda of the province's live issues, records which councils
came, runs a ranking vote among them (Borda count), records resolutions and elects the
province's delegates to the national meeting; once closed it never changes.

Its rules live here (the checks that need only what they are given in `provincial_rules`);
`provincial_handlers` loads what they need (the edition, the issues, a council, an account)
and hands it in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from assembly.accounts import Account
from assembly.actors import Actor, Role, check_scope
from assembly.consolidation import ProvincialIssue
from assembly.consolidation.issues import check_issue_list
from assembly.councils import Council
from assembly.editions import Edition
from assembly.errors import Conflict, Forbidden, Invalid
from assembly.meetings.provincial_rules import check_council, check_full_ranking, check_window
from assembly.meetings.provincial_tally import IssueTally, borda
from assembly.thai import thai_datetime, to_bangkok

NAMESPACE = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/meetings")


def provincial_meeting_id(year_be: int, province_code: str) -> UUID:
    """One meeting per province and edition: the id follows from them."""
    return uuid5(NAMESPACE, f"provincial|{year_be}|{province_code}")


class VoteState(StrEnum):
    NOT_OPENED = "not_opened"
    OPEN = "open"
    CLOSED = "closed"


class ProvincialMeeting(Aggregate):
    # Each event carries only what happened and who (role:account id): never a name.
    class Scheduled(Aggregate.Created):
        year_be: int
        province_code: str
        starts_at: datetime
        place_th: str
        by: str

    class Rescheduled(Aggregate.Event):
        starts_at: datetime
        place_th: str
        by: str

    class AgendaSet(Aggregate.Event):
        issue_ids: list[UUID]
        by: str

    class AttendanceRecorded(Aggregate.Event):
        council_id: UUID
        present: bool
        by: str  # the council's own representative, or the coordinator from the sign-in sheet

    class VoteOpened(Aggregate.Event):
        by: str

    class RankingSubmitted(Aggregate.Event):
        council_id: UUID
        issue_ids: list[UUID]
        by: str

    class VoteClosed(Aggregate.Event):
        result: list[UUID]  # the issues in the Borda order, ties settled by the tie rule
        by: str

    class ResolutionPassed(Aggregate.Event):
        number: int
        text_th: str
        by: str

    class ResolutionRevised(Aggregate.Event):
        number: int
        text_th: str
        by: str

    class DelegateElected(Aggregate.Event):
        account_id: UUID
        by: str

    class DelegateWithdrawn(Aggregate.Event):
        account_id: UUID
        by: str

    class Closed(Aggregate.Event):
        by: str

    @event(Scheduled)
    def __init__(
        self, year_be: int, province_code: str, starts_at: datetime, place_th: str, by: str
    ) -> None:
        self.year_be = year_be
        self.province_code = province_code
        self.starts_at = starts_at
        self.place_th = place_th
        self.agenda: list[UUID] = []
        self.present: set[UUID] = set()
        self.vote = VoteState.NOT_OPENED
        self.rankings: dict[UUID, list[UUID]] = {}
        self.result: list[UUID] = []
        self.resolutions: list[str] = []
        self.delegates: list[UUID] = []
        self.closed = False

    @classmethod
    def create_id(cls, year_be: int, province_code: str, **_: object) -> UUID:
        return provincial_meeting_id(year_be, province_code)

    # --- rules ---

    def _check_open(self, actor: Actor, field: str | None = None) -> None:
        check_scope(actor, province_code=self.province_code)
        if self.closed:
            raise Conflict(
                "ปิดการประชุมแล้ว แก้ไขรายงานการประชุมไม่ได้",
                message_en="the meeting is closed",
                field=field,
                code="meeting_closed",
            )

    def _check_the_day(self, now: datetime, field: str | None = None) -> None:
        """What happens at the meeting is recorded from its day on, never before."""
        if to_bangkok(now).date() < to_bangkok(self.starts_at).date():
            raise Conflict(
                f"ยังไม่ถึงวันประชุม ({thai_datetime(self.starts_at)})",
                message_en="the meeting has not begun",
                field=field,
                code="not_yet",
            )

    # --- schedule and agenda ---

    @classmethod
    def schedule(
        cls,
        edition: Edition,
        province_code: str,
        starts_at: datetime,
        place_th: str,
        actor: Actor,
    ) -> ProvincialMeeting:
        check_scope(actor, province_code=province_code)
        check_window(edition, starts_at)
        return cls(
            year_be=edition.year_be,
            province_code=province_code,
            starts_at=starts_at,
            place_th=place_th,
            by=actor.ref,
        )

    def reschedule(
        self, edition: Edition, starts_at: datetime, place_th: str, actor: Actor
    ) -> None:
        self._check_open(actor, "starts_at")
        check_window(edition, starts_at)
        if self.vote is not VoteState.NOT_OPENED and starts_at != self.starts_at:
            raise Conflict(
                "เปิดการลงคะแนนแล้ว เลื่อนวันประชุมไม่ได้ (แก้ได้เฉพาะสถานที่)",
                field="starts_at",
                code="vote_opened",
            )
        if (starts_at, place_th) != (self.starts_at, self.place_th):
            self._reschedule(starts_at, place_th, by=actor.ref)

    @event(Rescheduled)
    def _reschedule(self, starts_at: datetime, place_th: str, by: str) -> None:
        self.starts_at = starts_at
        self.place_th = place_th

    def set_agenda(
        self, issue_ids: list[UUID], found: Mapping[UUID, Aggregate], actor: Actor
    ) -> None:
        """Live issues of this province and edition, each once, in the order they are taken."""
        self._check_open(actor, "issue_ids")
        if self.vote is not VoteState.NOT_OPENED:
            raise Conflict(
                "เปิดการลงคะแนนแล้ว แก้ระเบียบวาระไม่ได้", field="issue_ids", code="vote_opened"
            )
        check_issue_list(
            issue_ids,
            found,
            self.year_be,
            self.province_code,
            repeated=Invalid("มีประเด็นซ้ำกันในระเบียบวาระ", field="issue_ids", code="repeated"),
            foreign=Invalid(
                "มีประเด็นที่ไม่ใช่ของจังหวัดนี้ในระเบียบวาระ",
                message_en="an issue of another province",
                field="issue_ids",
                code="other_province",
            ),
        )
        if issue_ids != self.agenda:
            self._set_agenda(issue_ids, by=actor.ref)

    @event(AgendaSet)
    def _set_agenda(self, issue_ids: list[UUID], by: str) -> None:
        self.agenda = list(issue_ids)

    # --- attendance ---

    def record_attendance(
        self, council: Council | None, present: bool, now: datetime, actor: Actor
    ) -> None:
        self._check_open(actor, "council_id")
        found = check_council(council, self.province_code)
        check_scope(actor, council_id=found.id)  # a representative marks only its own council
        self._check_the_day(now, "council_id")
        if actor.role is Role.COUNCIL and not present:
            raise Forbidden(
                "ผู้แทนสภาแจ้งได้เฉพาะการมาประชุม การแก้ไขให้แจ้งผู้ประสานงานจังหวัด",
                field="present",
                code="coordinator_only",
            )
        if not present and found.id in self.rankings and self.vote is not VoteState.NOT_OPENED:
            raise Conflict(
                f"{found.name_th} ลงคะแนนแล้ว จึงบันทึกว่าไม่มาประชุมไม่ได้",
                field="council_id",
                code="has_ranked",
            )
        if present != (found.id in self.present):
            self._record_attendance(found.id, present, by=actor.ref)

    @event(AttendanceRecorded)
    def _record_attendance(self, council_id: UUID, present: bool, by: str) -> None:
        if present:
            self.present.add(council_id)
        else:
            self.present.discard(council_id)

    # --- the ranking vote ---

    def open_vote(self, found: Mapping[UUID, Aggregate], now: datetime, actor: Actor) -> None:
        self._check_open(actor)
        self._check_the_day(now)
        if self.vote is VoteState.OPEN:
            return
        if self.vote is VoteState.CLOSED:
            raise Conflict("ปิดการลงคะแนนแล้ว เปิดอีกไม่ได้", code="vote_closed")
        if not self.agenda:
            raise Conflict("ยังไม่ได้กำหนดระเบียบวาระ", field="issue_ids", code="no_agenda")
        for iid in self.agenda:
            issue = found.get(iid)
            if isinstance(issue, ProvincialIssue):
                issue.check_open("issue_ids")  # merged or dissolved since: set the agenda again
        self._open_vote(by=actor.ref)

    @event(VoteOpened)
    def _open_vote(self, by: str) -> None:
        self.vote = VoteState.OPEN

    def submit_ranking(self, council: Council | None, issue_ids: list[UUID], actor: Actor) -> None:
        self._check_open(actor, "issue_ids")
        found = check_council(council, self.province_code)
        check_scope(actor, council_id=found.id)
        if self.vote is VoteState.NOT_OPENED:
            raise Conflict("ยังไม่เปิดการลงคะแนน", field="issue_ids", code="vote_not_open")
        if self.vote is VoteState.CLOSED:
            raise Conflict("ปิดการลงคะแนนแล้ว ส่งหรือแก้ลำดับไม่ได้", field="issue_ids", code="vote_closed")
        if found.id not in self.present:
            raise Conflict(
                f"{found.name_th} ยังไม่ได้ลงชื่อมาประชุม จึงลงคะแนนไม่ได้",
                message_en="the council is not recorded present",
                field="council_id",
                code="not_present",
            )
        check_full_ranking(self.agenda, issue_ids)
        if self.rankings.get(found.id) != issue_ids:
            self._submit_ranking(found.id, issue_ids, by=actor.ref)

    @event(RankingSubmitted)
    def _submit_ranking(self, council_id: UUID, issue_ids: list[UUID], by: str) -> None:
        self.rankings[council_id] = list(issue_ids)

    def tally(self) -> list[IssueTally]:
        return borda(self.agenda, self.rankings)

    def close_vote(self, actor: Actor) -> list[UUID]:
        """The Borda result, best first (the caller ranks the board with it)."""
        self._check_open(actor)
        if self.vote is VoteState.NOT_OPENED:
            raise Conflict("ยังไม่เปิดการลงคะแนน", code="vote_not_open")
        if self.vote is VoteState.CLOSED:
            return self.result
        if not self.rankings:
            raise Conflict("ยังไม่มีสภาใดส่งลำดับ จึงปิดการลงคะแนนไม่ได้", code="no_rankings")
        self._close_vote([t.issue_id for t in self.tally()], by=actor.ref)
        return self.result

    @event(VoteClosed)
    def _close_vote(self, result: list[UUID], by: str) -> None:
        self.vote = VoteState.CLOSED
        self.result = list(result)

    # --- resolutions and delegates ---

    def pass_resolution(
        self, text_th: str, number: int | None, now: datetime, actor: Actor
    ) -> None:
        self._check_open(actor, "text_th")
        self._check_the_day(now, "text_th")
        if number is None:
            self._pass_resolution(len(self.resolutions) + 1, text_th, by=actor.ref)
            return
        if not 1 <= number <= len(self.resolutions):
            raise Invalid(f"ไม่มีมติที่ {number}", field="number", code="unknown_resolution")
        if self.resolutions[number - 1] != text_th:
            self._revise_resolution(number, text_th, by=actor.ref)

    @event(ResolutionPassed)
    def _pass_resolution(self, number: int, text_th: str, by: str) -> None:
        self.resolutions.append(text_th)

    @event(ResolutionRevised)
    def _revise_resolution(self, number: int, text_th: str, by: str) -> None:
        self.resolutions[number - 1] = text_th

    def elect(
        self, account: Account | None, quota: int, now: datetime, actor: Actor, *, home: str | None
    ) -> None:
        """`home`: the province the account belongs to (its council's, or its own scope),
        None for an account of no province (an invited delegate, staff)."""
        self._check_open(actor, "account_id")
        self._check_the_day(now, "account_id")
        if account is None:
            raise Invalid("ไม่พบบัญชีนี้ในระบบ", field="account_id", code="unknown_account")
        if account.erased:
            raise Invalid(
                "บัญชีนี้ถูกลบข้อมูลบุคคลแล้ว เลือกเป็นผู้แทนไม่ได้",
                field="account_id",
                code="erased_account",
            )
        if home is not None and home != self.province_code:
            raise Invalid(
                "บุคคลนี้อยู่ในจังหวัดอื่น เลือกได้เฉพาะบุคคลของจังหวัดนี้",
                message_en="an account of another province",
                field="account_id",
                code="other_province",
            )
        if account.id in self.delegates:
            raise Conflict("บุคคลนี้ได้รับเลือกเป็นผู้แทนแล้ว", field="account_id", code="already_elected")
        if len(self.delegates) >= quota:
            raise Conflict(
                f"เลือกผู้แทนได้จังหวัดละ {quota} คน ครบแล้ว",
                message_en="over the edition's quota of delegates",
                field="account_id",
                code="over_quota",
            )
        self._elect(account.id, by=actor.ref)

    @event(DelegateElected)
    def _elect(self, account_id: UUID, by: str) -> None:
        self.delegates.append(account_id)

    def withdraw(self, account_id: UUID, actor: Actor) -> None:
        self._check_open(actor, "account_id")
        if account_id in self.delegates:
            self._withdraw(account_id, by=actor.ref)

    @event(DelegateWithdrawn)
    def _withdraw(self, account_id: UUID, by: str) -> None:
        self.delegates.remove(account_id)

    # --- the end ---

    def close(self, now: datetime, actor: Actor) -> None:
        check_scope(actor, province_code=self.province_code)
        if self.closed:
            return
        self._check_the_day(now)
        if self.vote is VoteState.OPEN:
            raise Conflict("ยังเปิดการลงคะแนนอยู่ ปิดการลงคะแนนก่อนปิดการประชุม", code="vote_open")
        self._close(by=actor.ref)

    @event(Closed)
    def _close(self, by: str) -> None:
        self.closed = True

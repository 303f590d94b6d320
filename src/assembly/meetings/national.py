"""The national meeting of an edition (ประชุมระดับชาติ): its days inside the edition's national
phase, its sessions by theme with their agendas and quorum rule, and its registered delegates
with their badge codes.

One aggregate per edition (uuid5 of the year). Only the organizers write to it, and rarely
(setup and registration), so one stream is no bottleneck; what the hall does by the hundred
(check-ins, votes) lives in small aggregates of their own (`delegates`, `ballots`).
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, time
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor
from assembly.editions import Edition
from assembly.errors import Conflict, Invalid, NotFound
from assembly.thai import BANGKOK, normalize_line, thai_date, to_bangkok
from assembly.timeline import Phase

NAMESPACE = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/meetings/national")

# Badge codes: the year, then 12 characters of an alphabet without look-alikes (0/O, 1/I/L,
# U/V) typed off a badge by a thumb: 30^12, about 2^59, unguessable; the year tells another
# edition's badge from a forged one.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE = re.compile(rf"^(\d{{4}})([{ALPHABET}]{{12}})$")

Session = dict[str, Any]  # {"day": iso, "starts_at": "HH:MM", "title_th", "category", "quorum"}
Delegate = dict[str, Any]  # {"kind", "province_code", "code"}


def national_meeting_id(year_be: int) -> UUID:
    return uuid5(NAMESPACE, f"meeting|{year_be}")


def new_badge_code(year_be: int) -> str:
    """'2569-K7QM-4XTR-9BZD': random, recorded in the registration event (no personal data)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{year_be}-{body[:4]}-{body[4:8]}-{body[8:]}"


def parse_badge_code(text: str) -> tuple[int, str]:
    """(year, canonical code) of what was scanned or typed; Invalid when it cannot be one."""
    compact = re.sub(r"[\s\-–_.]", "", normalize_line(text)).upper()
    m = CODE.match(compact)
    if m is None:
        raise Invalid(
            "รหัสบัตรไม่ถูกต้อง กรุณาตรวจสอบบัตรอีกครั้ง",
            message_en="not a badge code",
            field="code",
            code="forged_code",
        )
    body = m.group(2)
    return int(m.group(1)), f"{m.group(1)}-{body[:4]}-{body[4:8]}-{body[8:]}"


def national_days(edition: Edition) -> tuple[date, date]:
    """The first and last Bangkok day of the edition's national phase."""
    span = edition.phases.get(Phase.NATIONAL)
    if span is None:
        raise Conflict(
            "ยังไม่ได้กำหนดช่วงประชุมระดับชาติในปฏิทินของปีนี้",
            message_en="the edition has no national phase yet",
            field="days",
            code="no_national_phase",
        )
    return to_bangkok(span.starts_at).date(), to_bangkok(span.ends_at).date()


class NationalMeeting(Aggregate):
    class Scheduled(Aggregate.Created):
        year_be: int
        days: list[str]  # ISO dates
        by: str

    class DaysSet(Aggregate.Event):
        days: list[str]
        by: str

    class SessionSet(Aggregate.Event):
        session_id: UUID
        day: str
        starts_at: str  # "HH:MM", Bangkok
        title_th: str
        category: str | None
        quorum: int | None  # None: more than half of the registered delegates
        by: str

    class AgendaSet(Aggregate.Event):
        session_id: UUID
        recommendation_ids: list[UUID]
        by: str

    class DelegateRegistered(Aggregate.Event):
        account_id: UUID
        kind: str
        province_code: str | None
        code: str  # the badge's code: an opaque token, bound to this meeting and account
        by: str

    class BadgeReissued(Aggregate.Event):
        account_id: UUID
        code: str
        by: str

    @event(Scheduled)
    def __init__(self, year_be: int, days: list[str], by: str) -> None:
        self.year_be = year_be
        self.days = list(days)
        self.sessions: dict[UUID, Session] = {}
        self.agendas: dict[UUID, list[UUID]] = {}  # session -> recommendation ids, in order
        self.delegates: dict[UUID, Delegate] = {}
        self.codes: dict[str, UUID] = {}  # badge code -> account

    @classmethod
    def create_id(cls, year_be: int, **_: object) -> UUID:
        return national_meeting_id(year_be)

    @classmethod
    def schedule(cls, edition: Edition, days: list[date], actor: Actor) -> NationalMeeting:
        _check_days(edition, days)
        return cls(year_be=edition.year_be, days=[d.isoformat() for d in days], by=actor.ref)

    # --- days and sessions ---

    def set_days(self, edition: Edition, days: list[date], actor: Actor) -> None:
        _check_days(edition, days)
        iso = [d.isoformat() for d in days]
        orphaned = [s for s in self.sessions.values() if s["day"] not in iso]
        if orphaned:
            raise Conflict(
                f"มีช่วงการประชุม “{orphaned[0]['title_th']}” ในวันที่จะนำออก ย้ายช่วงการประชุมก่อน",
                field="days",
                code="session_on_day",
            )
        if iso != self.days:
            self._set_days(iso, by=actor.ref)

    @event(DaysSet)
    def _set_days(self, days: list[str], by: str) -> None:
        self.days = list(days)

    def set_session(
        self,
        edition: Edition,
        session_id: UUID,
        day: date,
        starts_at: time,
        title_th: str,
        category: str | None,
        quorum: int | None,
        actor: Actor,
    ) -> None:
        if day.isoformat() not in self.days:
            raise Invalid("วันที่ของช่วงการประชุมต้องเป็นวันประชุมวันหนึ่ง", field="day", code="not_a_day")
        if category is not None:
            try:
                edition.check_category(category)
            except Invalid as exc:
                raise Invalid(exc.message_th, field="category", code="unknown_category") from None
        start = starts_at.strftime("%H:%M")
        new = {
            "day": day.isoformat(),
            "starts_at": start,
            "title_th": title_th,
            "category": category,
            "quorum": quorum,
        }
        if self.sessions.get(session_id) != new:
            self._set_session(
                session_id, day.isoformat(), start, title_th, category, quorum, by=actor.ref
            )

    @event(SessionSet)
    def _set_session(
        self,
        session_id: UUID,
        day: str,
        starts_at: str,
        title_th: str,
        category: str | None,
        quorum: int | None,
        by: str,
    ) -> None:
        self.sessions[session_id] = {
            "day": day,
            "starts_at": starts_at,
            "title_th": title_th,
            "category": category,
            "quorum": quorum,
        }
        self.agendas.setdefault(session_id, [])

    def session(self, session_id: UUID) -> Session:
        found = self.sessions.get(session_id)
        if found is None:
            raise NotFound("ไม่พบช่วงการประชุมนี้", field="session_id")
        return found

    def session_of(self, recommendation_id: UUID) -> UUID | None:
        for session_id, items in self.agendas.items():
            if recommendation_id in items:
                return session_id
        return None

    def set_agenda(self, session_id: UUID, recommendation_ids: list[UUID], actor: Actor) -> None:
        """The aggregate checks the sessions; the handler checks the recommendations and
        that no vote was opened on one taken off."""
        self.session(session_id)
        for rec in recommendation_ids:
            elsewhere = self.session_of(rec)
            if elsewhere is not None and elsewhere != session_id:
                title = self.sessions[elsewhere]["title_th"]
                raise Conflict(
                    f"ข้อเสนอแนะนี้อยู่ในวาระของช่วง “{title}” แล้ว",
                    field="recommendation_ids",
                    code="on_another_agenda",
                )
        if recommendation_ids != self.agendas.get(session_id, []):
            self._set_agenda(session_id, list(recommendation_ids), by=actor.ref)

    @event(AgendaSet)
    def _set_agenda(self, session_id: UUID, recommendation_ids: list[UUID], by: str) -> None:
        self.agendas[session_id] = list(recommendation_ids)

    def quorum_needed(self, session_id: UUID) -> int:
        """The session's own number, or more than half of the registered delegates."""
        quorum = self.session(session_id).get("quorum")
        return int(quorum) if quorum else len(self.delegates) // 2 + 1

    # --- delegates and badges ---

    def register(
        self, account_id: UUID, kind: str, province_code: str | None, code: str, actor: Actor
    ) -> None:
        """Once per account; the same registration again changes nothing."""
        known = self.delegates.get(account_id)
        if known is not None:
            if (known["kind"], known["province_code"]) != (kind, province_code):
                raise Conflict(
                    "บัญชีนี้ลงทะเบียนเป็นผู้แทนแล้วในประเภทหรือจังหวัดอื่น",
                    field="account_id",
                    code="registered_otherwise",
                )
            return
        self._register(account_id, kind, province_code, code, by=actor.ref)

    @event(DelegateRegistered)
    def _register(
        self, account_id: UUID, kind: str, province_code: str | None, code: str, by: str
    ) -> None:
        self.delegates[account_id] = {"kind": kind, "province_code": province_code, "code": code}
        self.codes[code] = account_id

    def reissue(self, account_id: UUID, code: str, actor: Actor) -> None:
        self.delegate(account_id)
        self._reissue(account_id, code, by=actor.ref)

    @event(BadgeReissued)
    def _reissue(self, account_id: UUID, code: str, by: str) -> None:
        self.codes.pop(self.delegates[account_id]["code"], None)
        self.delegates[account_id]["code"] = code
        self.codes[code] = account_id

    def delegate(self, account_id: UUID) -> Delegate:
        found = self.delegates.get(account_id)
        if found is None:
            raise NotFound("บัญชีนี้ไม่ได้ลงทะเบียนเป็นผู้แทนในการประชุมนี้", field="account_id")
        return found

    def holder(self, code: str) -> UUID | None:
        """The delegate a (canonical) badge code was issued to, if it still stands."""
        return self.codes.get(code)


def _check_days(edition: Edition, days: list[date]) -> None:
    """Every day inside the edition's national phase: a meeting dated outside is refused."""
    first, last = national_days(edition)
    for day in days:
        if not first <= day <= last:
            raise Invalid(
                f"วันประชุม {thai_date(day)} อยู่นอกช่วงประชุมระดับชาติ"
                f" ({thai_date(first)} – {thai_date(last)})",
                message_en="a day outside the national phase",
                field="days",
                code="outside_window",
            )


def session_start(session: Session) -> datetime:
    """When a session starts, as a Bangkok moment."""
    day = date.fromisoformat(session["day"])
    hour, minute = (int(x) for x in session["starts_at"].split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BANGKOK)

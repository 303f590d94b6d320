"""What the forum talks about, and who may speak on it.

A subject is a provincial issue (the councils of its province speak) or a national
recommendation (every council speaks). The forum on a subject is open until the meetings that
decide it are over: a provincial issue until the edition's provincial meetings window ends, a
recommendation until the national meeting's window ends (an edition without those dates yet
keeps the forum open), and never once the edition's submission is finalized or the issue was
merged or dissolved.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

import msgspec

from assembly.actors import Actor
from assembly.consolidation import IssueStatus, ProvincialIssue
from assembly.councils import Council
from assembly.editions import Edition, edition_id
from assembly.errors import Conflict, Forbidden, NotFound
from assembly.recommendations import Recommendation
from assembly.store import Store
from assembly.thai import thai_datetime
from assembly.timeline import Phase


class SubjectKind(StrEnum):
    ISSUE = "issue"
    RECOMMENDATION = "recommendation"


class Subject(msgspec.Struct, frozen=True):
    id: UUID
    kind: SubjectKind
    year_be: int
    province_code: str | None  # an issue's province; none for a recommendation


def find_subject(store: Store, subject_id: UUID) -> tuple[Subject, bool]:
    """The subject and whether it is still open for talk (an issue not merged or dissolved)."""
    found = store.load_many([subject_id]).get(subject_id)
    if isinstance(found, ProvincialIssue):
        subject = Subject(subject_id, SubjectKind.ISSUE, found.year_be, found.province_code)
        return subject, found.status is IssueStatus.OPEN
    if isinstance(found, Recommendation):
        return Subject(subject_id, SubjectKind.RECOMMENDATION, found.year_be, None), True
    raise NotFound("ไม่พบประเด็นหรือข้อเสนอแนะนี้", field="subject_id", code="no_subject")


def absorbed_issues(store: Store, subject_id: UUID) -> list[UUID]:
    """The issues merged into this one, and into those, all the way down (their endorsements
    stand for this one now: withdrawing here withdraws them too)."""
    found: list[UUID] = []
    todo = [subject_id]
    while todo:
        issues = store.load_many(todo).values()
        todo = [i for x in issues if isinstance(x, ProvincialIssue) for i in x.absorbed_from]
        todo = [i for i in todo if i not in found and i != subject_id]
        found.extend(todo)
    return found


def check_open(store: Store, subject: Subject, live: bool, now: datetime) -> None:
    """Refuse talk on a subject whose meeting is over (see the module's rule)."""
    if not live:
        raise Conflict(
            "ประเด็นนี้ถูกรวมหรือยุบไปแล้ว แสดงความเห็นหรือสนับสนุนไม่ได้อีก",
            field="subject_id",
            code="subject_closed",
        )
    edition = store.load(edition_id(subject.year_be), Edition)
    if edition is None:
        raise NotFound(f"ไม่พบการประชุมประจำปี {subject.year_be}", field="subject_id")
    phase = Phase.PROVINCIAL if subject.kind is SubjectKind.ISSUE else Phase.NATIONAL
    span = edition.phases.get(phase)
    if edition.finalized or (span is not None and span.passed(now)):
        until = f" (ปิดเมื่อ {thai_datetime(span.ends_at)})" if span is not None else ""
        raise Conflict(f"เวทีออนไลน์ของหัวข้อนี้ปิดแล้ว{until}", field="subject_id", code="forum_closed")


def speaking_council(store: Store, actor: Actor) -> Council:
    """The council the account acts for (forum speech is always a council's)."""
    council = store.load(UUID(actor.council_id), Council) if actor.council_id else None
    if council is None:
        raise Forbidden("บัญชีนี้ไม่ได้ผูกกับสภาองค์กรชุมชนตำบล", message_en="no council", code="no_council")
    return council


def check_speaks_on(council: Council, subject: Subject) -> None:
    """A provincial issue is its province's councils' to talk about."""
    if subject.province_code is not None and council.province_code != subject.province_code:
        raise Forbidden(
            "ประเด็นระดับจังหวัดนี้เปิดให้เฉพาะสภาองค์กรชุมชนตำบลในจังหวัดเดียวกันแสดงความเห็นและสนับสนุน",
            message_en="a provincial issue of another province",
            field="subject_id",
            code="other_province",
        )

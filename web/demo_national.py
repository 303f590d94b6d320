"""Demo: the national meeting of 2569 under way, so that a new user finds the organizers'
desk (`/meetings/2569/national`), the hall's screen (`/meetings/2569/hall`), the live board
(`/meetings/2569/board`) and a delegate's phone (`/meeting`) at work.

Two days inside the demo timeline's national phase, three sessions by theme, each with the
demo's recommendations of its themes on its agenda (the most endorsed in the forum first).
Delegates: those Chiang Mai's provincial meeting elected (`demo-council`, `demo-coordinator`),
a few invited experts on accounts of their own (names in the people table only), and
`demo-delegate`, an expert too, for a visitor to sign in as. In the first session every
delegate but `demo-coordinator` checked in at the door; the first item was voted, closed
with its recorded count and adopted; the vote on the second is open, a few votes cast, and
`demo-delegate` (checked in) has not voted yet: a visitor votes from a phone and watches
the hall's screen move.

No rule of the national meeting looks at the clock (its days are checked against the
phase, not against today), so unlike `demo_meeting` nothing here moves it: the hall's
morning is recorded when the demo is loaded (events take the wall time), and what a visitor
does afterwards (a check-in at the door, a vote) comes after it on the board."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import date, time
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from assembly.accounts import Account, OpenAccount
from assembly.actors import Actor, Role
from assembly.application import Assembly
from assembly.councils import RegisterCouncil, council_id
from assembly.forum.endorsement import Endorsement, endorsement_id
from assembly.meetings import (
    CastVote,
    CheckIn,
    Choice,
    CloseBallot,
    DelegateKind,
    NationalMeeting,
    OpenBallot,
    Outcome,
    ProvincialMeeting,
    RegisterDelegate,
    ResolveRecommendation,
    SetMeetingDays,
    SetSession,
    SetSessionAgenda,
    national_meeting_id,
    provincial_meeting_id,
)
from assembly.people import create_user
from web.demo_consolidation import Consolidated

YEAR, PROVINCE = 2569, "50"  # Chiang Mai elected the demo's delegates
NAMESPACE = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/demo/national")
DAYS = (date(2027, 5, 10), date(2027, 5, 11))  # in the demo timeline's national phase


def session_id(n: int) -> UUID:
    return uuid5(NAMESPACE, f"session|{n}")


# (day, start, title, the themes (categories) whose recommendations it takes)
SESSIONS = (
    (
        DAYS[0],
        time(9, 0),
        "ที่ดิน ที่อยู่อาศัย ทรัพยากร และการเกษตร",
        ("land", "housing", "natural-resources", "agriculture", "disaster"),
    ),
    (
        DAYS[0],
        time(13, 30),
        "หนี้สิน เศรษฐกิจฐานราก และสวัสดิการ",
        ("debt", "grassroots-economy", "welfare", "health", "education"),
    ),
    (
        DAYS[1],
        time(9, 0),
        "สิทธิชุมชน การกระจายอำนาจ และโครงการของรัฐ",
        (
            "community-rights",
            "human-rights",
            "decentralization",
            "infrastructure",
            "state-projects",
        ),
    ),
)
# Invited experts: (username, display name). Nobody signs in as them (a random password);
# `demo-delegate` is the expert a visitor signs in as.
EXPERTS = (
    ("demo-expert-land", "นักวิชาการด้านที่ดินและทรัพยากร (ตัวอย่าง)"),
    ("demo-expert-northeast", "ผู้แทนเครือข่ายองค์กรชุมชนภาคอีสาน (ตัวอย่าง)"),
    ("demo-expert-south", "ผู้แทนเครือข่ายองค์กรชุมชนภาคใต้ (ตัวอย่าง)"),
    ("demo-expert-law", "นักกฎหมายด้านสิทธิชุมชน (ตัวอย่าง)"),
)
ABSENT = "demo-coordinator"  # not at the door yet: signed in as them, /meeting says so
# The closed vote, by the delegates present in the order they checked in; then the open
# one: those who voted already (demo-delegate not among them).
FIRST_VOTES = (Choice.FOR, Choice.FOR, Choice.FOR, Choice.AGAINST, Choice.FOR, Choice.ABSTAIN)
SECOND_VOTERS = ("demo-council", "demo-expert-land", "demo-expert-northeast", "demo-expert-south")
SECOND_VOTES = (Choice.FOR, Choice.FOR, Choice.ABSTAIN, Choice.FOR)


def endorsements(
    app: Assembly, subjects: Sequence[UUID], councils: Sequence[UUID]
) -> dict[UUID, int]:
    """How many councils endorse each subject (the forum's own aggregates, withdrawn ones
    left out): the count the agenda page orders by, read from the write side."""
    out = {}
    for subject in subjects:
        given = app.existing(endorsement_id(subject, c) for c in councils)
        found = app.load_many(given).values()
        out[subject] = sum(1 for e in found if isinstance(e, Endorsement) and e.active)
    return out


def agendas(consolidated: Consolidated, counts: Mapping[UUID, int]) -> list[list[UUID]]:
    """Each session's recommendations (by their issues' theme), most endorsed first; a
    theme no session names goes to the last."""
    theme_of = {i.issue_id: i.category or "" for i in consolidated.issues}
    out: list[list[UUID]] = [[] for _ in SESSIONS]
    for rec in consolidated.recommendations:
        theme = next((theme_of[i] for i in rec.issue_ids if i in theme_of), "")
        n = next((n for n, s in enumerate(SESSIONS) if theme in s[3]), len(SESSIONS) - 1)
        out[n].append(rec.recommendation_id)
    return [sorted(items, key=lambda r: -counts.get(r, 0)) for items in out]


def _actor(app: Assembly, account_id: UUID) -> Actor:
    """A delegate acting from their own phone, with the role their account holds."""
    account = app.load(account_id, Account)
    assert account is not None, account_id
    return Actor(
        Role(account.role),
        account_id=str(account_id),
        province_code=account.province_code,
        council_id=str(account.council_id) if account.council_id else None,
    )


def load(
    app: Assembly,
    councils: list[RegisterCouncil],
    consolidated: Consolidated,
    accounts: Mapping[str, UUID],
) -> int:
    """The meeting, once the demo has two recommendations or more (0 otherwise: a demo
    without proposals). `accounts` are the demo accounts by username. Returns the last
    notification id."""
    recs = [r.recommendation_id for r in consolidated.recommendations]
    if len(recs) < 2:
        return 0
    desk = Actor(Role.ORGANIZER, account_id=str(accounts["demo-organizer"]))
    counts = endorsements(app, recs, [council_id(c.code) for c in councils])
    placed = agendas(consolidated, counts)
    app.handle(SetMeetingDays(year_be=YEAR, days=list(DAYS)), desk)
    for n, ((day, starts_at, title, _), items) in enumerate(zip(SESSIONS, placed, strict=True)):
        sitting = SetSession(
            year_be=YEAR, session_id=session_id(n), day=day, starts_at=starts_at, title_th=title
        )
        app.handle(sitting, desk)
        agenda = SetSessionAgenda(
            year_be=YEAR, session_id=sitting.session_id, recommendation_ids=items
        )
        app.handle(agenda, desk)
    people = register(app, desk, accounts)
    first = next(n for n, items in enumerate(placed) if items)  # every one is on an agenda
    return morning(app, desk, session_id(first), placed[first], people)


def register(app: Assembly, desk: Actor, accounts: Mapping[str, UUID]) -> dict[str, UUID]:
    """The province's elected delegates, then the experts (their accounts opened by the
    organizers, as the registration page does), `demo-delegate` last. Returns every
    delegate's account by username (the elected ones as the demo accounts name them)."""
    people = dict(accounts)
    elected = app.load(provincial_meeting_id(YEAR, PROVINCE), ProvincialMeeting)
    for account in elected.delegates if elected else []:
        app.handle(RegisterDelegate(year_be=YEAR, account_id=account, province_code=PROVINCE), desk)
    for username, name in EXPERTS:
        opened = OpenAccount(role=Role.DELEGATE, account_id=uuid5(NAMESPACE, f"account|{username}"))
        create_user(app, opened, desk, username, secrets.token_urlsafe(24), name)
        people[username] = opened.account_id
    for username in [*(u for u, _ in EXPERTS), "demo-delegate"]:
        expert = RegisterDelegate(
            year_be=YEAR, account_id=people[username], kind=DelegateKind.EXPERT
        )
        app.handle(expert, desk)
    return people


def morning(
    app: Assembly, desk: Actor, sitting: UUID, items: list[UUID], people: Mapping[str, UUID]
) -> int:
    """The first session: check-ins at the door, the first item voted, closed and adopted,
    the vote on the second open with a few votes cast."""
    meeting = app.load(national_meeting_id(YEAR), NationalMeeting)
    assert meeting is not None
    absent = people.get(ABSENT)
    present = [a for a in meeting.delegates if a != absent]
    year: dict[str, Any] = {"year_be": YEAR}
    for account in present:
        code = meeting.delegates[account]["code"]
        app.handle(CheckIn(**year, session_id=sitting, code=code), desk)
    item: dict[str, Any] = {**year, "recommendation_id": items[0]}
    app.handle(OpenBallot(**item), desk)
    for account, choice in zip(present, FIRST_VOTES, strict=False):
        app.handle(CastVote(**item, choice=choice), _actor(app, account))
    app.handle(CloseBallot(**item), desk)
    last = app.handle(ResolveRecommendation(**item, outcome=Outcome.ADOPTED), desk)
    if len(items) < 2:
        return last
    item = {**year, "recommendation_id": items[1]}
    last = app.handle(OpenBallot(**item), desk)
    for username, choice in zip(SECOND_VOTERS, SECOND_VOTES, strict=True):
        if people.get(username) in present:  # demo-council: when Chiang Mai elected it
            last = app.handle(CastVote(**item, choice=choice), _actor(app, people[username]))
    return last

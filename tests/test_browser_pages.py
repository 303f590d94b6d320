"""Every page as each role sees it on a phone (360x740, Debian's Chromium): no sideways
scroll, no script error, and no two controls on a page that share an accessible name while
doing different things (a screen reader reads "เลือก, เลือก, เลือก" otherwise)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import pytest

from assembly.actors import SYSTEM, Actor, Role
from assembly.application import Assembly
from assembly.calendar import SetTimeline
from assembly.councils import council_id
from assembly.forum import Endorse, HideComment, PostComment, ReportComment
from assembly.meetings import ScheduleMeeting, SetAgenda
from assembly.settings import Settings
from assembly.submissions import ComposeSubmission, FinalizeSubmission
from assembly.thai import BANGKOK
from tests.conftest import (
    BKK,
    CM,
    COORDINATOR,
    SECRETARIAT,
    add_user,
    create_recommendation,
    issue,
    proposal,
    setup_world,
    wait_for_projections,
)
from tests.test_browser import live_server, page, sign_in
from tests.test_calendar_pages import notifications

__all__ = ["live_server", "page"]  # fixtures, picked up by name

# Each control's accessible name (as a screen reader would announce it, near enough) and what
# it does (where it leads or what it sends): the same name must not do two different things.
CONTROLS = """() => {
  const seen = [];
  // checkVisibility: the inside of a closed <details> has boxes but is not shown
  const shown = (el) => el.checkVisibility({ visibilityProperty: true });
  const all = 'a[href], button, input:not([type=hidden]), select, textarea';
  for (const el of document.querySelectorAll(all)) {
    if (!shown(el)) continue;
    let name = el.getAttribute('aria-label') || '';
    if (!name && el.labels && el.labels.length) name = el.labels[0].textContent;
    if (!name) name = el.innerText || el.value || el.getAttribute('title') || '';
    const form = el.closest('form');
    const sends = form ? (form.getAttribute('action') || form.getAttribute('hx-post')) : '';
    const does = el.getAttribute('href') || `${sends} ${el.name || ''}=${el.value || ''}`;
    seen.push([String(name).replace(/\\s+/g, ' ').trim(), String(does)]);
  }
  return seen;
}"""


def clashes(controls: list[list[str]]) -> dict[str, set[str]]:
    by_name: dict[str, set[str]] = {}
    for name, does in controls:
        by_name.setdefault(name, set()).add(does)
    return {name: does for name, does in by_name.items() if len(does) > 1}


@pytest.fixture
def scene(app: Assembly, settings: Settings) -> dict[str, str]:
    """Chiang Mai with proposals in every state, an issue, a recommendation (both talked
    about in the forum), one account a role."""
    setup_world(app)
    submitted = [proposal(app, CM[i % 3], title_th=f"ขอโฉนดชุมชนแปลงที่ {i}") for i in range(4)]
    draft = proposal(app, CM[0], submit=False, title_th="ร่างถนนเข้าหมู่บ้าน")
    held = issue(app, *submitted[:2])
    rec = create_recommendation(app, [held], title_th="ให้รัฐออกโฉนดชุมชน").recommendation_id
    forum(app, held, rec)
    draft_letter, final_letter = submissions(app, rec, held)
    council = add_user(app, "p-council", Role.COUNCIL, council_id=CM[0])
    add_user(app, "p-coord", Role.COORDINATOR, province_code="50")
    add_user(app, "p-secretariat", Role.SECRETARIAT)
    organizer = add_user(app, "p-organizer", Role.ORGANIZER)
    calendar(app)
    meeting: dict[str, Any] = {"year_be": 2569, "province_code": "50"}  # its agenda set
    when = {"starts_at": at("2027-02-15T09:00"), "place_th": "ศาลากลางจังหวัดเชียงใหม่"}
    app.handle(ScheduleMeeting(**meeting, **when), SYSTEM)
    app.handle(SetAgenda(**meeting, issue_ids=[held]), SYSTEM)
    for account in (council, organizer):
        notifications(settings, account, "scene", 3)
    add_user(app, "p-admin", Role.ADMIN)
    session = national_meeting(app, rec, add_user(app, "p-delegate", Role.DELEGATE))
    wait_for_projections(app)
    return {
        "session": session,
        "submitted": str(submitted[3]),
        "draft": str(draft),
        "issue": str(held),
        "rec": str(rec),
        "letter": draft_letter,
        "final": final_letter,
    }


def national_meeting(app: Assembly, rec: uuid.UUID, delegate: str) -> str:
    """The national meeting on the calendar's first national day: one session with the
    recommendation on its agenda, a delegate registered and checked in, the vote open."""
    from datetime import time

    from assembly.meetings import (
        CheckIn,
        DelegateKind,
        NationalMeeting,
        OpenBallot,
        RegisterDelegate,
        SetMeetingDays,
        SetSession,
        SetSessionAgenda,
        national_meeting_id,
    )

    app.handle(SetMeetingDays(year_be=2569, days=[date(2027, 5, 10)]), SYSTEM)
    session = SetSession(year_be=2569, day=date(2027, 5, 10), starts_at=time(9), title_th="ที่ดิน")
    app.handle(session, SYSTEM)
    sid = session.session_id
    app.handle(SetSessionAgenda(year_be=2569, session_id=sid, recommendation_ids=[rec]), SYSTEM)
    account = uuid.UUID(delegate)
    app.handle(RegisterDelegate(year_be=2569, account_id=account, kind=DelegateKind.EXPERT), SYSTEM)
    meeting = app.load(national_meeting_id(2569), NationalMeeting)
    assert meeting is not None
    app.handle(
        CheckIn(year_be=2569, session_id=sid, code=meeting.delegates[account]["code"]), SYSTEM
    )
    app.handle(OpenBallot(year_be=2569, recommendation_id=rec), SYSTEM)
    return str(sid)


def forum(app: Assembly, held: uuid.UUID, rec: uuid.UUID) -> None:
    """Comments of Chiang Mai's three councils on the issue (one hidden, one reported) and
    Bangkok's on the recommendation, each endorsing what it talked about."""
    councils = [
        Actor(Role.COUNCIL, account_id=str(uuid.uuid4()), council_id=str(c)) for c in [*CM, BKK]
    ]
    for n, (council, subject) in enumerate(zip(councils, [held] * 3 + [rec], strict=True)):
        said = PostComment(subject_id=subject, body_th=f"ความเห็นที่ {n + 1} ของสภาในเวทีออนไลน์")
        app.handle(said, council)
        app.handle(Endorse(subject_id=subject), council)
        if n == 1:
            app.handle(HideComment(comment_id=said.comment_id, reason_th="ทดสอบ"), COORDINATOR)
        if n == 2:
            app.handle(ReportComment(comment_id=said.comment_id), councils[0])


def at(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=BANGKOK)


def calendar(app: Assembly) -> None:
    """The whole year's calendar, the window amended once (the edition page lists it)."""
    plan = SetTimeline(
        year_be=2569,
        provincial_starts_at=at("2027-02-01T09:00"),
        provincial_ends_at=at("2027-03-31T16:30"),
        national_starts_at=at("2027-05-10T09:00"),
        national_ends_at=at("2027-05-12T16:00"),
        submission_due_at=at("2027-06-30T16:30"),
        answers_due_at=at("2027-12-30T16:30"),
    )
    app.handle(plan, SYSTEM)
    extended = SetTimeline(
        year_be=2569,
        proposals_starts_at=at("2026-11-01T00:00"),
        proposals_ends_at=at("2027-01-31T16:30"),
        reason_th="ขยายเวลาถึงเย็นวันสุดท้าย ให้สภาที่ประชุมกันในวันนั้นส่งได้ทัน",
    )
    app.handle(extended, SYSTEM)


def submissions(app: Assembly, rec: uuid.UUID, held: uuid.UUID) -> tuple[str, str]:
    """A draft submission to the Cabinet, and a province's letter finalized (its frozen
    document is not kept here: its pages build it from the read model)."""
    letter = {
        "subject_th": "ข้อเสนอแนะจากสมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี 2569",
        "to_th": "เลขาธิการคณะรัฐมนตรี",
        "signatory_id": uuid.uuid4(),
        "signatory_position": "ผู้อำนวยการ",
        "owner_unit": "สถาบันพัฒนาองค์กรชุมชน",
    }
    national = ComposeSubmission(year_be=2569, recommendation_ids=[rec], **letter)
    app.handle(national, SECRETARIAT)
    provincial = ComposeSubmission(year_be=2569, province_code="50", issue_ids=[held], **letter)
    app.handle(provincial, COORDINATOR)
    final = FinalizeSubmission(
        submission_id=provincial.submission_id,
        version=1,
        document_number="ชม 0001/1",
        dated=date(2026, 12, 1),
        document_sha256="0" * 64,
    )
    app.handle(final, COORDINATOR)
    return str(national.submission_id), str(provincial.submission_id)


PUBLIC = ["/", "/provinces", "/provinces/50", "/editions", "/editions/2569", "/national", "/login"]
PUBLIC += ["/claim", "/provinces/50/meeting/2569"]
LETTERS = ["/editions/2569/submissions", "/provinces/50/submissions", "/submissions/{final}"]
FORUM = ["/forum/2569/provinces/50", "/forum/2569/recommendations", "/forum/{issue}"]
PAGES = {
    None: [*PUBLIC, "/proposals/{submitted}", "/issues/{issue}", *LETTERS, *FORUM, "/forum/{rec}"],
    "p-council": [
        "/",
        "/proposals",
        "/proposals/new",
        "/proposals/{draft}",
        "/account",
        "/inbox",
        *FORUM,
        "/forum/{rec}",
        "/provinces/50/meeting/2569",
    ],
    "p-coord": [
        *FORUM,
        "/forum/2569/moderation",
        "/provinces/50/proposals",
        "/provinces/50/board",
        "/issues/{issue}",
        "/provinces/50/submissions",
        "/submissions/{final}",
        "/",
        "/provinces/50/meeting/2569",
        "/provinces/50/meeting/2569?person=p-",
    ],
    "p-secretariat": [
        "/national",
        "/provinces/50/proposals",
        "/editions/2569/submissions",
        "/submissions/{letter}",
        "/submissions/{letter}/preview",
        "/submissions/{letter}/versions",
        "/submissions/{final}/preview",
        "/letterhead",
    ],
    "p-organizer": [
        "/editions",
        "/editions/2569",
        "/editions/2569/timeline",
        "/inbox",
        f"/councils/{council_id('T500101')}",
        "/meetings/2569/national",
        "/meetings/2569/national/delegates",
        "/meetings/2569/national/door",
        "/meetings/2569/national/sessions/{session}",
        "/meetings/2569/national/sessions/{session}/agenda",
        "/forum/2569/moderation",
        "/forum/{rec}",
    ],
    "p-delegate": ["/", "/meeting"],
    "p-admin": ["/admin/accounts", "/admin/audit"],
}


@pytest.mark.parametrize("who", list(PAGES), ids=lambda w: w or "anonymous")
def test_every_page_fits_a_phone_and_names_its_controls(
    who: str | None, live_server: str, page: Any, scene: dict[str, str]
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    if who:
        sign_in(page, live_server, who)
    problems = []
    for path in PAGES[who]:
        url = live_server + path.format(**scene)
        response = page.goto(url)
        assert response is not None and response.status < 500, url
        if page.evaluate("document.documentElement.lang") != "th":
            problems.append(f"{path}: not lang=th")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            problems.append(f"{path}: {width} px wide")
        for name, does in clashes(page.evaluate(CONTROLS)).items():
            problems.append(f"{path}: “{name}” does {len(does)} different things")
    assert problems == [] and page.errors == []

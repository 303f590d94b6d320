"""Who may see what: the read policy (`assembly.visibility`) walked for every role over HTTP,
as test_security walks the write policy. The table is also written out here, so a change to
who sees what is a change to this file too."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from litestar.testing import TestClient

from assembly import visibility
from assembly.actors import ANONYMOUS, SYSTEM, Actor, Role
from assembly.application import Assembly
from assembly.consolidation import CreateIssue
from assembly.councils import RegisterCouncil, council_id
from assembly.editions import OpenEdition
from assembly.forum import HideComment, PostComment
from assembly.proposals import DraftProposal, ReturnProposal, SubmitProposal, WithdrawProposal
from assembly.responses import DraftAnswer
from assembly.submissions import ComposeSubmission
from assembly.thai import BANGKOK
from assembly.visibility import VISIBILITY, Seen
from tests.conftest import bearer, services_app, wait_for_projections
from tests.responses_scene import MOI, NESDC, resolved_scene

C50 = council_id("T500101")
C10 = council_id("T100101")
COUNCILS = [
    RegisterCouncil(
        code="T500101",
        name_th="สภาองค์กรชุมชนตำบลศรีภูมิ",
        province_code="50",
        district_code="5001",
        subdistrict_code="500101",
    ),
    RegisterCouncil(
        code="T100101",
        name_th="สภาองค์กรชุมชนแขวงพระบรมมหาราชวัง",
        province_code="10",
        district_code="1001",
        subdistrict_code="100101",
    ),
]
ACTORS: dict[str, Actor] = {
    "anonymous": ANONYMOUS,
    "council": Actor(Role.COUNCIL, province_code="50", council_id=str(C50)),
    "coordinator-50": Actor(Role.COORDINATOR, province_code="50"),
    "coordinator-10": Actor(Role.COORDINATOR, province_code="10"),
    "organizer": Actor(Role.ORGANIZER),
    "secretariat": Actor(Role.SECRETARIAT),
    "agency": Actor(Role.AGENCY, agency="มท."),
    "admin": Actor(Role.ADMIN),
}
SIGNED_IN = set(ACTORS) - {"anonymous"}

# The table as it stands, for things of province 50 (of council C50).
SEES: dict[Seen, set[str]] = {
    Seen.OWN_PROPOSALS: {"council"},
    Seen.QUEUE: {"coordinator-50", "organizer", "secretariat", "admin"},
    Seen.BOARD: {"coordinator-50", "organizer", "admin"},
    Seen.SUGGESTIONS: {"coordinator-50", "organizer", "admin"},
    Seen.SIMILAR: SIGNED_IN - {"agency"},
    Seen.INVITATIONS: {"coordinator-50", "organizer", "admin"},
    Seen.ACCOUNTS: {"admin"},
    Seen.AUDIT: {"admin"},
    Seen.NATIONAL_DRAFTS: {"organizer", "secretariat", "admin"},
    Seen.PROVINCIAL_DRAFTS: {"coordinator-50", "organizer", "secretariat", "admin"},
    Seen.AGENCY_WORK: {"secretariat", "admin", "agency"},  # the agency: its own (มท.) only
    Seen.FORUM_MODERATION: {"coordinator-50", "organizer", "admin"},
}

# Proposals in every state: (status, council, entered on the council's behalf).
PROPOSALS = {
    "draft-50": ("draft", C50, False),
    "paper-draft-50": ("draft", C50, True),
    "draft-10": ("draft", C10, False),
    "submitted-50": ("submitted", C50, False),
    "returned-50": ("returned", C50, False),
    "withdrawn-50": ("withdrawn", C50, False),
    "consolidated-50": ("consolidated", C50, False),
    "submitted-10": ("submitted", C10, False),
    "withdrawn-10": ("withdrawn", C10, False),
}
PUBLIC = {"submitted-50", "returned-50", "consolidated-50", "submitted-10"}
NOT_DRAFTS = {name for name, (status, _, _) in PROPOSALS.items() if status != "draft"}
SEES_PROPOSALS: dict[str, set[str]] = {
    "anonymous": PUBLIC,
    "agency": PUBLIC,
    "council": PUBLIC | {"draft-50", "paper-draft-50", "withdrawn-50"},
    "coordinator-50": PUBLIC | {"paper-draft-50", "withdrawn-50"},
    "coordinator-10": PUBLIC | {"withdrawn-10"},
    "organizer": NOT_DRAFTS,
    "secretariat": NOT_DRAFTS,
    "admin": NOT_DRAFTS,
}

CONTENT = {
    "title_th": "ถนนเข้าหมู่บ้านชำรุด",
    "problem_th": "ถนนลูกรังเป็นหลุมบ่อ ฤดูฝนสัญจรไม่ได้",
    "recommendation_th": "ให้ท้องถิ่นซ่อมถนนและทำรางระบายน้ำ",
    "category": "land",
    "level": "tambon",
    "affected_households": 40,
}


def _world(app: Assembly) -> dict[str, uuid.UUID]:
    """Councils in provinces 50 and 10, the 2569 edition, and a proposal in every state."""
    for council in COUNCILS:
        app.handle(council, SYSTEM)
    app.handle(
        OpenEdition(
            year_be=2569,
            title_th="สมัชชา 2569",
            proposal_opens_at=datetime(2026, 11, 1, 8, 30, tzinfo=BANGKOK),
            proposal_closes_at=datetime(2027, 1, 31, 16, 30, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )
    made = {}
    for name, (status, council, on_behalf) in PROPOSALS.items():
        author = ACTORS["coordinator-50"] if on_behalf else SYSTEM
        command = DraftProposal(year_be=2569, council_id=council, **CONTENT)
        app.handle(command, author)
        pid = made[name] = command.proposal_id
        if status != "draft":
            app.handle(SubmitProposal(proposal_id=pid), SYSTEM)
        if status == "returned":
            app.handle(ReturnProposal(proposal_id=pid, reason_th="ขอข้อมูลเพิ่มเติม"), SYSTEM)
        if status == "withdrawn":
            app.handle(WithdrawProposal(proposal_id=pid), SYSTEM)
    issue = CreateIssue(
        year_be=2569, province_code="50", title_th="ถนน", proposal_ids=[made["consolidated-50"]]
    )
    app.handle(issue, SYSTEM)
    return made


def _tokens(client: TestClient[Any]) -> dict[str, dict[str, str]]:
    tokens: dict[str, dict[str, str]] = {"anonymous": {}}
    for who, actor in ACTORS.items():
        if actor.role is Role.ANONYMOUS:
            continue
        scope: dict[str, Any] = {}
        if actor.council_id:
            scope["council_id"] = uuid.UUID(actor.council_id)
        elif actor.role is Role.COORDINATOR:
            scope["province_code"] = actor.province_code
        elif actor.agency:
            scope["agency"] = actor.agency
        tokens[who] = bearer(client, f"sees-{who}", actor.role, **scope)
    return tokens


def test_the_table_is_what_it_says() -> None:
    assert set(SEES) == set(VISIBILITY), "a new entry in the read policy: add it here"
    for seen, allowed in SEES.items():
        found = {who for who, a in ACTORS.items() if visibility.sees(a, seen, province_code="50")}
        assert found == allowed, seen
    for who, actor in ACTORS.items():
        found = {
            name
            for name, (status, council, on_behalf) in PROPOSALS.items()
            if visibility.sees_proposal(
                actor,
                status=status,
                council_id=str(council),
                province_code="50" if council == C50 else "10",
                on_behalf=on_behalf,
            )
        }
        assert found == SEES_PROPOSALS[who], who


def test_every_page_and_list_of_the_table_with_every_role_over_http(
    client: TestClient[Any],
) -> None:
    app = services_app(client)
    made = _world(app)
    wait_for_projections(app)
    national, provincial = (
        ComposeSubmission(year_be=2569),
        ComposeSubmission(year_be=2569, province_code="50"),
    )
    for draft in (national, provincial):
        app.handle(draft, SYSTEM)
    wait_for_projections(app)
    tokens = _tokens(client)
    routes = {
        Seen.OWN_PROPOSALS: "/proposals",
        Seen.QUEUE: "/provinces/50/proposals",
        Seen.BOARD: "/provinces/50/board",
        Seen.SUGGESTIONS: "/api/v1/editions/2569/provinces/50/suggestions",
        Seen.SIMILAR: f"/api/v1/proposals/{made['submitted-50']}/similar",
        Seen.INVITATIONS: f"/api/v1/councils/{C50}/invitations",
        Seen.ACCOUNTS: "/api/v1/accounts",
        Seen.AUDIT: "/api/v1/audit",
        Seen.NATIONAL_DRAFTS: f"/api/v1/submissions/{national.submission_id}",
        Seen.PROVINCIAL_DRAFTS: f"/api/v1/submissions/{provincial.submission_id}",
        Seen.AGENCY_WORK: "/agencies/moi/work",
        Seen.FORUM_MODERATION: "/forum/2569/moderation?province=50",
    }
    assert set(routes) == set(VISIBILITY), "every entry of the read policy has a route here"
    failures = []
    for seen, path in routes.items():
        for who in ACTORS:
            status = client.get(path, headers=tokens[who]).status_code
            want = 200 if who in SEES[seen] else 401 if who == "anonymous" else 403
            if status != want:
                failures.append(f"{seen.value} by {who}: {status}, not {want}")
    # The province page links to the board and the queue for those who may open the board.
    for who in ACTORS:
        shown = '/provinces/50/board"' in client.get("/provinces/50", headers=tokens[who]).text
        if shown != (who in SEES[Seen.BOARD]):
            failures.append(f"province page's board link for {who}: {shown}")
    assert failures == []


def test_every_proposal_with_every_role_over_http(client: TestClient[Any]) -> None:
    app = services_app(client)
    made = _world(app)
    wait_for_projections(app)
    tokens = _tokens(client)
    names = {str(pid): name for name, pid in made.items()}
    failures = []
    for who in ACTORS:
        for name, pid in made.items():
            found = client.get(f"/api/v1/proposals/{pid}", headers=tokens[who]).status_code
            if found != (200 if name in SEES_PROPOSALS[who] else 404):
                failures.append(f"{name} by {who}: {found}")
        listed = client.get("/api/v1/editions/2569/proposals", headers=tokens[who]).json()
        seen = {names[p["id"]] for p in listed["items"]}
        if seen != SEES_PROPOSALS[who]:
            failures.append(f"list by {who}: {sorted(seen)}")
    assert failures == []


def test_the_loop_back_with_every_role_over_http(client: TestClient[Any]) -> None:
    """Drafts planted by two agencies: each shows only to its own agency and the
    secretariat (and admin), never on a public page; another agency's work is refused."""
    scene = resolved_scene(client)
    rec = scene.recs[0]
    scene.app.handle(DraftAnswer(recommendation_id=rec, agency="moi", opinion_th="ร่างลับของมท"), MOI)
    scene.app.handle(
        DraftAnswer(recommendation_id=rec, agency="nesdc", opinion_th="ร่างลับของสศช"), NESDC
    )
    wait_for_projections(scene.app)
    tokens = _tokens(client)
    staff = {"secretariat", "admin"}
    public = [
        f"/recommendations/{rec}",
        f"/api/v1/recommendations/{rec}",
        f"/api/v1/recommendations/{rec}/opinions",
        f"/submissions/{scene.submission_id}/resolution",
        f"/api/v1/submissions/{scene.submission_id}/resolution",
        f"/proposals/{scene.proposals[0]}",
        f"/api/v1/proposals/{scene.proposals[0]}",
        "/api/v1/agencies",
    ]
    failures = []
    for who in ACTORS:
        for path in public:
            got = client.get(path, headers=tokens[who])
            if got.status_code != 200:
                failures.append(f"{path} by {who}: {got.status_code}")
            mine = "ร่างลับของมท" in got.text
            theirs = "ร่างลับของสศช" in got.text
            drafts_here = path.startswith(("/recommendations", "/api/v1/recommendations"))
            if mine != (drafts_here and who in staff | {"agency"}):
                failures.append(f"{path} by {who}: มท.'s draft shown={mine}")
            if theirs != (drafts_here and who in staff):
                failures.append(f"{path} by {who}: สศช.'s draft shown={theirs}")
        for path, allowed in (
            ("/agencies/moi/work", staff | {"agency"}),
            ("/agencies/nesdc/work", staff),
            ("/api/v1/agencies/moi/assignments", staff | {"agency"}),
            ("/api/v1/agencies/nesdc/assignments", staff),
        ):
            status = client.get(path, headers=tokens[who]).status_code
            want = 200 if who in allowed else 401 if who == "anonymous" else 403
            if status != want:
                failures.append(f"{path} by {who}: {status}, not {want}")
    assert failures == []


def test_the_forum_with_every_role_over_http(client: TestClient[Any]) -> None:
    """A hidden comment of council C50: its words and the reason only for its author council
    and its moderators (province 50's coordinator, organizers, admin); everyone else, the
    public included, sees the placeholder. The forum's pages are public."""
    app = services_app(client)
    _world(app)
    draft = DraftProposal(year_be=2569, council_id=C50, **CONTENT)
    app.handle(draft, SYSTEM)
    app.handle(SubmitProposal(proposal_id=draft.proposal_id), SYSTEM)
    made = CreateIssue(
        year_be=2569, province_code="50", title_th="ป่า", proposal_ids=[draft.proposal_id]
    )
    app.handle(made, SYSTEM)
    issue_id = made.issue_id
    post = PostComment(subject_id=issue_id, body_th="ถ้อยคำที่ถูกซ่อน")
    app.handle(post, ACTORS["council"])
    app.handle(HideComment(comment_id=post.comment_id, reason_th="เหตุผลของผู้ดูแล"), SYSTEM)
    wait_for_projections(app)
    tokens = _tokens(client)
    sees_words = {"council", "coordinator-50", "organizer", "admin"}
    failures = []
    for who in ACTORS:
        for path in (f"/forum/{issue_id}", f"/api/v1/forum/{issue_id}/comments"):
            got = client.get(path, headers=tokens[who])
            if got.status_code != 200:
                failures.append(f"{path} by {who}: {got.status_code}")
            if ("ถ้อยคำที่ถูกซ่อน" in got.text) != (who in sees_words):
                failures.append(f"{path} by {who}: words shown={who not in sees_words}")
            if ("เหตุผลของผู้ดูแล" in got.text) != (who in sees_words):
                failures.append(f"{path} by {who}: reason shown={who not in sees_words}")
        for path in ("/forum/2569/provinces/50", "/forum/2569/recommendations"):
            if client.get(path, headers=tokens[who]).status_code != 200:
                failures.append(f"{path} by {who}")
    assert failures == []

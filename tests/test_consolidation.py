"""Consolidation: provincial issues (create, attach, detach, move, merge, split, dissolve,
revise, rank), national recommendations, provenance both ways, as-it-stood replay, and every
bad input the issue names, through `handle` and through the JSON API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
from litestar.testing import TestClient

from assembly.actors import SYSTEM, Actor, Role
from assembly.application import Assembly
from assembly.consolidation import (
    AttachProposal,
    CreateIssue,
    DetachProposal,
    DissolveIssue,
    IssueStatus,
    MergeIssues,
    MoveProposal,
    ProvincialIssue,
    RankIssues,
    RejectSuggestion,
    ReviseIssue,
    SplitIssue,
    as_of,
)
from assembly.councils import council_id
from assembly.editions import FinalizeEdition
from assembly.errors import Conflict, Forbidden, Invalid
from assembly.proposals import Proposal, Status, WithdrawProposal
from assembly.recommendations import (
    CreateRecommendation,
)
from assembly.settings import Settings
from assembly.thai import BANGKOK
from projections.runner import ProjectionRunner
from tests.conftest import (
    BKK,
    CM,
    COORDINATOR,
    SECRETARIAT,
    FakeClock,
    bearer,
    create_recommendation,
    import_councils,
    issue,
    login,
    open_edition,
    proposal,
    rows,
    services_app,
    setup_world,
    wait_for_projections,
)

OTHER_COORDINATOR = Actor(Role.COORDINATOR, account_id=str(uuid.uuid4()), province_code="50")
FAR_COORDINATOR = Actor(Role.COORDINATOR, account_id=str(uuid.uuid4()), province_code="10")


def load_issue(app: Assembly, issue_id: uuid.UUID) -> ProvincialIssue:
    found = app.load(issue_id, ProvincialIssue)
    assert found is not None
    return found


def load_proposal(app: Assembly, proposal_id: uuid.UUID) -> Proposal:
    found = app.load(proposal_id, Proposal)
    assert found is not None
    return found


# --- the write side ---


def test_create_takes_proposals_in_and_never_rewrites_them(world: Assembly) -> None:
    a, b = proposal(world), proposal(world, CM[1], title_th="ที่ดินทับซ้อนเขตป่า")
    before = load_proposal(world, a).content
    iid = issue(world, a, b)
    found = load_issue(world, iid)
    assert found.proposal_ids == [a, b] and found.status is IssueStatus.OPEN
    for pid in (a, b):
        p = load_proposal(world, pid)
        assert p.status is Status.CONSOLIDATED and p.issue_id == iid
    assert load_proposal(world, a).content == before


@pytest.mark.parametrize(
    ("make", "error", "code"),
    [
        (lambda app: proposal(app, BKK), Invalid, "other_province"),
        (lambda app: proposal(app, submit=False), Conflict, "not_submitted"),
        (lambda app: _withdrawn(app), Conflict, "not_submitted"),
        (lambda app: _in_issue(app), Conflict, "already_in_issue"),
    ],
    ids=["other-province", "draft", "withdrawn", "already-in-another-issue"],
)
def test_attach_refuses_what_cannot_be_taken(
    world: Assembly, make: Any, error: type[Exception], code: str
) -> None:
    iid = issue(world, proposal(world))
    bad = make(world)
    version = load_issue(world, iid).version
    with pytest.raises(error) as refused:
        world.handle(AttachProposal(issue_id=iid, proposal_id=bad), COORDINATOR)
    assert refused.value.code == code  # type: ignore[attr-defined]
    assert load_issue(world, iid).version == version  # nothing changed
    with pytest.raises(error):
        issue(world, bad)  # nor can a new issue take it


def _withdrawn(app: Assembly) -> uuid.UUID:
    pid = proposal(app)
    app.handle(WithdrawProposal(proposal_id=pid), SYSTEM)
    return pid


def _in_issue(app: Assembly) -> uuid.UUID:
    pid = proposal(app, CM[2])
    issue(app, pid, title="อีกประเด็น")
    return pid


def test_a_proposal_in_another_issue_is_moved_explicitly(world: Assembly) -> None:
    a, b, c = proposal(world), proposal(world, CM[1]), proposal(world, CM[2])
    first, second = issue(world, a, b), issue(world, c, title="น้ำ")
    world.handle(MoveProposal(proposal_id=b, to_issue_id=second), COORDINATOR)
    assert load_issue(world, first).proposal_ids == [a]
    assert load_issue(world, second).proposal_ids == [c, b]
    assert load_proposal(world, b).issue_id == second
    # the last proposal of an issue is not moved away (merge the two instead)
    with pytest.raises(Conflict, match="รวมประเด็น"):
        world.handle(MoveProposal(proposal_id=a, to_issue_id=second), COORDINATOR)


def test_merge_keeps_every_proposal_and_its_lineage(world: Assembly) -> None:
    a, b, c = proposal(world), proposal(world, CM[1]), proposal(world, CM[2])
    first, second = issue(world, a, b), issue(world, c, title="น้ำท่วม")
    with pytest.raises(Invalid, match="ตัวเอง"):
        world.handle(MergeIssues(issue_id=first, into_issue_id=first), COORDINATOR)
    world.handle(MergeIssues(issue_id=second, into_issue_id=first), COORDINATOR)
    merged, kept = load_issue(world, second), load_issue(world, first)
    assert merged.status is IssueStatus.MERGED and merged.merged_into == first
    assert kept.proposal_ids == [a, b, c]
    history = [type(e).__name__ for e in world.events.get(c)]
    assert history[-2:] == ["Consolidated", "Consolidated"]  # into `second`, then into `first`
    with pytest.raises(Conflict, match="รวมเข้ากับประเด็นอื่นแล้ว"):
        world.handle(AttachProposal(issue_id=second, proposal_id=proposal(world)), COORDINATOR)


def test_split_detach_and_dissolve(world: Assembly) -> None:
    a, b, c = proposal(world), proposal(world, CM[1]), proposal(world, CM[2])
    iid = issue(world, a, b, c)
    with pytest.raises(Invalid, match="อย่างน้อยหนึ่งรายการ"):
        world.handle(SplitIssue(issue_id=iid, proposal_ids=[a, b, c], title_th="ใหม่"), COORDINATOR)
    split = SplitIssue(issue_id=iid, proposal_ids=[c], title_th="ป่าชุมชน")
    world.handle(split, COORDINATOR)
    assert load_issue(world, iid).proposal_ids == [a, b]
    assert load_issue(world, split.new_issue_id).split_from == iid
    assert load_proposal(world, c).issue_id == split.new_issue_id
    world.handle(DetachProposal(issue_id=iid, proposal_id=b), COORDINATOR)
    assert load_proposal(world, b).status is Status.SUBMITTED
    with pytest.raises(Conflict, match="อย่างน้อยหนึ่งรายการ"):
        world.handle(DetachProposal(issue_id=iid, proposal_id=a), COORDINATOR)
    world.handle(DissolveIssue(issue_id=iid), COORDINATOR)
    assert load_issue(world, iid).status is IssueStatus.DISSOLVED
    assert load_proposal(world, a).status is Status.SUBMITTED
    issue(world, a, b, title="ตั้งใหม่")  # free again


def test_two_coordinators_editing_one_issue_lose_nothing(world: Assembly) -> None:
    iid = issue(world, proposal(world))
    version = load_issue(world, iid).version
    world.handle(ReviseIssue(issue_id=iid, version=version, title_th="ฉบับของคนแรก"), COORDINATOR)
    with pytest.raises(Conflict) as stale:
        world.handle(
            ReviseIssue(issue_id=iid, version=version, title_th="ฉบับของคนที่สอง"),
            OTHER_COORDINATOR,
        )
    assert stale.value.code == "stale"
    assert load_issue(world, iid).title_th == "ฉบับของคนแรก"
    # attaching different proposals at once: both land (the second decides again)
    world.handle(AttachProposal(issue_id=iid, proposal_id=proposal(world, CM[1])), COORDINATOR)
    world.handle(
        AttachProposal(issue_id=iid, proposal_id=proposal(world, CM[2])), OTHER_COORDINATOR
    )
    assert len(load_issue(world, iid).proposal_ids) == 3


def test_scope_and_ranking(world: Assembly) -> None:
    a, b = proposal(world), proposal(world, CM[1])
    with pytest.raises(Forbidden):
        world.handle(
            CreateIssue(year_be=2569, province_code="50", title_th="x", proposal_ids=[a]),
            FAR_COORDINATOR,
        )
    first, second = issue(world, a), issue(world, b, title="น้ำ")
    world.handle(
        RankIssues(year_be=2569, province_code="50", issue_ids=[second, first]), COORDINATOR
    )
    with pytest.raises(Invalid):
        world.handle(
            RankIssues(year_be=2569, province_code="50", issue_ids=[first, first]), COORDINATOR
        )
    with pytest.raises(Forbidden):
        world.handle(
            RankIssues(year_be=2569, province_code="50", issue_ids=[first]), FAR_COORDINATOR
        )


def test_nothing_changes_after_the_submission_was_finalized(world: Assembly) -> None:
    a, b = proposal(world), proposal(world, CM[1])
    iid = issue(world, a)
    world.handle(FinalizeEdition(year_be=2569), SECRETARIAT)
    world.handle(FinalizeEdition(year_be=2569), SECRETARIAT)  # twice: no-op
    for command in (
        AttachProposal(issue_id=iid, proposal_id=b),
        ReviseIssue(issue_id=iid, version=load_issue(world, iid).version, title_th="แก้"),
        CreateIssue(year_be=2569, province_code="50", title_th="ใหม่", proposal_ids=[b]),
        DissolveIssue(issue_id=iid),
        RejectSuggestion(year_be=2569, province_code="50", proposal_ids=[a, b]),
    ):
        with pytest.raises(Conflict) as frozen:
            world.handle(command, COORDINATOR)
        assert frozen.value.code == "finalized"
    with pytest.raises(Conflict):
        world.handle(
            CreateRecommendation(year_be=2569, title_th="x", text_th="y", issue_ids=[iid]),
            SECRETARIAT,
        )


def test_as_it_stood_replays_the_events(world: Assembly, clock: FakeClock) -> None:
    a, b = proposal(world), proposal(world, CM[1])
    iid = issue(world, a)
    # eventsourcing stamps events with the real time: take the moment between two commands
    created_at = list(world.events.get(iid))[-1].timestamp  # type: ignore[attr-defined]
    world.handle(AttachProposal(issue_id=iid, proposal_id=b), COORDINATOR)
    then = as_of(world, iid, created_at)
    assert isinstance(then, ProvincialIssue) and then.proposal_ids == [a]
    assert as_of(world, iid, datetime(2020, 1, 1, tzinfo=BANGKOK)) is None


# --- the read side and the API ---


@pytest.fixture
def api(client: TestClient[Any]) -> tuple[TestClient[Any], Assembly, dict[str, str]]:
    app = services_app(client)
    return client, app, bearer(client, "coord50", Role.COORDINATOR, province_code="50")


def test_api_create_list_show_and_provenance_both_ways(
    api: tuple[TestClient[Any], Assembly, dict[str, str]], settings: Settings
) -> None:
    client, app, headers = api
    setup_world(app)
    a, b = proposal(app), proposal(app, CM[1], affected_households=7)
    response = client.post(
        "/api/v1/editions/2569/provinces/50/issues",
        json={"title_th": "ที่ดินทำกิน", "proposal_ids": [str(a), str(b)]},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    iid = response.json()["id"]
    shown = client.get(f"/api/v1/issues/{iid}").json()
    assert shown["issue"]["proposal_count"] == 2
    assert shown["issue"]["council_count"] == 2
    assert shown["issue"]["households"] == 10 + 7
    assert {p["id"] for p in shown["proposals"]} == {str(a), str(b)}
    listed = client.get("/api/v1/editions/2569/provinces/50/issues").json()["items"]
    assert [i["id"] for i in listed] == [iid]
    # up: from the proposal to its issue and, once there is one, the recommendation
    secretariat = bearer(client, "sec", Role.SECRETARIAT)
    made = client.post(
        "/api/v1/editions/2569/recommendations",
        json={
            "title_th": "เร่งออกโฉนดชุมชน",
            "text_th": "ให้รัฐ",
            "issue_ids": [iid],
            "agencies": ["กรมป่าไม้"],
        },
        headers=secretariat,
    )
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    up = client.get(f"/api/v1/proposals/{a}/provenance").json()
    assert up["status"] == "consolidated"
    assert up["issue"]["id"] == iid and [r["id"] for r in up["recommendations"]] == [rid]
    # down: from the recommendation to every issue, proposal and council, with counts
    down = client.get(f"/api/v1/recommendations/{rid}").json()
    assert down["recommendation"]["backing"] == {
        "provinces": 1,
        "issues": 1,
        "councils": 2,
        "proposals": 2,
        "households": 17,
    }
    assert {p["id"] for p in down["issues"][0]["proposals"]} == {str(a), str(b)}
    assert len(down["councils"]) == 2
    board = client.get("/api/v1/editions/2569/national").json()
    assert board["themes"][0]["provinces"] == {"50": 1}
    assert board["totals"]["proposals"] == 2
    assert rows(settings, "SELECT count(*) FROM issue_history")[0][0] == 1


def test_api_merge_follows_into_recommendations(
    api: tuple[TestClient[Any], Assembly, dict[str, str]],
) -> None:
    client, app, headers = api
    setup_world(app)
    first = issue(app, proposal(app))
    second = issue(app, proposal(app, CM[1]), title="น้ำ")
    rec = create_recommendation(app, [second], SECRETARIAT, title_th="ร", text_th="ให้")
    merged = client.post(
        f"/api/v1/issues/{second}/merge", json={"into_issue_id": str(first)}, headers=headers
    )
    assert merged.status_code == 200, merged.text
    assert merged.json()["id"] == str(first)
    down = client.get(f"/api/v1/recommendations/{rec.recommendation_id}").json()
    assert [i["issue"]["id"] for i in down["issues"]] == [str(first)]
    assert down["recommendation"]["backing"]["proposals"] == 2
    itself = client.post(
        f"/api/v1/issues/{first}/merge", json={"into_issue_id": str(first)}, headers=headers
    )
    assert itself.status_code == 422 and itself.json()["error"]["message_th"]


def test_api_bad_input_is_refused_in_thai_and_changes_nothing(
    api: tuple[TestClient[Any], Assembly, dict[str, str]], settings: Settings
) -> None:
    client, app, headers = api
    setup_world(app)
    a = proposal(app)
    far = proposal(app, BKK)
    draft = proposal(app, CM[1], submit=False)
    iid = issue(app, a)
    wait_for_projections(app)
    before = rows(settings, "SELECT count(*) FROM issue_history")[0][0]
    cases = [
        ("post", f"/api/v1/issues/{iid}/proposals", {"proposal_id": str(far)}, 422),
        ("post", f"/api/v1/issues/{iid}/proposals", {"proposal_id": str(draft)}, 409),
        ("post", f"/api/v1/issues/{iid}/proposals", {"proposal_id": "not-a-uuid"}, 422),
        ("post", f"/api/v1/issues/{iid}/proposals", {}, 422),
        ("post", f"/api/v1/issues/{uuid.uuid4()}/proposals", {"proposal_id": str(a)}, 404),
        (
            "post",
            "/api/v1/editions/2569/provinces/50/issues",
            {"title_th": "x", "proposal_ids": []},
            422,
        ),
        (
            "post",
            "/api/v1/editions/2569/provinces/50/issues",
            {"title_th": " ", "proposal_ids": [str(a)]},
            422,
        ),
        (
            "post",
            "/api/v1/editions/2569/provinces/10/issues",
            {"title_th": "x", "proposal_ids": [str(far)]},
            403,
        ),
        ("put", f"/api/v1/issues/{iid}", {"version": 99, "title_th": "ใหม่"}, 409),
        ("put", f"/api/v1/issues/{iid}", {"version": 1, "title_th": "x" * 301}, 422),
    ]
    for method, path, body, status in cases:
        response = getattr(client, method)(path, json=body, headers=headers)
        assert response.status_code == status, (path, body, response.text)
        assert response.json()["error"]["message_th"], response.text
    assert rows(settings, "SELECT count(*) FROM issue_history")[0][0] == before
    bad_moment = client.get(f"/api/v1/issues/{iid}/as-of?at=yesterday")
    assert bad_moment.status_code == 422


def test_api_as_it_stood_with_a_diff_against_now(
    api: tuple[TestClient[Any], Assembly, dict[str, str]],
) -> None:
    client, app, headers = api
    setup_world(app)
    a, b = proposal(app), proposal(app, CM[1])
    iid = issue(app, a)
    moment = list(app.events.get(iid))[-1].timestamp.isoformat()  # type: ignore[attr-defined]
    client.post(f"/api/v1/issues/{iid}/proposals", json={"proposal_id": str(b)}, headers=headers)
    later = issue(app, proposal(app, CM[2]), title="เกิดทีหลัง")
    wait_for_projections(app)
    stood = client.get(
        f"/api/v1/editions/2569/provinces/50/as-of?at={moment}"
    ).json()  # unencoded +
    by_id = {i["id"]: i for i in stood["issues"]}
    assert by_id[str(iid)]["proposal_ids"] == [str(a)]
    assert by_id[str(iid)]["added_since"] == [str(b)]
    assert by_id[str(later)]["existed"] is False
    one = client.get(f"/api/v1/issues/{iid}/as-of", params={"at": moment}).json()
    assert one["issues"][0]["existed"] is True


def test_projection_rebuild_gives_the_same_consolidation(
    world: Assembly, settings: Settings
) -> None:
    a, b, c = proposal(world), proposal(world, CM[1]), proposal(world, CM[2])
    first, second = issue(world, a, b), issue(world, c, title="น้ำ")
    world.handle(MergeIssues(issue_id=second, into_issue_id=first), COORDINATOR)
    create_recommendation(world, [first], SECRETARIAT, title_th="ร", text_th="ให้")
    runner = ProjectionRunner(settings, world)
    runner.catch_up()
    query = "SELECT id, status, proposal_count, council_count, households FROM issues ORDER BY id"
    kept = "SELECT id, provinces, issues, councils, proposals, households FROM recommendations"
    world.handle(AttachProposal(issue_id=first, proposal_id=proposal(world, CM[1])), COORDINATOR)
    runner.catch_up()
    backing = rows(settings, kept)
    assert [r[1:] for r in backing] == [(1, 1, 3, 4, 40)]  # recounted after the attach
    before = (
        rows(settings, query),
        rows(settings, "SELECT * FROM recommendation_issues"),
        backing,
    )
    runner.rebuild()
    after = (
        rows(settings, query),
        rows(settings, "SELECT * FROM recommendation_issues"),
        rows(settings, kept),
    )
    assert after == before
    runner.stop()


# --- pages ---


def test_board_pages_create_attach_and_refuse_in_thai(client: TestClient[Any]) -> None:
    app = services_app(client)
    setup_world(app)
    a, b, c = proposal(app), proposal(app, CM[1]), proposal(app, CM[2])
    far = proposal(app, BKK)
    wait_for_projections(app)
    assert client.get("/provinces/50/board").status_code == 401
    council = bearer(client, "council-board", Role.COUNCIL, council_id=CM[0])
    assert client.get("/provinces/50/board", headers=council).status_code == 403
    token = login(client, "coord-board", Role.COORDINATOR, province_code="50")
    board = client.get("/provinces/50/board")
    assert board.status_code == 200 and "ข้อเสนอที่ยังไม่ได้รวม" in board.text
    assert str(a) in board.text and str(far) not in board.text
    created = client.post(
        "/provinces/50/board/issues",
        data={"_csrf": token, "title_th": "ที่ดินทำกิน", "proposal_ids": [str(a), str(b)]},
    )
    assert created.status_code == 200 and "ที่ดินทำกิน" in created.text  # followed the 303
    iid = client.get("/api/v1/editions/2569/provinces/50/issues").json()["items"][0]["id"]
    # keyboard way: choose the issue in a list; htmx gets the board fragment back
    attached = client.post(
        "/provinces/50/board/attach",
        data={"issue_id": iid, "proposal_id": str(c)},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert attached.status_code == 200 and 'id="board"' in attached.text
    assert "<html" not in attached.text
    refused = client.post(
        f"/issues/{iid}/attach",
        data={"proposal_id": str(far)},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert refused.status_code == 422 and "จังหวัดอื่น" in refused.text
    odd_back = client.post(  # a crafted `back` never breaks the answer
        f"/issues/{iid}/attach",
        data={"_csrf": token, "proposal_id": str(far), "back": "/issues/not-a-uuid-at-all"},
    )
    assert odd_back.status_code == 422 and "จังหวัดอื่น" in odd_back.text
    no_title = client.post(
        "/provinces/50/board/issues", data={"_csrf": token, "proposal_ids": [str(far)]}
    )
    assert no_title.status_code == 422 and "ชื่อประเด็น" in no_title.text
    page = client.get(f"/issues/{iid}")
    assert page.status_code == 200 and "ความเป็นมา" in page.text and "เพิ่มข้อเสนอ" in page.text
    stood = client.get(f"/issues/{iid}", params={"at": "2000-01-01T00:00"})
    assert stood.status_code == 200 and "ประเด็นนี้ยังไม่มี" in stood.text
    shown = client.get(f"/proposals/{a}")
    assert "ปลายทางของข้อเสนอ" in shown.text and f"/issues/{iid}" in shown.text


def test_demo_consolidation_plans_valid_issues_and_recommendations(
    app: Assembly, settings: Settings
) -> None:
    from web import demo, demo_consolidation, demo_proposals

    councils = demo.demo_councils()[::40]  # about 200 councils over the country
    open_edition(app)
    import_councils(app, councils)
    demo_proposals.load(app, councils, 400)
    province_of = {council_id(c.code): c.province_code for c in councils}
    taken = demo_consolidation.submitted(demo_proposals.plan(councils, 400), province_of)
    assert 250 < len(taken) < 400  # most are submitted; the rest drafts, returned, withdrawn
    demo_consolidation.load(app, taken)  # every command valid: handle raises otherwise
    ProjectionRunner(settings, app).catch_up()
    consolidated = rows(settings, "SELECT count(*) FROM proposals WHERE status = 'consolidated'")
    in_issues = rows(settings, "SELECT sum(proposal_count) FROM issues WHERE status = 'open'")
    assert consolidated[0][0] == in_issues[0][0] > 0.4 * len(taken)
    drafts = rows(settings, "SELECT status, jsonb_array_length(items) FROM submissions")
    recommended = rows(settings, "SELECT count(*) FROM recommendations")
    assert drafts == [("draft", recommended[0][0])]  # the Cabinet's draft, of every one
    # planning alone: a theme raised in ten provinces becomes one recommendation
    fake = [demo_consolidation.Submitted(uuid.uuid4(), f"{10 + n}", "land") for n in range(10)] + [
        demo_consolidation.Submitted(uuid.uuid4(), "50", "debt")
    ]
    made = list(demo_consolidation.issues(fake * 2))
    recs = list(demo_consolidation.recommendations(made))
    assert [r.title_th for r in recs] == ["ข้อเสนอแนะเชิงนโยบายด้านที่ดินทำกินและที่อยู่อาศัย"]


def test_junk_in_every_consolidation_form_and_query_never_breaks_a_page(
    client: TestClient[Any],
) -> None:
    app = services_app(client)
    setup_world(app)
    iid = issue(app, proposal(app))
    wait_for_projections(app)
    token = login(client, "coord-junk", Role.COORDINATOR, province_code="50")
    junk = {
        "_csrf": token,
        "title_th": "x" * 5000,
        "proposal_ids": ["nope", str(uuid.uuid4())],
        "proposal_id": "1' OR 1=1",
        "issue_id": "<script>",
        "into_issue_id": "",
        "to_issue_id": "๑๒๓",
        "version": "ten",
        "direction": "sideways",
        "category": "../../etc",
        "back": "//evil.example",
        "agencies": "\u200b" * 10,
        "text_th": "",
    }
    rid = uuid.uuid4()
    posts = [
        "/provinces/50/board/issues",
        "/provinces/50/board/attach",
        "/provinces/50/board/rank",
        "/provinces/50/board/suggestions/reject",
        f"/issues/{iid}/attach",
        f"/issues/{iid}/detach",
        f"/issues/{iid}/merge",
        f"/issues/{iid}/split",
        f"/issues/{iid}/revise",
        f"/issues/{uuid.uuid4()}/dissolve",
        f"/proposals/{uuid.uuid4()}/move-to",
        "/editions/2569/national/recommendations",
        f"/recommendations/{rid}/revise",
        f"/recommendations/{rid}/add-issue",
        f"/recommendations/{rid}/unknown",
    ]
    for path in posts:
        response = client.post(path, data=junk)
        assert response.status_code < 500, (path, response.status_code)
        assert response.headers.get("location", "").startswith("/") or not response.is_redirect
    gets = [
        f"/issues/{iid}?at=2569-13-45T99:99",
        f"/issues/{iid}?at=" + "9" * 300,
        "/provinces/50/board/as-of?at=yesterday",
        "/provinces/99/board",
        "/editions/2569/national?theme=%00",
        "/editions/9999/national",
        "/provinces/50/board/suggestions?every=maybe",
        f"/api/v1/issues/{iid}/as-of",
    ]
    for path in gets:
        assert client.get(path).status_code < 500, path


def test_the_issue_page_asks_which_issue_to_merge_into(client: TestClient[Any]) -> None:
    """Nothing is chosen for the coordinator, and the form asks before it closes the issue;
    sent without a choice, it is refused in Thai and nothing merges."""
    app = services_app(client)
    setup_world(app)
    first, second = issue(app, proposal(app)), issue(app, proposal(app, CM[1]), title="ถนน")
    wait_for_projections(app)
    token = login(client, "coord-merge", Role.COORDINATOR, province_code="50")
    page = client.get(f"/issues/{first}").text
    assert '<select name="into_issue_id" required><option value="">— เลือกประเด็น —</option>' in page
    assert 'data-confirm="รวม “ที่ดินทำกินในเขตป่า” เข้ากับประเด็นที่เลือก?' in page
    refused = client.post(f"/issues/{first}/merge", data={"_csrf": token, "into_issue_id": ""})
    assert refused.status_code == 422
    issues = client.get("/api/v1/editions/2569/provinces/50/issues").json()["items"]
    assert {i["id"] for i in issues} == {str(first), str(second)}  # both still open

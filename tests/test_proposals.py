"""Council proposals: lifecycle, window, scope, lost updates, bad input, API and pages."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
from litestar.testing import TestClient

from assembly.actors import Actor, Role
from assembly.application import Assembly
from assembly.errors import Conflict, Forbidden, Invalid
from assembly.proposals import (
    DraftProposal,
    Proposal,
    ReturnProposal,
    ReviseProposal,
    Status,
    SubmitProposal,
    WithdrawProposal,
)
from assembly.settings import Settings
from assembly.thai import BANGKOK
from tests.conftest import (
    FULL,
    OFFICE_HOURS,
    PHRA_SING,
    SRI_PHUM,
    FakeClock,
    bearer,
    council_client,
    draft_proposal,
    event_count,
    login,
    open_edition,
    register_council,
    setup_http,
)

COUNCIL = Actor(
    Role.COUNCIL, account_id=str(uuid.uuid4()), province_code="50", council_id=str(SRI_PHUM)
)
OTHER_COUNCIL = Actor(
    Role.COUNCIL, account_id=str(uuid.uuid4()), province_code="50", council_id=str(PHRA_SING)
)
COORDINATOR = Actor(Role.COORDINATOR, account_id=str(uuid.uuid4()), province_code="50")
FAR_COORDINATOR = Actor(Role.COORDINATOR, account_id=str(uuid.uuid4()), province_code="10")


@pytest.fixture
def world(app: Assembly) -> Assembly:
    """This file's own world (not conftest's): office hours and two councils of Chiang Mai."""
    open_edition(app, 2569, *OFFICE_HOURS)
    for code, tambon in (("T500101", "500101"), ("T500102", "500102")):
        register_council(app, code, tambon, f"สภาองค์กรชุมชนตำบล{code}")
    return app


def draft(app: Assembly, actor: Actor = COUNCIL, **fields: Any) -> DraftProposal:
    return draft_proposal(app, {**FULL, **fields}, actor)


def test_lifecycle_draft_submit_return_resubmit(world: Assembly) -> None:
    command = draft(world, title_th="  ขอโฉนด\u200bชุมชน  ", problem_th="ปัญหา ๑๒๐ ครัวเรือน")
    proposal = world.repository.get(command.proposal_id)
    assert isinstance(proposal, Proposal) and proposal.status is Status.DRAFT
    assert proposal.content["title_th"] == "ขอโฉนดชุมชน"  # zero-width and spaces gone
    assert proposal.content["problem_th"] == "ปัญหา 120 ครัวเรือน"  # Thai digits normalized
    assert proposal.content["tambon_codes"] == ["500101"]  # the council's own tambon by default
    world.handle(SubmitProposal(proposal_id=command.proposal_id), COUNCIL)
    world.handle(SubmitProposal(proposal_id=command.proposal_id), COUNCIL)  # twice: a no-op
    assert world.repository.get(command.proposal_id).version == 2
    world.handle(
        ReturnProposal(proposal_id=command.proposal_id, reason_th="โปรดระบุจำนวนคน"), COORDINATOR
    )
    revised = ReviseProposal(
        proposal_id=command.proposal_id, version=3, **{**FULL, "affected_people": 400}
    )
    world.handle(revised, COUNCIL)
    world.handle(SubmitProposal(proposal_id=command.proposal_id), COUNCIL)
    assert world.repository.get(command.proposal_id).status is Status.SUBMITTED


def test_submit_only_inside_the_window(world: Assembly, clock: FakeClock) -> None:
    command = draft(world)
    clock.now = datetime(2027, 2, 1, 9, 0, tzinfo=BANGKOK)
    with pytest.raises(Conflict) as closed:
        world.handle(SubmitProposal(proposal_id=command.proposal_id), COUNCIL)
    assert closed.value.code == "window_closed" and "31 มกราคม 2570" in closed.value.message_th
    clock.now = datetime(2026, 10, 1, tzinfo=BANGKOK)
    with pytest.raises(Conflict):
        world.handle(SubmitProposal(proposal_id=command.proposal_id), COUNCIL)


def test_incomplete_draft_cannot_be_submitted(world: Assembly) -> None:
    command = draft(world, problem_th="", category=None)
    with pytest.raises(Invalid) as refused:
        world.handle(SubmitProposal(proposal_id=command.proposal_id), COUNCIL)
    assert "สภาพปัญหา" in refused.value.message_th and "หมวดหมู่" in refused.value.message_th


def test_two_tabs_the_later_one_is_told(world: Assembly) -> None:
    command = draft(world)
    world.handle(
        ReviseProposal(proposal_id=command.proposal_id, version=1, **{**FULL, "title_th": "แท็บ 1"}),
        COUNCIL,
    )
    with pytest.raises(Conflict) as stale:
        world.handle(
            ReviseProposal(
                proposal_id=command.proposal_id, version=1, **{**FULL, "title_th": "แท็บ 2"}
            ),
            COUNCIL,
        )
    assert stale.value.code == "stale"
    assert world.repository.get(command.proposal_id).content["title_th"] == "แท็บ 1"


def test_scope_other_council_and_other_province(world: Assembly) -> None:
    command = draft(world)
    with pytest.raises(Forbidden):
        world.handle(
            ReviseProposal(proposal_id=command.proposal_id, version=1, **FULL), OTHER_COUNCIL
        )
    with pytest.raises(Forbidden):
        world.handle(SubmitProposal(proposal_id=command.proposal_id), OTHER_COUNCIL)
    world.handle(SubmitProposal(proposal_id=command.proposal_id), COUNCIL)
    with pytest.raises(Forbidden):
        world.handle(
            ReturnProposal(proposal_id=command.proposal_id, reason_th="ไม่ชัดเจนพอ"), FAR_COORDINATOR
        )
    with pytest.raises(Forbidden):
        draft(world, actor=COUNCIL, council_id=PHRA_SING)


def test_withdrawn_cannot_be_revised(world: Assembly) -> None:
    command = draft(world)
    world.handle(WithdrawProposal(proposal_id=command.proposal_id), COUNCIL)
    with pytest.raises(Conflict) as refused:
        world.handle(ReviseProposal(proposal_id=command.proposal_id, version=2, **FULL), COUNCIL)
    assert refused.value.code == "not_editable"


def test_bad_inputs(world: Assembly, settings: Settings) -> None:
    before = event_count(settings)
    with pytest.raises(Invalid):
        draft(world, category="no-such-category")
    with pytest.raises(Invalid) as outside:
        draft(world, tambon_codes=["500102"])
    assert outside.value.field == "tambon_codes"
    with pytest.raises(Invalid):
        DraftProposal(year_be=2569, **{**FULL, "problem_th": "ก" * 20_001})
    with pytest.raises(Invalid):
        DraftProposal(year_be=2569, **{**FULL, "title_th": " \u200b "})
    assert event_count(settings) == before
    draft(world, title_th="Community forest title deed", problem_th="Villagers have no title.")


def test_paper_proposal_entered_by_the_coordinator(world: Assembly) -> None:
    command = draft(world, actor=COORDINATOR, council_id=SRI_PHUM)
    proposal = world.repository.get(command.proposal_id)
    assert proposal.on_behalf and proposal.council_id == SRI_PHUM
    world.handle(SubmitProposal(proposal_id=command.proposal_id), COORDINATOR)
    with pytest.raises(Forbidden):
        draft(world, actor=FAR_COORDINATOR, council_id=SRI_PHUM)


# --- over HTTP ---


def test_api_flow_and_visibility(client: TestClient[Any]) -> None:
    setup_http(client)
    council = council_client(client, "srip", SRI_PHUM)
    created = client.post("/api/v1/editions/2569/proposals", json=FULL, headers=council)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "draft" and body["version"] == 1
    pid = body["id"]
    assert client.get(f"/api/v1/proposals/{pid}").status_code == 404  # a draft is private
    assert client.get(f"/api/v1/proposals/{pid}", headers=council).status_code == 200
    stale = client.put(f"/api/v1/proposals/{pid}", json={**FULL, "version": 7}, headers=council)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale"
    assert (
        client.post(f"/api/v1/proposals/{pid}/submit", headers=council).json()["status"]
        == "submitted"
    )
    assert client.post(f"/api/v1/proposals/{pid}/submit", headers=council).status_code == 200
    shown = client.get(f"/api/v1/proposals/{pid}").json()
    assert shown["proposal"]["status"] == "submitted"
    assert [h["event_type"] for h in shown["history"]] == ["Drafted", "Submitted"]
    coordinator = bearer(client, "coord50", Role.COORDINATOR, province_code="50")
    far = bearer(client, "coord10", Role.COORDINATOR, province_code="10")
    assert (
        client.post(
            f"/api/v1/proposals/{pid}/return", json={"reason_th": "ขอรายละเอียดเพิ่ม"}, headers=far
        ).status_code
        == 403
    )
    returned = client.post(
        f"/api/v1/proposals/{pid}/return", json={"reason_th": "ขอรายละเอียดเพิ่ม"}, headers=coordinator
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    listed = client.get("/api/v1/editions/2569/proposals", params={"province": "50"}).json()
    assert [p["id"] for p in listed["items"]] == [pid]
    found = client.get("/api/v1/editions/2569/proposals", params={"q": "ป่าสงวน"}).json()
    assert [p["id"] for p in found["items"]] == [pid]  # a Thai word from the middle of a text
    assert (
        client.get("/api/v1/editions/2569/proposals", params={"q": "ประปา"}).json()["items"] == []
    )


def test_api_bad_input(client: TestClient[Any]) -> None:
    setup_http(client)
    council = council_client(client, "bad-input", SRI_PHUM)
    huge = client.post(
        "/api/v1/editions/2569/proposals",
        json={**FULL, "problem_th": "ก" * 2_000_000},
        headers=council,
    )
    assert huge.status_code == 413 and huge.json()["error"]["message_th"]
    unknown = client.post(
        "/api/v1/editions/2569/proposals", json={**FULL, "category": "nope"}, headers=council
    )
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "category"
    level = client.post(
        "/api/v1/editions/2569/proposals", json={**FULL, "level": "planet"}, headers=council
    )
    assert level.status_code == 422
    script = client.post(
        "/api/v1/editions/2569/proposals",
        json={**FULL, "title_th": "<script>alert(1)</script>"},
        headers=council,
    )
    assert script.status_code == 201
    assert client.post("/api/v1/editions/2569/proposals", json=FULL).status_code == 401


def test_council_pages_autosave_and_submit(client: TestClient[Any]) -> None:
    setup_http(client)
    token = login(client, "page-council", Role.COUNCIL, council_id=SRI_PHUM)
    form = client.get("/proposals/new")
    assert form.status_code == 200 and "เหลือเวลาอีก" in form.text
    import re

    pid = re.search(r"/proposals/([0-9a-f-]{36})/autosave", form.text).group(1)  # type: ignore[union-attr]
    first = client.post(
        f"/proposals/{pid}/autosave",
        data={"_csrf": token, "year_be": "2569", "version": "0", "title_th": "ขอโฉนด"},
        headers={"HX-Request": "true"},
    )
    assert first.status_code == 200 and "บันทึกร่างแล้ว" in first.text and 'value="1"' in first.text
    second = client.post(
        f"/proposals/{pid}/autosave",
        data={"_csrf": token, "version": "1", **{k: str(v) for k, v in FULL.items()}},
        headers={"HX-Request": "true"},
    )
    assert second.status_code == 200 and 'value="2"' in second.text
    lost = client.post(
        f"/proposals/{pid}/autosave",
        data={"_csrf": token, "version": "1", "title_th": "จากอีกแท็บ"},
        headers={"HX-Request": "true"},
    )
    assert lost.status_code == 409 and "อีกหน้าหนึ่ง" in lost.text
    page = client.get(f"/proposals/{pid}")
    assert "ส่งข้อเสนอ" in page.text and FULL["title_th"] in page.text
    sent = client.post(f"/proposals/{pid}/submit", data={"_csrf": token})
    assert sent.status_code == 200 and "ส่งแล้ว" in sent.text
    mine = client.get("/proposals")
    assert FULL["title_th"] in mine.text


def test_coordinator_queue(client: TestClient[Any]) -> None:
    setup_http(client)
    council = council_client(client, "queue-council", SRI_PHUM)
    for n in range(3):
        pid = client.post(
            "/api/v1/editions/2569/proposals",
            json={**FULL, "title_th": f"ข้อเสนอที่ {n}"},
            headers=council,
        ).json()["id"]
        client.post(f"/api/v1/proposals/{pid}/submit", headers=council)
    login(client, "queue-coord", Role.COORDINATOR, province_code="50")
    queue = client.get("/provinces/50/proposals")
    assert queue.status_code == 200 and queue.text.count("/proposals/") >= 3
    fragment = client.get("/provinces/50/proposals?category=debt", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "ไม่พบข้อเสนอ" in fragment.text
    assert client.get("/provinces/10/proposals").status_code == 403

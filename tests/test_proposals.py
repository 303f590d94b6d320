"""Council proposals: lifecycle, window, scope, lost updates, bad input, API and pages."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
from litestar.testing import TestClient

from assembly.actors import SYSTEM, Actor, Role
from assembly.application import Assembly
from assembly.councils import RegisterCouncil, council_id
from assembly.editions import OpenEdition
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
from tests.conftest import FakeClock, bearer, event_count, login, services_app, wait_for_projections

SRI_PHUM = council_id("T500101")
PHRA_SING = council_id("T500102")
COUNCIL = Actor(
    Role.COUNCIL, account_id=str(uuid.uuid4()), province_code="50", council_id=str(SRI_PHUM)
)
OTHER_COUNCIL = Actor(
    Role.COUNCIL, account_id=str(uuid.uuid4()), province_code="50", council_id=str(PHRA_SING)
)
COORDINATOR = Actor(Role.COORDINATOR, account_id=str(uuid.uuid4()), province_code="50")
FAR_COORDINATOR = Actor(Role.COORDINATOR, account_id=str(uuid.uuid4()), province_code="10")

FULL = {
    "title_th": "ขอโฉนดชุมชนให้ชาวบ้านที่อยู่ในเขตป่า",
    "problem_th": "ชาวบ้าน 120 ครัวเรือนทำกินในเขตป่าสงวนมากว่า 40 ปี ไม่มีเอกสารสิทธิ",
    "recommendation_th": "ให้รัฐออกโฉนดชุมชนและให้ชุมชนร่วมจัดการป่า",
    "category": "land",
    "level": "national",
    "affected_households": 120,
}


@pytest.fixture
def world(app: Assembly) -> Assembly:
    app.handle(
        OpenEdition(
            year_be=2569,
            title_th="สมัชชา 2569",
            proposal_opens_at=datetime(2026, 11, 1, 8, 30, tzinfo=BANGKOK),
            proposal_closes_at=datetime(2027, 1, 31, 16, 30, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )
    for code, tambon in (("T500101", "500101"), ("T500102", "500102")):
        app.handle(
            RegisterCouncil(
                code=code,
                name_th=f"สภาองค์กรชุมชนตำบล{code}",
                province_code="50",
                district_code="5001",
                subdistrict_code=tambon,
            ),
            SYSTEM,
        )
    return app


def draft(app: Assembly, actor: Actor = COUNCIL, **fields: Any) -> DraftProposal:
    command = DraftProposal(year_be=2569, **{**FULL, **fields})
    app.handle(command, actor)
    return command


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


def council_client(client: TestClient[Any], username: str, council: uuid.UUID) -> dict[str, str]:
    return bearer(client, username, Role.COUNCIL, council_id=council)


def setup_http(client: TestClient[Any]) -> None:
    app = services_app(client)
    app.handle(
        OpenEdition(
            year_be=2569,
            title_th="สมัชชา 2569",
            proposal_opens_at=datetime(2026, 11, 1, 8, 30, tzinfo=BANGKOK),
            proposal_closes_at=datetime(2027, 1, 31, 16, 30, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )
    app.handle(
        RegisterCouncil(
            code="T500101",
            name_th="สภาองค์กรชุมชนตำบลศรีภูมิ",
            province_code="50",
            district_code="5001",
            subdistrict_code="500101",
        ),
        SYSTEM,
    )
    wait_for_projections(app)


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


def test_similar_proposals_api_and_live_panel(client: TestClient[Any]) -> None:
    setup_http(client)
    council = council_client(client, "similar-council", SRI_PHUM)
    texts = [
        {**FULL},
        {
            **FULL,
            "title_th": "ชาวบ้านถูกประกาศเขตป่าทับที่ดินทำกิน ขอเอกสารสิทธิ",
            "problem_th": "ที่ทำกินของชาวบ้านอยู่ในป่าสงวนแห่งชาติ ถูกจับกุมข้อหาบุกรุก ไม่มีโฉนด",
            "recommendation_th": "ออกโฉนดชุมชนและกันแนวเขตป่าใหม่",
        },
        {
            **FULL,
            "title_th": "แก้หนี้นอกระบบของครัวเรือน",
            "category": "debt",
            "problem_th": "ครัวเรือนเป็นหนี้เงินกู้นอกระบบ ดอกเบี้ยร้อยละ 20 ต่อเดือน",
            "recommendation_th": "ตั้งกองทุนรับซื้อหนี้ ดอกเบี้ยต่ำ",
        },
    ]
    ids = []
    for body in texts:
        pid = client.post("/api/v1/editions/2569/proposals", json=body, headers=council).json()[
            "id"
        ]
        client.post(f"/api/v1/proposals/{pid}/submit", headers=council)
        ids.append(pid)
    found = client.get(f"/api/v1/proposals/{ids[0]}/similar", headers=council)
    assert found.status_code == 200, found.text
    ranked = found.json()
    assert ranked[0]["id"] == ids[1] and ids[0] not in [r["id"] for r in ranked]
    assert ranked[0]["score"] > ranked[-1]["score"] or len(ranked) == 1
    assert "โฉนดชุมชน" in ranked[0]["shared_words"] or ranked[0]["shared_words"]
    assert client.get(f"/api/v1/proposals/{ids[0]}/similar").status_code == 401
    token = login(client, "similar-page", Role.COUNCIL, council_id=SRI_PHUM)
    panel = client.post(
        "/proposals/similar",
        data={"_csrf": token, "year_be": "2569", "title_th": "หนี้นอกระบบ ดอกเบี้ยแพง"},
        headers={"HX-Request": "true"},
    )
    assert panel.status_code == 200 and "แก้หนี้นอกระบบของครัวเรือน" in panel.text


def test_similar_within_the_province(client: TestClient[Any]) -> None:
    setup_http(client)
    app = services_app(client)
    app.handle(
        RegisterCouncil(
            code="T100101",
            name_th="สภาองค์กรชุมชนแขวงพระบรมมหาราชวัง",
            province_code="10",
            district_code="1001",
            subdistrict_code="100101",
        ),
        SYSTEM,
    )
    here = council_client(client, "here", SRI_PHUM)
    there = council_client(client, "there", council_id("T100101"))
    ids = []
    for headers in (here, there, here):
        pid = client.post("/api/v1/editions/2569/proposals", json=FULL, headers=headers).json()[
            "id"
        ]
        client.post(f"/api/v1/proposals/{pid}/submit", headers=headers)
        ids.append(pid)
    national = client.get(f"/api/v1/proposals/{ids[0]}/similar", headers=here).json()
    province = client.get(
        f"/api/v1/proposals/{ids[0]}/similar", params={"scope": "province"}, headers=here
    ).json()
    assert {p["id"] for p in national} == {ids[1], ids[2]}
    assert [p["id"] for p in province] == [ids[2]]


def _jpeg_with_gps() -> bytes:
    exif = b"Exif\x00\x00MM\x00\x2a" + b"GPS 13.7563N 100.5018E" * 4
    app1 = b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    scan = b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\x34" * 50 + b"\xff\xd9"
    return b"\xff\xd8" + app0 + app1 + scan


def _png_with_text() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"tEXt", b"Author\x00Somchai")
        + chunk(b"eXIf", b"MM\x00\x2aGPS")
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_attachments(client: TestClient[Any], settings: Settings) -> None:
    from tests.conftest import rows

    setup_http(client)
    council = council_client(client, "files-council", SRI_PHUM)
    pid = client.post("/api/v1/editions/2569/proposals", json=FULL, headers=council).json()["id"]
    url = f"/api/v1/proposals/{pid}/attachments"
    pdf = client.post(
        url,
        files={"file": ("แผนตำบล.pdf", b"%PDF-1.4\n%test\n", "application/pdf")},
        headers=council,
    )
    assert pdf.status_code == 201, pdf.text
    download = client.get(f"/attachments/{pdf.json()['id']}", headers=council)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert download.headers["content-disposition"].startswith("attachment;")
    assert client.get(f"/attachments/{pdf.json()['id']}").status_code == 404  # a draft is private
    files_before, events_before = (
        rows(settings, "SELECT count(*) FROM files"),
        event_count(settings),
    )
    exe = client.post(
        url,
        files={"file": ("report.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf")},
        headers=council,
    )
    assert exe.status_code == 422 and exe.json()["error"]["code"] == "bad_file_type"
    assert "ไม่ใช่ PDF" in exe.json()["error"]["message_th"]
    big = client.post(
        url,
        files={"file": ("big.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024), "application/pdf")},
        headers=council,
    )
    assert big.status_code == 413
    app = services_app(client)
    app.handle(
        RegisterCouncil(
            code="T500102",
            name_th="สภาองค์กรชุมชนตำบลพระสิงห์",
            province_code="50",
            district_code="5001",
            subdistrict_code="500102",
        ),
        SYSTEM,
    )
    wait_for_projections(app)
    stranger = council_client(client, "files-stranger", PHRA_SING)
    refused = client.post(
        url, files={"file": ("x.pdf", b"%PDF-1.4 other", "application/pdf")}, headers=stranger
    )
    assert refused.status_code == 403
    assert rows(settings, "SELECT count(*) FROM files") == files_before
    # Only the new council and its account: no file stored, no attachment event.
    assert event_count(settings) == events_before + 2
    jpeg = client.post(
        url, files={"file": ("photo.jpg", _jpeg_with_gps(), "image/jpeg")}, headers=council
    )
    png = client.post(
        url, files={"file": ("map.png", _png_with_text(), "image/png")}, headers=council
    )
    assert jpeg.status_code == png.status_code == 201
    stored_jpeg = client.get(f"/attachments/{jpeg.json()['id']}", headers=council).content
    stored_png = client.get(f"/attachments/{png.json()['id']}", headers=council).content
    assert (
        b"Exif" not in stored_jpeg
        and b"GPS" not in stored_jpeg
        and stored_jpeg.startswith(b"\xff\xd8")
    )
    assert b"JFIF" in stored_jpeg and stored_jpeg.endswith(b"\xff\xd9")
    assert b"Somchai" not in stored_png and b"eXIf" not in stored_png and b"IDAT" in stored_png
    for n in range(2):
        assert (
            client.post(
                url,
                files={"file": (f"{n}.pdf", b"%PDF-1.4 " + bytes([n]), "application/pdf")},
                headers=council,
            ).status_code
            == 201
        )
    sixth = client.post(
        url, files={"file": ("6.pdf", b"%PDF-1.4 six", "application/pdf")}, headers=council
    )
    assert sixth.status_code == 409 and sixth.json()["error"]["code"] == "too_many_files"
    assert client.delete(f"{url}/{pdf.json()['id']}", headers=council).status_code == 204
    assert (
        client.post(
            url, files={"file": ("6.pdf", b"%PDF-1.4 six", "application/pdf")}, headers=council
        ).status_code
        == 201
    )
    shown = client.get(f"/api/v1/proposals/{pid}", headers=council).json()
    assert [h["event_type"] for h in shown["history"]].count("AttachmentAdded") == 6

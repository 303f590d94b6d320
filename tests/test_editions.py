from typing import Any

import pytest
from litestar.testing import TestClient

from assembly.actors import ANONYMOUS, SYSTEM, Actor, Role
from assembly.application import Assembly
from assembly.commands import parse
from assembly.editions import Edition, OpenEdition, edition_id
from assembly.errors import Conflict, Forbidden, Invalid, Unauthenticated
from assembly.settings import Settings
from tests.conftest import FakeClock, bearer, event_count, login

WINDOW = {
    "proposal_opens_at": "2026-11-01T08:30:00+07:00",
    "proposal_closes_at": "2027-01-31T16:30:00+07:00",
}


def open_2569(**extra: Any) -> OpenEdition:
    return parse(OpenEdition, {"year_be": 2569, "title_th": "สมัชชา ๒๕๖๙", **WINDOW, **extra})


def test_one_edition_per_year(app: Assembly) -> None:
    app.handle(open_2569(), SYSTEM)
    with pytest.raises(Conflict) as refused:
        app.handle(open_2569(title_th="อีกครั้ง"), SYSTEM)
    assert "2569" in refused.value.message_th
    edition = app.repository.get(edition_id(2569))
    assert isinstance(edition, Edition) and edition.title_th == "สมัชชา 2569"
    assert edition.categories[0] == ["land", "ที่ดินทำกินและที่อยู่อาศัย"]


def test_window_must_close_after_it_opens(app: Assembly, settings: Settings) -> None:
    with pytest.raises(Invalid) as refused:
        open_2569(
            proposal_opens_at="2027-01-31T16:30:00+07:00",
            proposal_closes_at="2026-11-01T08:30:00+07:00",
        )
    assert refused.value.field == "proposal_closes_at"
    assert "หลัง" in refused.value.message_th


def test_naive_times_are_bangkok_times() -> None:
    command = open_2569(proposal_opens_at="2026-11-01T08:30:00")
    assert command.proposal_opens_at.utcoffset().total_seconds() == 7 * 3600  # type: ignore[union-attr]


def test_past_year_is_entered_from_paper(app: Assembly, clock: FakeClock) -> None:
    app.handle(
        parse(
            OpenEdition,
            {
                "year_be": 2566,
                "title_th": "สมัชชา 2566",
                "proposal_opens_at": "2023-01-01T00:00:00+07:00",
                "proposal_closes_at": "2023-03-01T00:00:00+07:00",
            },
        ),
        SYSTEM,
    )
    edition = app.repository.get(edition_id(2566))
    assert edition.from_paper is True
    assert not edition.window_is_open(clock())


def test_only_organizers_open_editions(app: Assembly) -> None:
    with pytest.raises(Unauthenticated):
        app.handle(open_2569(), ANONYMOUS)
    with pytest.raises(Forbidden):
        app.handle(open_2569(), Actor(Role.COUNCIL, account_id="x", council_id="y"))
    assert app.recorder.max_notification_id() is None


def test_bad_categories_are_refused() -> None:
    with pytest.raises(Invalid):
        open_2569(categories=[])
    with pytest.raises(Invalid):
        open_2569(categories=[{"code": "a", "name_th": "ก"}, {"code": "a", "name_th": "ข"}])
    with pytest.raises(Invalid):
        open_2569(categories=[{"code": "Bad Code", "name_th": "ก"}])


def test_edition_api(client: TestClient[Any], settings: Settings) -> None:
    headers = bearer(client, "org1")
    body = {"year_be": 2569, "title_th": "สมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี 2569", **WINDOW}
    created = client.post("/api/v1/editions", json=body, headers=headers)
    assert created.status_code == 201, created.text
    assert created.json()["id"] == str(edition_id(2569))
    # Read your own write: the edition is readable at once.
    shown = client.get("/api/v1/editions/2569").json()
    assert shown["phase"] == "open"
    assert shown["proposal_closes_at"].endswith("+07:00")
    assert {"code": "debt", "name_th": "หนี้สินชุมชน"} in shown["categories"]
    events = event_count(settings)
    again = client.post("/api/v1/editions", json=body, headers=headers)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "edition_exists"
    reversed_window = {
        **body,
        "year_be": 2570,
        "proposal_opens_at": "2027-02-01T00:00:00+07:00",
        "proposal_closes_at": "2027-01-01T00:00:00+07:00",
    }
    bad = client.post("/api/v1/editions", json=reversed_window, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "proposal_closes_at"
    assert (
        client.post(
            "/api/v1/editions", json={**body, "year_be": "สองพัน"}, headers=headers
        ).status_code
        == 422
    )
    assert client.post("/api/v1/editions", content=b"{not json", headers=headers).status_code == 400
    assert event_count(settings) == events  # nothing written by any refusal
    assert client.post("/api/v1/editions", json=body).status_code == 401
    assert client.get("/api/v1/editions/2571").status_code == 404


def test_phase_follows_the_clock(client: TestClient[Any], clock: FakeClock) -> None:
    headers = bearer(client, "org2")
    body = {
        "year_be": 2570,
        "title_th": "สมัชชา 2570",
        "proposal_opens_at": "2026-12-01T00:00:00+07:00",
        "proposal_closes_at": "2027-01-01T00:00:00+07:00",
    }
    assert client.post("/api/v1/editions", json=body, headers=headers).status_code == 201
    assert client.get("/api/v1/editions/2570").json()["phase"] == "upcoming"
    clock.advance(days=10)
    assert client.get("/api/v1/editions/2570").json()["phase"] == "open"
    clock.advance(days=40)
    assert client.get("/api/v1/editions/2570").json()["phase"] == "closed"


def test_open_edition_through_the_form(client: TestClient[Any]) -> None:
    token = login(client, "org3")
    form = {
        "_csrf": token,
        "year_be": "2569",
        "title_th": "  สมัชชา <b>2569</b> ",
        "proposal_opens_at": "2026-11-01T08:30",
        "proposal_closes_at": "2026-10-01T08:30",
    }
    refused = client.post("/editions", data=form)
    assert refused.status_code == 422
    assert "วันปิดรับข้อเสนอต้องอยู่หลังวันเปิดรับข้อเสนอ" in refused.text
    form["proposal_closes_at"] = "2027-01-31T16:30"
    form["categories_text"] = "water: น้ำ\nland: ที่ดิน"
    done = client.post("/editions", data=form)
    assert done.status_code == 200 and done.url.path == "/editions/2569"
    assert "สมัชชา &lt;b&gt;2569&lt;/b&gt;" in done.text  # shown as text, never as markup
    assert "ที่ดิน" in done.text and "น้ำ" in done.text
    home = client.get("/")
    assert "2569" in home.text and "เปิดรับข้อเสนอ" in home.text


def test_form_without_csrf_token_is_refused(client: TestClient[Any], settings: Settings) -> None:
    login(client, "org4")
    response = client.post("/editions", data={"year_be": "2569", "title_th": "x", **WINDOW})
    assert response.status_code == 403
    assert "แบบฟอร์มหมดอายุ" in response.text
    assert event_count(settings) == 1  # the account only: no edition


def test_dates_render_in_buddhist_era(client: TestClient[Any]) -> None:
    headers = bearer(client, "org5")
    body = {"year_be": 2569, "title_th": "สมัชชา 2569", **WINDOW}
    client.post("/api/v1/editions", json=body, headers=headers)
    page = client.get("/editions/2569").text
    assert "1 พฤศจิกายน 2569 เวลา 08.30 น." in page


def test_taxonomy_can_be_changed_by_organizers_only(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = bearer(client, "org6")
    client.post(
        "/api/v1/editions", json={"year_be": 2569, "title_th": "สมัชชา", **WINDOW}, headers=headers
    )
    new = {"categories": [{"code": "water", "name_th": "น้ำ"}, {"code": "land", "name_th": "ที่ดิน"}]}
    changed = client.put("/api/v1/editions/2569/categories", json=new, headers=headers)
    assert changed.status_code == 200, changed.text
    assert changed.json()["categories"] == new["categories"]
    assert client.get("/api/v1/editions/2569").json()["categories"] == new["categories"]
    events = event_count(settings)
    assert (
        client.put(
            "/api/v1/editions/2569/categories", json={"categories": []}, headers=headers
        ).status_code
        == 422
    )
    dup = {"categories": [{"code": "a", "name_th": "ก"}, {"code": "a", "name_th": "ข"}]}
    assert (
        client.put("/api/v1/editions/2569/categories", json=dup, headers=headers).status_code == 422
    )
    assert (
        client.put("/api/v1/editions/2571/categories", json=new, headers=headers).status_code == 404
    )
    assert client.put("/api/v1/editions/2569/categories", json=new).status_code == 401
    coordinator = bearer(client, "coord6", Role.COORDINATOR, province_code="50")
    assert (
        client.put("/api/v1/editions/2569/categories", json=new, headers=coordinator).status_code
        == 403
    )
    assert event_count(settings) == events + 1  # only the coordinator's account was added

"""Accounts and signing in: passwords, sign-in and its rate limits, sessions and tokens,
disabling and PDPA erasure, the admin pages, and events that carry no personal data."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from litestar.testing import TestClient

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.settings import Settings
from tests.conftest import (
    PASSWORD,
    FakeClock,
    add_user,
    bearer,
    council_fields,
    csrf_token,
    login,
    rows,
    services_app,
    token_headers,
)
from web.ratelimit import PER_USERNAME


def test_wrong_password_and_unknown_user_look_the_same_then_rate_limit(
    client: TestClient[Any],
) -> None:
    add_user(services_app(client), "limited", Role.ORGANIZER)
    answers = set()
    for _ in range(PER_USERNAME):
        wrong = client.post(
            "/api/v1/auth/tokens", json={"username": "limited", "password": "not-it-at-all"}
        )
        unknown = client.post(
            "/api/v1/auth/tokens", json={"username": "nobody-here", "password": "x" * 12}
        )
        answers.add((wrong.status_code, wrong.json()["error"]["message_th"]))
        answers.add((unknown.status_code, unknown.json()["error"]["message_th"]))
    assert answers == {(401, "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")}
    # Now even the right password is refused for a while, with no hint why.
    blocked = client.post("/api/v1/auth/tokens", json={"username": "limited", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "หลายครั้งเกินไป" in blocked.json()["error"]["message_th"]
    page = client.post("/login", data={"username": "limited", "password": PASSWORD})
    assert page.status_code == 429 and "หลายครั้งเกินไป" in page.text


def test_limit_per_address_across_usernames(client: TestClient[Any], clock: FakeClock) -> None:
    from web.ratelimit import PER_ADDRESS

    for n in range(PER_ADDRESS):
        client.post("/api/v1/auth/tokens", json={"username": f"spray{n}", "password": "x" * 12})
    add_user(services_app(client), "innocent", Role.ORGANIZER)
    assert (
        client.post(
            "/api/v1/auth/tokens", json={"username": "innocent", "password": PASSWORD}
        ).status_code
        == 429
    )
    clock.advance(minutes=31)  # two windows later the address may try again
    assert (
        client.post(
            "/api/v1/auth/tokens", json={"username": "innocent", "password": PASSWORD}
        ).status_code
        == 201
    )


def test_revoked_token_and_sign_out_everywhere(client: TestClient[Any]) -> None:
    headers = bearer(client, "tokens", Role.ORGANIZER)
    other = token_headers(client, "tokens")
    assert (
        client.get("/api/v1/accounts", headers=headers).status_code == 403
    )  # signed in, not admin
    assert client.post("/api/v1/auth/tokens/revoke", headers=headers).status_code == 204
    assert client.get("/api/v1/accounts", headers=headers).status_code == 401
    token = login(client, "tokens-cookie", Role.ORGANIZER)
    assert client.get("/councils/new").status_code == 200
    assert client.post("/api/v1/auth/sign-out-everywhere", headers=other).status_code == 204
    assert client.get("/councils/import", headers=other).status_code == 401
    assert client.get("/councils/new").status_code == 200  # another account's session: untouched
    client.post("/account/sign-out-everywhere", data={"_csrf": token})
    assert client.get("/councils/new").status_code == 401


def test_expired_session_is_anonymous(client: TestClient[Any], clock: FakeClock) -> None:
    login(client, "sleepy", Role.ORGANIZER)
    assert client.get("/councils/new").status_code == 200
    clock.advance(days=15)
    assert client.get("/councils/new").status_code == 401


def test_disabled_account_loses_its_sessions_at_once(client: TestClient[Any]) -> None:
    admin = bearer(client, "admin1", Role.ADMIN)
    login(client, "to-disable", Role.ORGANIZER)
    account = rows(
        client.app.state.services.settings,
        "SELECT account_id FROM people WHERE username = 'to-disable'",
    )[0][0]
    assert client.post(f"/api/v1/accounts/{account}/disable", headers=admin).status_code == 200
    assert client.get("/councils/new").status_code == 401
    assert (
        client.post(
            "/api/v1/auth/tokens", json={"username": "to-disable", "password": PASSWORD}
        ).status_code
        == 401
    )
    assert client.post(f"/api/v1/accounts/{account}/enable", headers=admin).status_code == 200
    assert (
        client.post(
            "/api/v1/auth/tokens", json={"username": "to-disable", "password": PASSWORD}
        ).status_code
        == 201
    )


def test_erasure_keeps_history_without_the_person(
    client: TestClient[Any], settings: Settings
) -> None:
    admin = bearer(client, "admin2", Role.ADMIN)
    app = services_app(client)
    account = add_user(app, "somchai-j", Role.ORGANIZER)
    as_somchai = token_headers(client, "somchai-j")
    client.post(
        "/api/v1/councils",
        headers=as_somchai,
        json=council_fields("E-1", name_th="สภาทดสอบ"),
    )
    events_before = rows(settings, "SELECT count(*) FROM assembly_events")[0][0]
    erased = client.post(f"/api/v1/accounts/{account}/erase", headers=admin)
    assert erased.status_code == 200 and erased.json()["erased"] is True
    assert erased.json()["username"] is None and erased.json()["display_name"] is None
    assert rows(settings, "SELECT count(*) FROM people WHERE account_id = %s", account) == [(0,)]
    assert rows(settings, "SELECT count(*) FROM assembly_events")[0][0] == events_before + 1
    assert client.get("/api/v1/accounts", headers=as_somchai).status_code == 401  # sessions ended
    trail = client.get("/api/v1/audit", headers=admin).json()
    registered = [e for e in trail if e["event_type"] == "Council.Registered"]
    assert registered and registered[0]["actor_name"] == "ผู้ใช้ที่ถูกลบ"
    assert all("somchai" not in str(e) for e in trail)
    assert client.post(f"/api/v1/accounts/{account}/enable", headers=admin).status_code == 409


def test_admin_pages_escape_names_and_record_grants(client: TestClient[Any]) -> None:
    token = login(client, "root-admin", Role.ADMIN)
    created = client.post(
        "/admin/accounts",
        data={
            "_csrf": token,
            "username": "coord-new",
            "display_name": "<script>alert(1)</script>",
            "password": PASSWORD,
            "role": "coordinator",
            "province_code": "50",
        },
    )
    assert created.status_code == 200, created.text
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in created.text
        and "<script>alert(1)" not in created.text
    )
    account = created.url.path.rsplit("/", 1)[1]
    changed = client.post(
        f"/admin/accounts/{account}/role",
        data={"_csrf": token, "role": "coordinator", "province_code": "10"},
    )
    assert changed.status_code == 200
    no_province = client.post(
        f"/admin/accounts/{account}/role", data={"_csrf": token, "role": "coordinator"}
    )
    assert no_province.status_code == 422 and "ต้องระบุจังหวัด" in no_province.text
    audit = client.get("/admin/audit")
    assert "เปลี่ยนบทบาท" in audit.text and "เปิดบัญชี" in audit.text
    listing = client.get("/admin/accounts?role=coordinator", headers={"HX-Request": "true"})
    assert "<html" not in listing.text and "coord-new" in listing.text
    forged = client.post(f"/admin/accounts/{account}/disable", data={"_csrf": "forged"})
    assert forged.status_code == 403
    assert csrf_token(client) == token


def test_non_admin_cannot_open_admin_pages(client: TestClient[Any]) -> None:
    login(client, "just-org", Role.ORGANIZER)
    assert client.get("/admin/accounts").status_code == 403
    assert client.get("/admin/audit").status_code == 403


@pytest.mark.parametrize("cookie", ["", "x" * 43, "not a token; drop table sessions"])
def test_tampered_cookies_are_anonymous(client: TestClient[Any], cookie: str) -> None:
    client.cookies.set("assembly_session", cookie)
    assert client.get("/account").status_code == 401
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("somsak", "short"),
        ("somsak", "1234567890"),
        ("somsak", "aaaaaaaaaaaa"),
        ("somsak", "somsak-2569!"),
        ("somsak", "qwertyuiop"),
    ],
)
def test_weak_passwords_are_refused(app: Assembly, username: str, password: str) -> None:
    from assembly.errors import Invalid
    from assembly.people import create_user

    with pytest.raises(Invalid) as refused:
        create_user(app, OpenAccount(role=Role.ORGANIZER), SYSTEM, username, password, "")
    assert refused.value.field == "password"
    assert app.recorder.max_notification_id() is None


def test_login_logout_and_wrong_password(client: TestClient[Any]) -> None:
    add_user(services_app(client), "somsri", __import__("assembly.actors").actors.Role.ORGANIZER)
    wrong = client.post("/login", data={"username": "somsri", "password": "nope-nope-nope"})
    unknown = client.post("/login", data={"username": "nobody", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in wrong.text and "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in unknown.text
    ok = client.post(
        "/login", data={"username": "somsri", "password": PASSWORD, "next": "//evil.example"}
    )
    assert ok.status_code == 200 and ok.url.path == "/"  # never an open redirect
    assert "ออกจากระบบ" in ok.text
    token = login.__globals__["csrf_token"](client)
    assert client.post("/logout", data={"_csrf": token}).status_code == 200
    assert "เข้าสู่ระบบ" in client.get("/").text
    assert client.get("/councils/new").status_code == 401


def test_tampered_session_cookie_is_anonymous(client: TestClient[Any]) -> None:
    login(client, "org-t")
    client.cookies.set("assembly_session", "forged-token")
    assert client.get("/councils/new").status_code == 401


def test_bad_bearer_token_is_refused(client: TestClient[Any]) -> None:
    response = client.get("/api/v1/provinces", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401 and response.json()["error"]["code"] == "bad_token"


def test_events_carry_no_personal_data(app: Assembly, settings: Settings) -> None:
    from tests.conftest import add_user

    add_user(app, "somchai", __import__("assembly.actors").actors.Role.ORGANIZER)
    states = [bytes(r[0]) for r in rows(settings, "SELECT state FROM assembly_events")]
    assert states and not any(b"somchai" in s for s in states)
    decoded = [msgspec.json.decode(s) for s in states]
    assert all("display_name" not in d and "username" not in d for d in decoded)

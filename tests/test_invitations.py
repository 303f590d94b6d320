"""Onboarding councils with one-time invitation codes."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from litestar.testing import TestClient

from assembly.actors import ANONYMOUS, Actor, Role
from assembly.application import Assembly
from assembly.errors import Conflict, DomainError, Forbidden, Invalid
from assembly.invitations import ClaimInvitation, Invitation, IssueInvitation, invitation_id
from assembly.people import create_user
from assembly.settings import Settings
from tests.conftest import (
    PASSWORD,
    FakeClock,
    bearer,
    event_count,
    issue_invitation,
    login,
    register_council,
    rows,
    services_app,
    wait_for_projections,
)

COORDINATOR_50 = Actor(Role.COORDINATOR, account_id="c50", province_code="50")
COORDINATOR_10 = Actor(Role.COORDINATOR, account_id="c10", province_code="10")


def claim(app: Assembly, code: str, username: str) -> ClaimInvitation:
    command = ClaimInvitation(code=code)
    create_user(app, command, ANONYMOUS, username, PASSWORD, username)
    return command


def test_code_works_once_and_binds_the_council(app: Assembly, settings: Settings) -> None:
    council = register_council(app, "T500101")
    issue = issue_invitation(app, council)
    invitation = app.repository.get(invitation_id(issue.code))
    assert isinstance(invitation, Invitation) and invitation.pending
    states = rows(settings, "SELECT state FROM assembly_events")
    assert not any(issue.code.encode() in bytes(s[0]) for s in states), "the code is never stored"
    first = claim(app, issue.code.lower(), "rep1")  # case and dashes don't matter
    account = app.repository.get(first.account_id)
    assert account.role == "council" and account.council_id == council
    assert app.repository.get(council).representative == first.account_id
    with pytest.raises(Conflict) as used:
        claim(app, issue.code, "rep2")
    assert used.value.code == "code_used"
    assert rows(settings, "SELECT username FROM people") == [("rep1",)]  # the refusal left no row


def test_bad_expired_and_revoked_codes(app: Assembly, clock: FakeClock) -> None:
    council = register_council(app, "T500101")
    with pytest.raises(Invalid) as unknown:
        claim(app, "AAAA-BBBB-CCCC", "user-x1")
    assert unknown.value.code == "bad_code"
    old = issue_invitation(app, council, valid_days=7)
    clock.advance(days=8)
    with pytest.raises(Conflict) as expired:
        claim(app, old.code, "user-x2")
    assert expired.value.code == "code_expired"
    replaced = issue_invitation(app, council)
    newer = issue_invitation(app, council)  # issuing again revokes the unused one before
    with pytest.raises(Conflict) as revoked:
        claim(app, replaced.code, "user-x3")
    assert revoked.value.code == "code_revoked"
    claim(app, newer.code, "user-x4")


def test_reissue_moves_the_council_to_the_new_representative(app: Assembly) -> None:
    council = register_council(app, "T500101")
    first = issue_invitation(app, council)
    old_rep = claim(app, first.code, "old-rep")
    second = issue_invitation(app, council)
    new_rep = claim(app, second.code, "new-rep")
    assert app.repository.get(old_rep.account_id).council_id is None
    assert app.repository.get(new_rep.account_id).council_id == council


def test_coordinators_onboard_their_own_province_only(app: Assembly, settings: Settings) -> None:
    mine = register_council(app, "T500101")
    theirs = register_council(app, "T100101", "100101", "สภาองค์กรชุมชนแขวงพระบรมมหาราชวัง")
    app.handle(IssueInvitation(council_id=mine), COORDINATOR_50)
    before = event_count(settings)
    with pytest.raises(Forbidden) as refused:
        app.handle(IssueInvitation(council_id=theirs), COORDINATOR_50)
    assert "นอกจังหวัด" in refused.value.message_th
    with pytest.raises(Forbidden):
        app.handle(IssueInvitation(council_id=mine), COORDINATOR_10)
    assert event_count(settings) == before


def test_racing_claims_exactly_one_wins(app: Assembly, settings: Settings) -> None:
    council = register_council(app, "T500101")
    issue = issue_invitation(app, council)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        barrier.wait()
        try:
            claim(app, issue.code, f"racer{n}")
            outcomes.append("won")
        except DomainError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("won") == 1
    assert len(rows(settings, "SELECT username FROM people")) == 1
    accounts = rows(
        settings, "SELECT count(*) FROM assembly_events WHERE topic LIKE %s", "%Account.Opened"
    )
    assert accounts == [(1,)]


def test_claim_over_http_and_the_form(client: TestClient[Any], settings: Settings) -> None:
    app = services_app(client)
    council = register_council(app, "T500101")
    headers = bearer(client, "org", Role.ORGANIZER)
    issued = client.post(f"/api/v1/councils/{council}/invitations", json={}, headers=headers)
    assert issued.status_code == 201, issued.text
    code = issued.json()["code"]
    listed = client.get(f"/api/v1/councils/{council}/invitations", headers=headers).json()
    assert [i["state"] for i in listed] == ["pending"] and "code" not in listed[0]
    bad = client.post(
        "/claim",
        data={
            "code": code,
            "username": "rep",
            "password": PASSWORD,
            "password_again": PASSWORD + "x",
        },
    )
    assert bad.status_code == 422 and "ไม่ตรงกัน" in bad.text
    weak = client.post(
        "/claim",
        data={
            "code": code,
            "username": "rep",
            "password": "1234567890",
            "password_again": "1234567890",
        },
    )
    assert weak.status_code == 422 and "เดาง่าย" in weak.text
    done = client.post(
        "/claim",
        data={
            "code": code,
            "username": "rep",
            "display_name": "<script>x</script>",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    # Issue 10: claiming lands on the council's start page (`/`), not on /account.
    assert done.status_code == 200 and done.url.path == "/", done.text
    assert "เปิดบัญชีเรียบร้อยแล้ว" in done.text
    assert "&lt;script&gt;x&lt;/script&gt;" in done.text and "<script>x" not in done.text
    csrf_free = client.post(
        "/api/v1/accounts/claim", json={"code": code, "username": "rep2", "password": PASSWORD}
    )
    assert csrf_free.status_code == 403  # signed in by cookie now: unsafe requests need the token
    client.cookies.clear()
    again = client.post(
        "/api/v1/accounts/claim", json={"code": code, "username": "rep2", "password": PASSWORD}
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "code_used"
    assert (
        client.get(f"/api/v1/councils/{council}/invitations", headers=headers).json()[0]["state"]
        == "claimed"
    )
    page = client.get(f"/councils/{council}")
    assert "มีผู้แทนเปิดบัญชีแล้ว" in page.text


def test_invitation_page_shows_the_code_once_and_prints_a_letter(client: TestClient[Any]) -> None:
    app = services_app(client)
    council = register_council(app, "T500101")
    token = login(client, "org-letter", Role.ORGANIZER)
    shown = client.post(f"/councils/{council}/invitations", data={"_csrf": token})
    assert shown.status_code == 200 and "รหัสเชิญใหม่" in shown.text
    import re

    code = re.search(r'name="code" value="([A-Z0-9-]+)"', shown.text).group(1)  # type: ignore[union-attr]
    letter = client.post(
        f"/councils/{council}/invitations/letter", data={"_csrf": token, "code": code}
    )
    if letter.status_code == 200:
        assert letter.content.startswith(b"%PDF")
    forged = client.post(
        f"/councils/{council}/invitations/letter", data={"_csrf": token, "code": "AAAA-BBBB-CCCC"}
    )
    assert forged.status_code == 409
    council_page = client.get(f"/councils/{council}")
    assert "ออกรหัสเชิญใหม่" in council_page.text and code not in council_page.text


def test_coordinator_of_another_province_gets_403_over_http(client: TestClient[Any]) -> None:
    app = services_app(client)
    council = register_council(app, "T500101")
    other = bearer(client, "coord10", Role.COORDINATOR, province_code="10")
    refused = client.post(f"/api/v1/councils/{council}/invitations", json={}, headers=other)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "out_of_scope"
    council_role = bearer(client, "someone", Role.ORGANIZER)
    wait_for_projections(app)
    assert (
        client.post(
            f"/api/v1/councils/{council}/invitations", json={}, headers=council_role
        ).status_code
        == 201
    )

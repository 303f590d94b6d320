"""XSS payloads in every text field of the path from a council to the Cabinet, shown as text on
every page that shows them, to each role that sees them.

The payloads (tests/xss.py) go in through the write path: council names (by import), a
proposal's title, problem and recommendation, a provincial issue's title and summary, a
recommendation's title and text, the letter to the Cabinet, its resolution and an agency's
answer. Then the pages are fetched as the anonymous public, the council, the coordinator, the
secretariat and the organizer: each page must show the payloads it is about as text (their
markers in its text), with no tag, attribute, script or URL made from them; the Atom feed and
the JSON answers carry them escaped too. (Forum comments have their own check in
test_forum_web.py.)"""

from __future__ import annotations

import json
from typing import Any

import pytest
from litestar.testing import TestClient

from assembly.actors import Role
from assembly.consolidation import CreateIssue
from assembly.councils import RegisterCouncil, council_id
from tests.conftest import (
    CM,
    COORDINATOR,
    council_fields,
    create_recommendation,
    import_councils,
    login,
    proposal,
    services_app,
    setup_world,
    wait_for_projections,
)
from tests.conftest import (
    issue as issue_of,
)
from tests.responses_scene import MOI, answer, finalized_submission, resolve
from tests.xss import MARKERS, PAYLOADS, live_markup, shown_markers

P = PAYLOADS


def scene(client: TestClient[Any]) -> dict[str, str]:
    """Every payload through the write path; the ids the pages are found by."""
    app = setup_world(services_app(client))
    fields = council_fields("T500104", "500104", name_th=f"สภา {P[6]}")
    import_councils(app, [RegisterCouncil(**fields)])
    first = proposal(app, CM[0], title_th=P[0], problem_th=P[1], recommendation_th=P[4])
    command = CreateIssue(
        year_be=2569,
        province_code="50",
        title_th=P[2],
        summary_th=P[3] + "\n" + P[5],
        proposal_ids=[first],
    )
    app.handle(command, COORDINATOR)
    issue = command.issue_id
    rec = create_recommendation(app, [issue], title_th=P[5], text_th=P[1]).recommendation_id
    second = issue_of(app, proposal(app, CM[1], title_th="บ้านมั่นคง"), title="ที่อยู่อาศัย")
    other = create_recommendation(app, [second], title_th="บ้านมั่นคง").recommendation_id
    submission = finalized_submission(app, [rec, other])
    resolve(app, submission, [rec, other])
    answer(app, rec, MOI, P[4])
    wait_for_projections(app)
    return {
        "proposal": str(first),
        "issue": str(issue),
        "recommendation": str(rec),
        "submission": str(submission),
    }


def check_page(client: TestClient[Any], path: str, expected: set[str]) -> None:
    r = client.get(path)
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    live, text = live_markup(r.text)
    assert not live, (path, live)
    missing = expected - shown_markers(text)
    assert not missing, f"{path} does not show {missing} as text"
    for payload in PAYLOADS:  # those with a character to escape are never sent as they are
        if any(c in payload for c in "<>\"'"):
            assert payload not in r.text, (path, payload)
    if "XSS4" in text:  # a template's syntax in a text is shown, not evaluated
        assert "{{7*7}}" in text and "{% if 1 %}" in text, path


@pytest.fixture
def ids(client: TestClient[Any]) -> dict[str, str]:
    return scene(client)


def test_public_pages_show_payloads_as_text(client: TestClient[Any], ids: dict[str, str]) -> None:
    check_page(client, f"/recommendations/{ids['recommendation']}", {"XSS6", "XSS2"})
    check_page(client, f"/issues/{ids['issue']}", {"XSS3"})
    check_page(client, "/transparency/2569", {"XSS6"})
    check_page(client, "/provinces/50", set())
    check_page(client, "/open", set())
    feed = client.get("/open/feed.atom")
    assert feed.status_code == 200
    for payload in PAYLOADS:
        if any(c in payload for c in "<>\"'"):
            assert payload not in feed.text, payload


def test_council_coordinator_and_organizer_pages(
    client: TestClient[Any], ids: dict[str, str]
) -> None:
    login(client, "c-xss", Role.COUNCIL, council_id=CM[0])
    check_page(client, "/proposals", {"XSS1"})
    check_page(client, f"/proposals/{ids['proposal']}", {"XSS1", "XSS2", "XSS5"})
    # The edit form holds the texts in its fields: `</textarea>` must not close one early.
    check_page(client, f"/proposals/{ids['proposal']}/edit", {"XSS1", "XSS2", "XSS5"})
    client.cookies.clear()
    login(client, "coord-xss", Role.COORDINATOR, province_code="50")
    check_page(client, "/provinces/50/board", {"XSS3"})
    check_page(client, "/provinces/50/proposals", {"XSS1"})
    check_page(client, f"/issues/{ids['issue']}", {"XSS3", "XSS4"})
    client.cookies.clear()
    login(client, "org-xss", Role.ORGANIZER)
    check_page(client, f"/councils/{council_id('T500104')}", {"XSS7"})


def test_secretariat_pages_and_json(client: TestClient[Any], ids: dict[str, str]) -> None:
    login(client, "sec-xss", Role.SECRETARIAT)
    check_page(client, "/submissions", set())
    check_page(client, f"/submissions/{ids['submission']}", {"XSS6"})
    check_page(client, f"/submissions/{ids['submission']}/resolution", {"XSS6"})
    check_page(client, f"/recommendations/{ids['recommendation']}", {"XSS6", "XSS5"})
    r = client.get(f"/api/v1/recommendations/{ids['recommendation']}")
    if r.status_code == 200:  # JSON carries the text as it is, in a JSON content type
        assert r.headers["content-type"].startswith("application/json")
        assert any(m in json.dumps(r.json()) for m in MARKERS)


def test_markers_are_what_the_check_looks_for() -> None:
    """The checker itself: live markup is caught, escaped text is not."""
    live, _ = live_markup(f"<p>{P[1]}</p>")
    assert live
    live, text = live_markup("<p>&lt;script&gt;alert(&quot;XSS1&quot;)&lt;/script&gt;</p>")
    assert not live and "XSS1" in text
    live, _ = live_markup('<textarea></textarea><svg onload=alert("XSS5")></textarea>')
    assert live

"""XSS at the national meeting: a session's theme, a resolution's amended text and a delegate's
display name (from the people table) go in through the API and the people table, and come out
as text on the organizers' desk pages, the public hall and the API, and as literal text on the
badges' PDF. Checked with test_xss's `check_page` and payloads (tests/xss.py)."""

from __future__ import annotations

import re
from typing import Any

from litestar.testing import TestClient

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Role
from assembly.people import create_user
from assembly.thai import thai_digits
from tests.conftest import PASSWORD, login, services_app, wait_for_projections
from tests.national_scene import BASE, setup_hall
from tests.pdftext import POPPLER, pdftotext, squeeze
from tests.test_xss import check_page
from tests.xss import PAYLOADS as P

PAGES = "/meetings/2569/national"
NAME = f"สมศรี {P[6]}"


@POPPLER
def test_session_theme_amended_text_and_names_are_text(client: TestClient[Any]) -> None:
    hall = setup_hall(client, delegates=1)
    app = services_app(client)
    person = OpenAccount(role=Role.DELEGATE)
    create_user(app, person, SYSTEM, "xss-delegate", PASSWORD, NAME)
    org = hall.organizer
    made = client.post(
        f"{BASE}/delegates",
        json={"account_id": str(person.account_id), "kind": "expert"},
        headers=org,
    )
    assert made.status_code == 201, made.text
    session = client.post(
        f"{BASE}/sessions",
        json={"day": "2027-03-03", "starts_at": "13:00", "title_th": P[2]},
        headers=org,
    )
    assert session.status_code == 201, session.text
    sid = session.json()["id"]
    rec = hall.recs[0]
    amended = {"outcome": "amended", "amended_text_th": P[4]}
    done = client.post(f"{BASE}/items/{rec}/resolution", json=amended, headers=org)
    assert done.status_code == 200, done.text
    wait_for_projections(app)
    sessions = client.get(f"{BASE}/sessions").json()  # JSON carries the text as it is
    assert P[2] in str(sessions), sessions
    check_page(client, "/meetings/2569/hall", set())
    login(client, "org-xss-national", Role.ORGANIZER)
    check_page(client, f"{PAGES}/sessions/{sid}", {"XSS3"})
    check_page(client, f"{PAGES}/sessions/{hall.session_id}", {"XSS5"})
    check_page(client, f"{PAGES}/delegates", {"XSS7"})
    badges = client.get(f"{PAGES}/badges.pdf")
    assert badges.status_code == 200 and badges.content.startswith(b"%PDF")
    # A badge's code sits beside the name and pdftotext may read it into the name's line.
    shown = re.sub(
        r"\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", "", squeeze(pdftotext(badges.content))
    )
    assert squeeze(NAME) in shown or squeeze(thai_digits(NAME)) in shown, shown[:400]

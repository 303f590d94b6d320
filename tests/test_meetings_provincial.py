"""A provincial meeting through HTTP, from the agenda to the minutes read back from the PDF,
and each bad input the issue names: a date outside the window, a ranking leaving out or
repeating an issue, a council of another province, ranking when not present or after the
close, delegates over the quota, twice, or unknown."""

from __future__ import annotations

import io
import uuid
from datetime import datetime
from typing import Any

import docx
from litestar.testing import TestClient

from assembly.actors import Role
from assembly.thai import BANGKOK
from tests.conftest import (
    BKK,
    CM,
    FakeClock,
    add_user,
    bearer,
    council_client,
    rows,
    services_app,
    token_headers,
    wait_for_projections,
)
from tests.pdftext import pdftotext, squeeze
from tests.provincial_scene import provincial_scene

BASE = "/api/v1/editions/2569/provinces/50/meeting"
DAY = datetime(2027, 2, 15, 9, 0, tzinfo=BANGKOK)


def _scene(client: TestClient[Any]) -> tuple[dict[str, str], list[uuid.UUID]]:
    app = services_app(client)
    issues = provincial_scene(app)
    wait_for_projections(app)
    return bearer(client, "coord", Role.COORDINATOR, province_code="50"), issues


def _error(response: Any, status: int, field: str, text: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert body["field"] == field, body
    assert text in body["message_th"], body


def test_a_full_provincial_meeting_from_agenda_to_minutes(
    client: TestClient[Any], clock: FakeClock
) -> None:
    coord, issues = _scene(client)
    a, b, c = issues
    # the date: outside the window it is refused, naming the field
    refused = client.put(
        BASE, json={"starts_at": "2027-05-01T09:00:00+07:00", "place_th": "x"}, headers=coord
    )
    _error(refused, 422, "starts_at", "ช่วงประชุมระดับจังหวัด")
    done = client.put(
        BASE, json={"starts_at": DAY.isoformat(), "place_th": "ศาลากลางจังหวัดเชียงใหม่"}, headers=coord
    )
    assert done.status_code == 200, done.text
    proposed = client.get(f"{BASE}/agenda/proposed").json()
    assert {p["issue_id"] for p in proposed} == {str(i) for i in issues}
    assert (
        client.put(
            f"{BASE}/agenda", json={"issue_ids": [str(a), str(b), str(c)]}, headers=coord
        ).status_code
        == 200
    )
    # the day comes; councils mark themselves present, or the coordinator does
    clock.now = DAY
    coord = token_headers(client, "coord")  # signed in again: months went by
    reps = [council_client(client, f"rep{k}", CM[k]) for k in range(3)]
    for k in (0, 1):
        assert client.post(f"{BASE}/attendance", json={}, headers=reps[k]).status_code == 200
    far = client.post(f"{BASE}/attendance", json={"council_id": str(BKK)}, headers=coord)
    _error(far, 422, "council_id", "ไม่ได้อยู่ในจังหวัด")
    assert client.post(f"{BASE}/vote/open", headers=coord).status_code == 200
    order = [str(a), str(b), str(c)]
    _error(
        client.post(f"{BASE}/rankings", json={"issue_ids": order[:2]}, headers=reps[0]),
        422,
        "issue_ids",
        "ยังขาดวาระที่ ๓".replace("๓", "3"),
    )
    _error(
        client.post(
            f"{BASE}/rankings", json={"issue_ids": [str(a), str(a), str(b)]}, headers=reps[0]
        ),
        422,
        "issue_ids",
        "ซ้ำ",
    )
    _error(
        client.post(f"{BASE}/rankings", json={"issue_ids": order}, headers=reps[2]),
        409,
        "council_id",
        "ยังไม่ได้ลงชื่อมาประชุม",
    )
    assert (
        client.post(
            f"{BASE}/rankings", json={"issue_ids": [str(c), str(b), str(a)]}, headers=reps[0]
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"{BASE}/rankings", json={"issue_ids": [str(b), str(a), str(c)]}, headers=reps[0]
        ).status_code
        == 200
    )  # replaces
    assert (
        client.post(
            f"{BASE}/rankings", json={"issue_ids": [str(b), str(c), str(a)]}, headers=reps[1]
        ).status_code
        == 200
    )
    assert client.get(f"{BASE}/result").status_code in (401, 403)  # the live tally is the desk's
    closed = client.post(f"{BASE}/vote/close", headers=coord).json()
    assert [t["issue_id"] for t in closed["tally"]] == [
        str(b),
        str(a),
        str(c),
    ]  # 4, 1, 1 (a: earlier)
    assert closed["tally"][0]["by_rank"] == [2, 0, 0]
    _error(
        client.post(f"{BASE}/rankings", json={"issue_ids": order}, headers=reps[1]),
        409,
        "issue_ids",
        "ปิดการลงคะแนนแล้ว",
    )
    # the board has the same ranking
    ranked = rows(
        client.app.state.services.settings,
        "SELECT id FROM issues WHERE province_code = '50' ORDER BY rank",
    )
    assert [r[0] for r in ranked] == [b, a, c]
    # resolutions and the election
    assert (
        client.post(
            f"{BASE}/resolutions", json={"text_th": "ให้เสนอประเด็นหนี้สินเป็นลำดับแรก"}, headers=coord
        ).status_code
        == 200
    )
    app = services_app(client)
    people = [add_user(app, f"delegate{k}", Role.COUNCIL, council_id=CM[k]) for k in range(3)]
    assert (
        client.post(f"{BASE}/delegates", json={"account_id": people[0]}, headers=coord).status_code
        == 200
    )
    _error(
        client.post(f"{BASE}/delegates", json={"account_id": people[0]}, headers=coord),
        409,
        "account_id",
        "ได้รับเลือกเป็นผู้แทนแล้ว",
    )
    _error(
        client.post(f"{BASE}/delegates", json={"account_id": str(uuid.uuid4())}, headers=coord),
        422,
        "account_id",
        "ไม่พบบัญชี",
    )
    assert (
        client.post(f"{BASE}/delegates", json={"account_id": people[1]}, headers=coord).status_code
        == 200
    )
    _error(
        client.post(f"{BASE}/delegates", json={"account_id": people[2]}, headers=coord),
        409,
        "account_id",
        "จังหวัดละ 2 คน",
    )
    assert rows(
        app.datastore and client.app.state.services.settings,
        "SELECT account_id FROM provincial_delegates ORDER BY elected_at",
    ) == [(uuid.UUID(people[0]),), (uuid.UUID(people[1]),)]
    # close: read-only, and the result public
    assert client.post(f"{BASE}/close", headers=coord).status_code == 200
    _error(
        client.post(f"{BASE}/resolutions", json={"text_th": "อีก"}, headers=coord),
        409,
        "text_th",
        "ปิดการประชุมแล้ว",
    )
    assert client.get(f"{BASE}/result").json()["tally"][0]["issue_id"] == str(b)
    pdf = client.get(f"{BASE}/minutes?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = squeeze(pdftotext(pdf.content))
    for part in (
        "รายงานการประชุม",
        "ศาลากลางจังหวัดเชียงใหม่",
        "หนี้สินครัวเรือน",
        "มติที่ประชุม",
        "คุณ delegate๐",  # the name from the people table, in Thai digits
        "ผู้ประสานงานจังหวัด",
        "๒๕๖๙",
    ):
        assert squeeze(part) in text, part
    word = client.get(f"{BASE}/minutes?format=docx")
    assert word.status_code == 200
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "คุณ delegate๑" in body and "หนี้สินครัวเรือน" in body


def test_the_meeting_page_for_the_coordinator_a_council_and_the_public(
    client: TestClient[Any], clock: FakeClock
) -> None:
    coord, issues = _scene(client)
    page = "/provinces/50/meeting/2569"
    assert "ยังไม่ได้นัดประชุม" in client.get(page).text
    client.put(BASE, json={"starts_at": DAY.isoformat(), "place_th": "หอประชุม"}, headers=coord)
    client.put(f"{BASE}/agenda", json={"issue_ids": [str(i) for i in issues]}, headers=coord)
    clock.now = DAY
    coord = token_headers(client, "coord")
    rep = council_client(client, "rep-page", CM[0])
    client.post(f"{BASE}/attendance", json={}, headers=rep)
    client.post(f"{BASE}/vote/open", headers=coord)
    shown = client.get(page, headers=coord)
    assert shown.status_code == 200 and "เปิดการลงคะแนนแล้ว" not in shown.text
    assert "ปิดการลงคะแนน" in shown.text and "หอประชุม" in shown.text
    council = client.get(page, headers=rep)
    assert council.status_code == 200 and 'name="rank-' in council.text
    assert client.get(page).status_code == 200  # the public sees the meeting, not the tally
    assert "คะแนนแบบบอร์ดา" not in client.get(page).text

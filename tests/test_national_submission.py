"""What the Cabinet submission takes from the national meeting: by default the adopted and
amended recommendations (an amended one with the meeting's text), and never a rejected one
(refused in Thai, `rejected_by_meeting`, nothing written)."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from assembly.settings import Settings
from tests.conftest import bearer, event_count
from tests.national_scene import BASE, setup_hall

AMENDED = "ให้รัฐพักหนี้เกษตรกรสามปี"


def test_the_submission_takes_the_meetings_resolutions(
    client: TestClient[Any], settings: Settings
) -> None:
    hall = setup_hall(client, delegates=1)
    rejected, amended = hall.recs
    for rec, body in (
        (rejected, {"outcome": "rejected"}),
        (amended, {"outcome": "amended", "amended_text_th": AMENDED}),
    ):
        r = client.post(f"{BASE}/items/{rec}/resolution", json=body, headers=hall.organizer)
        assert r.status_code == 200, r.text
    secretariat = bearer(client, "secretary", Role.SECRETARIAT)

    # The form ticks the adopted and amended by default, and says what the meeting resolved.
    form = client.get("/editions/2569/submissions", headers=secretariat).text
    assert f'value="{amended}" checked' in form
    assert f'value="{rejected}">' in form and "มติที่ประชุมระดับชาติ: ไม่รับรอง" in form

    before = event_count(settings)
    refused = client.post(
        "/api/v1/editions/2569/submissions",
        json={"recommendation_ids": [str(amended), str(rejected)]},
        headers=secretariat,
    )
    assert refused.status_code == 409, refused.text
    error = refused.json()["error"]
    assert error["code"] == "rejected_by_meeting" and "ไม่รับรอง" in error["message_th"]
    assert event_count(settings) == before

    made = client.post(
        "/api/v1/editions/2569/submissions",
        json={"recommendation_ids": [str(amended)]},
        headers=secretariat,
    )
    assert made.status_code == 201, made.text
    sid = made.json()["id"]
    shown = client.get(f"/api/v1/submissions/{sid}", headers=secretariat)
    assert AMENDED in shown.text and 'ให้รัฐพักหนี้"' not in shown.text

    # Adding the rejected one later is refused the same way.
    added = client.put(
        f"/api/v1/submissions/{sid}/items",
        json={"version": 1, "item_ids": [str(amended), str(rejected)]},
        headers=secretariat,
    )
    assert added.status_code == 409 and added.json()["error"]["code"] == "rejected_by_meeting"

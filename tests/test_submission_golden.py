"""The golden test from the seed: the 2565 report's five recommendations, entered from the
paper record as a submission, finalized and exported. The documents' tables must give back
the seed's recommendations in order, with their Thai numbers and exact Thai (ตำบล, not ตาบล).
"""

from __future__ import annotations

import hashlib
import io
import re
from datetime import datetime
from typing import Any

import docx
from litestar.testing import TestClient

from assembly.actors import Role
from assembly.thai import BANGKOK, thai_digits
from tests.conftest import bearer, open_edition, services_app, wait_for_projections
from tests.documents_sample import seed_recommendations
from tests.pdftext import POPPLER, assert_in_order, pdftotext, squeeze, table_text

THAI_NUMBERS = ["๑.", "๒.", "๓.", "๔.", "๕."]


def _finalized_seed(client: TestClient[Any]) -> tuple[str, dict[str, str]]:
    app = services_app(client)
    open_edition(
        app,
        2565,
        opens=datetime(2022, 6, 1, tzinfo=BANGKOK),
        closes=datetime(2022, 8, 31, tzinfo=BANGKOK),
        title_th="การประชุมระดับชาติของสภาองค์กรชุมชนตำบล ประจำปี 2565",
    )
    headers = bearer(client, "sec-2565", Role.SECRETARIAT)
    ids = []
    for n, text in enumerate(seed_recommendations(), 1):
        made = client.post(
            "/api/v1/editions/2565/recommendations",
            json={"title_th": f"ข้อเสนอแนะที่ {n}", "text_th": text},
            headers=headers,
        )
        assert made.status_code == 201, made.text
        ids.append(made.json()["id"])
    wait_for_projections(app)
    composed = client.post(
        "/api/v1/editions/2565/submissions",
        json={
            "recommendation_ids": ids,
            "subject_th": "สรุปผลการพิจารณาแนวทางและความเหมาะสมของรายงานการพิจารณาศึกษา",
            "to_th": "เลขาธิการวุฒิสภา",
            "signatory_name": "นางสาวตัวอย่าง นามสมมุติ",
            "signatory_position": "เลขาธิการคณะรัฐมนตรี",
            "owner_unit": "สำนักเลขาธิการคณะรัฐมนตรี\nทำเนียบรัฐบาล กทม. 10300",
            "department": "กองนิติธรรม",
            "phone": "0 2280 9000 ต่อ 3362",
            "fax": "0 2280 9058",
            "email": "saraban@soc.go.th",
        },
        headers=headers,
    )
    assert composed.status_code == 201, composed.text
    sid = composed.json()["id"]
    final = client.post(
        f"/api/v1/submissions/{sid}/finalize",
        json={"document_number": "นร 0503/28036", "dated": "2022-11-08"},
        headers=headers,
    )
    assert final.status_code == 200, final.text
    return sid, headers


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_seed_comes_back_from_the_docx_and_the_json(client: TestClient[Any]) -> None:
    sid, _ = _finalized_seed(client)
    exported = client.get(f"/api/v1/submissions/{sid}/export?format=docx")  # public now
    assert exported.status_code == 200, exported.text
    table = docx.Document(io.BytesIO(exported.content)).tables[-1]
    rows = [(r.cells[0].text.strip(), r.cells[1].text) for r in table.rows[1:]]
    assert [n for n, _ in rows] == THAI_NUMBERS
    for (_, cell), text in zip(rows, seed_recommendations(), strict=True):
        assert _flat(cell).startswith(_flat(thai_digits(text)))
    assert "ตาบล" not in "".join(c for _, c in rows) and "ตำบล" in rows[0][1]
    again = client.get(f"/api/v1/submissions/{sid}/export?format=docx")
    assert hashlib.sha256(again.content).digest() == hashlib.sha256(exported.content).digest()
    assert again.headers["x-content-sha256"] == hashlib.sha256(exported.content).hexdigest()

    data = client.get(f"/api/v1/submissions/{sid}/export?format=json").json()
    assert [i["text_th"] for i in data["items"]] == seed_recommendations()
    assert data["letter"]["number"] == "นร 0503/28036" and data["letter"]["dated"] == "2022-11-08"


@POPPLER
def test_the_seed_comes_back_from_the_pdf(client: TestClient[Any]) -> None:
    sid, _ = _finalized_seed(client)
    exported = client.get(f"/api/v1/submissions/{sid}/export?format=pdf")
    assert exported.status_code == 200, exported.text
    text = pdftotext(exported.content)
    assert_in_order(
        table_text(exported.content),
        [
            number + squeeze(thai_digits(rec))
            for number, rec in zip(THAI_NUMBERS, seed_recommendations(), strict=True)
        ],
    )
    assert "ตาบล" not in text and "ตำบล" in text
    assert "นร ๐๕๐๓/๒๘๐๓๖" in text and "๘ พฤศจิกายน ๒๕๖๕" in text

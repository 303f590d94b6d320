"""Nothing unpublished or personal on any public page or file: plant a draft submission, a
draft answer, a draft proposal, a withdrawn proposal and people's names, then crawl every
page, file, feed and JSON anyone can reach without signing in, searching for each. And
hostile input on every public URL: a Thai 404/422, never a 500."""

from __future__ import annotations

import re
import uuid
from typing import Any
from urllib.parse import urljoin, urlsplit

from litestar.testing import TestClient

from assembly.actors import SYSTEM, Role
from assembly.proposals import WithdrawProposal
from assembly.responses import DraftAnswer
from tests.conftest import CM, add_user, bearer, proposal, wait_for_projections
from tests.responses_scene import LETTER, MOI, NESDC, answer, resolved_scene

SECRETS = {
    "draft answer": "ร่างความเห็นลับยังไม่ส่ง",
    "draft proposal": "ข้อเสนอร่างลับของสภา",
    "withdrawn proposal": "ข้อเสนอที่ถอนแล้วลับ",
    "draft submission": "หนังสือร่างลับยังไม่ลงนาม",
    "signatory": "นายสมศักดิ์ ลงนามลับ",
    "display name": "hiddenperson42",
}
START = [
    "/transparency",
    "/transparency/2569",
    "/transparency/2569/provinces/50",
    "/open",
    "/open/feed.atom",
    "/open/2569/feed.atom",
    "/api/v1/editions/2569/transparency",
    "/api/v1/editions/2569/provinces/50/summary",
    *(
        f"/open/2569/{n}.{f}"
        for n in ("recommendations", "answers", "provinces")
        for f in ("json", "csv")
    ),
]
SKIP = ("/static/", "/login", "/logout", "/claim", "/schema")
HREF = re.compile(r'href="([^"#?]+)')


def _plant(client: TestClient[Any]) -> Any:
    scene = resolved_scene(client)
    app = scene.app
    answer(app, scene.recs[1], MOI, "รับไปพิจารณาแล้ว")
    app.handle(
        DraftAnswer(
            recommendation_id=scene.recs[0], agency="nesdc", opinion_th=SECRETS["draft answer"]
        ),
        NESDC,
    )
    proposal(app, CM[2], submit=False, title_th=SECRETS["draft proposal"])
    gone = proposal(app, CM[2], title_th=SECRETS["withdrawn proposal"])
    app.handle(WithdrawProposal(proposal_id=gone), SYSTEM)
    add_user(app, SECRETS["display name"], Role.COUNCIL, council_id=CM[2])
    headers = bearer(client, "sec-privacy", Role.SECRETARIAT)
    draft = client.post(
        "/api/v1/editions/2569/submissions",
        json={**LETTER, "subject_th": SECRETS["draft submission"], "recommendation_ids": []},
        headers=headers,
    )
    assert draft.status_code == 201, draft.text
    letter = client.put(
        f"/api/v1/submissions/{draft.json()['id']}/letter",
        json={"signatory_name": SECRETS["signatory"], "version": draft.json()["version"]},
        headers=headers,
    )
    assert letter.status_code == 200, letter.text
    wait_for_projections(app)
    # Planted for real: those allowed see them (so a leak would be found by the crawl).
    mine = client.get(f"/api/v1/submissions/{draft.json()['id']}", headers=headers).text
    assert SECRETS["draft submission"] in mine and SECRETS["signatory"] in mine
    return scene


def test_no_draft_and_no_person_on_any_public_page_or_file(client: TestClient[Any]) -> None:
    scene = _plant(client)
    seen: set[str] = set()
    queue = [*START, f"/transparency/recommendations/{scene.recs[0]}"]
    while queue and len(seen) < 400:
        path = queue.pop(0)
        if path in seen or path.startswith(SKIP):
            continue
        seen.add(path)
        response = client.get(path)  # no session, no token: what anyone sees
        assert response.status_code < 500, path
        body = response.content.decode("utf-8", "replace")
        for what, secret in SECRETS.items():
            assert secret not in body, f"{what} on {path}"
        for link in HREF.findall(body):
            url = urlsplit(urljoin("http://testserver" + path, link))
            if url.netloc == "testserver" and url.path not in seen:
                queue.append(url.path)
    # The crawl reached every kind of public page and file.
    assert any(p.startswith("/transparency/recommendations/") for p in seen)
    assert any(p.startswith("/transparency/2569/provinces/") for p in seen)
    assert len(seen) > 30


BAD = [
    "/transparency/0",
    "/transparency/-1",
    "/transparency/99999999999999999999999",
    "/transparency/abc",
    "/transparency/2569/provinces/99",
    "/transparency/2569/provinces/" + "9" * 3000,
    "/transparency/2569/provinces/%00",
    "/transparency/2400/provinces/50",
    "/transparency/recommendations/not-a-uuid",
    f"/transparency/recommendations/{uuid.uuid4()}",
    "/open/2569/secrets.csv",
    "/open/2569/recommendations.xml",
    "/open/2569/recommendations",
    "/open/2569/..%2F..%2Fetc%2Fpasswd",
    "/open/1/feed.atom",
    "/open/99999999999999999999999/answers.csv",
    "/api/v1/editions/2569/provinces/zz/summary",
    "/api/v1/editions/1/provinces/50/summary",
    "/api/v1/editions/99999999999999999999999/transparency",
]


def test_hostile_input_gets_a_thai_answer_never_a_500(client: TestClient[Any]) -> None:
    resolved_scene(client)
    for path in BAD:
        response = client.get(path)
        assert response.status_code in (400, 404, 422), (path, response.status_code)
        assert re.search("[\u0e00-\u0e7f]", response.text), path  # a Thai message
    huge = "x" * 20_000
    for path in ("/transparency/2569", "/open/2569/answers.csv", "/open/feed.atom"):
        response = client.get(f"{path}?q={huge}&format=<script>&year_be=-1")
        assert response.status_code < 500, path
        assert "<script>" not in response.text

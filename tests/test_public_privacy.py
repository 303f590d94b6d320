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
from tests.conftest import (
    BKK,
    CM,
    add_user,
    bearer,
    council_client,
    proposal,
    services_app,
    setup_world,
    wait_for_projections,
)
from tests.forum_scene import subjects
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


def crawl(
    client: TestClient[Any],
    start: list[str],
    secrets: dict[str, str],
    headers: dict[str, str] | None = None,
) -> set[str]:
    """Every page and file reachable by links from `start` (up to 400), as `headers` (none:
    what anyone sees) would get them, each searched for every secret. Returns the paths."""
    seen: set[str] = set()
    queue = list(start)
    while queue and len(seen) < 400:
        path = queue.pop(0)
        if path in seen or path.startswith(SKIP):
            continue
        seen.add(path)
        response = client.get(path, headers=headers)
        assert response.status_code < 500, path
        body = response.content.decode("utf-8", "replace")
        for what, secret in secrets.items():
            assert secret not in body, f"{what} on {path}"
        for link in HREF.findall(body):
            url = urlsplit(urljoin("http://testserver" + path, link))
            if url.netloc == "testserver" and url.path not in seen:
                queue.append(url.path)
    return seen


def test_no_draft_and_no_person_on_any_public_page_or_file(client: TestClient[Any]) -> None:
    scene = _plant(client)
    seen = crawl(client, [*START, f"/transparency/recommendations/{scene.recs[0]}"], SECRETS)
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


HIDDEN = {
    "hidden comment on an issue": "ถ้อยคำลับที่ถูกซ่อนในประเด็น",
    "hidden comment on a recommendation": "ถ้อยคำลับที่ถูกซ่อนในข้อเสนอแนะ",
    "why it was hidden": "เหตุผลลับของผู้ดูแล",
}


def test_a_hidden_comments_words_reach_neither_the_public_nor_another_council(
    client: TestClient[Any],
) -> None:
    """Planted on an issue and on a recommendation, hidden with a reason; then every page,
    list and JSON reachable from the forum is crawled anonymously and as two other councils
    (one of the same province, one of another)."""
    app = services_app(client)
    setup_world(app)
    issue_id, rec = subjects(app)
    author = council_client(client, "cm-author", CM[0])
    coordinator = bearer(client, "cm-coord", Role.COORDINATOR, province_code="50")
    for subject, words in (
        (issue_id, HIDDEN["hidden comment on an issue"]),
        (rec, HIDDEN["hidden comment on a recommendation"]),
    ):
        said = client.post(
            f"/api/v1/forum/{subject}/comments", json={"body_th": words}, headers=author
        ).json()["id"]
        client.post(
            f"/api/v1/forum/{subject}/comments", json={"body_th": "ความเห็นที่เปิดเผย"}, headers=author
        )
        r = client.post(
            f"/api/v1/forum/comments/{said}/hide",
            json={"reason_th": HIDDEN["why it was hidden"]},
            headers=coordinator,
        )
        assert r.status_code == 200, r.text
    wait_for_projections(app)
    # Planted for real: the author and the moderators read them (a leak would be found).
    for who in (author, coordinator):
        mine = client.get(f"/forum/{issue_id}", headers=who).text
        assert HIDDEN["hidden comment on an issue"] in mine and HIDDEN["why it was hidden"] in mine
    start = [
        "/",
        "/forum/2569/provinces/50",
        "/forum/2569/recommendations",
        f"/forum/{issue_id}",
        f"/forum/{rec}",
        f"/api/v1/forum/{issue_id}",
        f"/api/v1/forum/{issue_id}/comments",
        f"/api/v1/forum/{rec}/comments",
        "/forum/2569/moderation",
        "/inbox",
        "/api/v1/inbox",
    ]
    neighbour = council_client(client, "cm-neighbour", CM[1])
    far = council_client(client, "bkk-council", BKK)
    for headers in (None, neighbour, far):
        seen = crawl(client, start, HIDDEN, headers)
        assert f"/forum/{issue_id}" in seen and f"/forum/{rec}" in seen
        body = client.get(f"/forum/{issue_id}", headers=headers).text
        assert "ความเห็นนี้ถูกซ่อนโดยผู้ดูแล" in body and "ความเห็นที่เปิดเผย" in body

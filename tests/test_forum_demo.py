"""The demo's forum: Chiang Mai's issues and the national recommendations talked about and
endorsed, the demo council's comment reported and hidden with a reason (its inbox says why),
so that a new user sees the forum at work."""

from __future__ import annotations

import uuid
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from assembly.councils import council_id
from tests.conftest import (
    CM,
    add_user,
    create_issue,
    create_recommendation,
    proposal,
    rows,
    services_app,
    setup_world,
    wait_for_projections,
)
from web import demo, demo_forum
from web.demo_consolidation import Consolidated


def test_the_demo_forum_has_talk_endorsements_and_a_hidden_comment(
    client: TestClient[Any], settings: Any
) -> None:
    app = services_app(client)
    setup_world(app)  # Chiang Mai's three councils and one in Bangkok, as the demo names them
    councils = [c for c in demo.demo_councils() if council_id(c.code) in {*CM}]
    councils += [c for c in demo.demo_councils() if c.code == "T100101"]
    issues = [
        create_issue(app, [proposal(app, CM[n])], title_th=f"ประเด็นที่ {n + 1}") for n in range(3)
    ]
    rec = create_recommendation(app, [issues[0].issue_id], title_th="ข้อเสนอแนะด้านที่ดิน")
    accounts = {
        "demo-council": add_user(app, "demo-council", Role.COUNCIL, council_id=CM[0]),
        "demo-coordinator": add_user(app, "demo-coordinator", Role.COORDINATOR, province_code="50"),
    }
    made = Consolidated(0, issues, [rec])
    assert demo_forum.load(app, councils, made, {k: uuid.UUID(v) for k, v in accounts.items()})
    wait_for_projections(app)

    comments = rows(settings, "SELECT subject_id, hidden, hidden_reason_th FROM forum_comments")
    assert len(comments) == 7  # 3 and 2 on the first issues, 2 on the recommendation
    hidden = [c for c in comments if c[1]]
    assert hidden == [(issues[1].issue_id, True, demo_forum.HIDE_REASON)]
    counts = client.get(
        f"/api/v1/forum/counts?ids={issues[0].issue_id}&ids={issues[1].issue_id}"
        f"&ids={issues[2].issue_id}&ids={rec.recommendation_id}"
    ).json()["counts"]
    assert list(counts.values()) == [3, 3, 2, 3]  # as many councils as the demo has, at most
    index = client.get("/forum/2569/provinces/50").text
    assert "ประเด็นที่ 1" in index and "3 สภาสนับสนุน" in index
    # The demo council's own comment was hidden: its inbox says why.
    told = rows(
        settings,
        "SELECT kind, body_th FROM notifications WHERE account_id = %s",
        accounts["demo-council"],
    )
    assert told == [("forum-hidden", _said())]
    public = client.get(f"/forum/{issues[1].issue_id}").text
    assert "ความเห็นนี้ถูกซ่อนโดยผู้ดูแล" in public and "รับเงินใต้โต๊ะ" not in public


def _said() -> str:
    return f"เหตุผล: {demo_forum.HIDE_REASON} ผู้อื่นเห็นเพียงว่าความเห็นถูกซ่อนโดยผู้ดูแล"

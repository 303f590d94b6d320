"""Writes `events_before_issue9.json`: a small event log with every aggregate and nearly every
event type, and the API's answers about it.

It was run once, on the code before issue 9 (commit 8ac2786); the file it wrote is the fixture
that `tests/test_event_log.py` loads with today's code. Running it again writes a log of
today's code instead, which is not the point: keep the committed file.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m tests.data.make_event_log
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from litestar.testing import TestClient

from assembly.accounts import ChangeRole, DisableAccount, EnableAccount, ErasePerson, OpenAccount
from assembly.actors import SYSTEM, Actor, Role
from assembly.application import Assembly
from assembly.consolidation import (
    AttachProposal,
    CreateIssue,
    DetachProposal,
    DissolveIssue,
    MergeIssues,
    MoveProposal,
    RankIssues,
    RejectSuggestion,
    ReviseIssue,
    SplitIssue,
)
from assembly.councils import Council, CouncilRow, ImportCouncils, RegisterCouncil, council_id
from assembly.editions import Category, FinalizeEdition, OpenEdition, SetCategories
from assembly.invitations import ClaimInvitation, IssueInvitation, RevokeInvitation
from assembly.people import create_user, erase
from assembly.proposals import (
    AttachFile,
    DraftProposal,
    RemoveAttachment,
    ReturnProposal,
    ReviseProposal,
    SubmitProposal,
    WithdrawProposal,
)
from assembly.recommendations import (
    AddIssue,
    CreateRecommendation,
    RemoveIssue,
    ReviseRecommendation,
)
from assembly.settings import Settings
from assembly.thai import BANGKOK
from projections.migrate import migrate
from tests.conftest import PASSWORD, FakeClock, bearer, wait_for_projections
from web.app import create_app

OUT = Path(__file__).with_name("events_before_issue9.json")
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # the tests' clock
COORDINATOR = Actor(
    Role.COORDINATOR, account_id="6f1c2d43-0000-4000-8000-000000000001", province_code="50"
)
SECRETARIAT = Actor(Role.SECRETARIAT, account_id="6f1c2d43-0000-4000-8000-000000000002")
FULL = {
    "title_th": "ขอโฉนดชุมชนให้ชาวบ้านที่อยู่ในเขตป่า",
    "problem_th": "ชาวบ้านทำกินในเขตป่าสงวนมากว่า 40 ปี ไม่มีเอกสารสิทธิ",
    "recommendation_th": "ให้รัฐออกโฉนดชุมชน",
    "category": "land",
    "level": "national",
    "affected_households": 10,
}
CM = [council_id(f"T50010{i}") for i in range(1, 4)]


def ids(n: int) -> list[uuid.UUID]:
    """Fixed ids, so the fixture reads the same every time it is made."""
    return [uuid.UUID(f"00000000-0000-4000-8000-{i:012d}") for i in range(1, n + 1)]


def councils(app: Assembly) -> None:
    app.handle(
        RegisterCouncil(
            code="T500101",
            name_th="สภาองค์กรชุมชนตำบลศรีภูมิ",
            province_code="50",
            district_code="5001",
            subdistrict_code="500101",
        ),
        SYSTEM,
    )
    rows = [
        CouncilRow(
            line=i + 2,
            council=RegisterCouncil(
                code=f"T50010{i + 2}",
                name_th=f"สภาองค์กรชุมชนตำบลทดสอบ {i + 2}",
                province_code="50",
                district_code="5001",
                subdistrict_code=f"50010{i + 2}",
            ),
        )
        for i in range(2)
    ]
    app.handle(ImportCouncils(rows=rows), SYSTEM)


def editions(app: Assembly) -> None:
    app.handle(
        OpenEdition(
            year_be=2569,
            title_th="สมัชชาสภาองค์กรชุมชน 2569",
            proposal_opens_at=datetime(2026, 11, 1, tzinfo=BANGKOK),
            proposal_closes_at=datetime(2027, 1, 31, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )
    categories = [Category("land", "ที่ดินทำกิน"), Category("debt", "หนี้สินชุมชน")]
    app.handle(SetCategories(year_be=2569, categories=categories), SYSTEM)
    app.handle(
        OpenEdition(
            year_be=2568,
            title_th="สมัชชาสภาองค์กรชุมชน 2568",
            proposal_opens_at=datetime(2025, 11, 1, tzinfo=BANGKOK),
            proposal_closes_at=datetime(2026, 1, 31, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )
    app.handle(FinalizeEdition(year_be=2568), SYSTEM)


def accounts(app: Assembly) -> None:
    (admin, _) = ids(2)
    opened = OpenAccount(role=Role.ORGANIZER, account_id=admin)
    create_user(app, opened, SYSTEM, "organizer1", PASSWORD, "คุณ ทดสอบ")
    app.handle(ChangeRole(account_id=admin, role=Role.COORDINATOR, province_code="50"), SYSTEM)
    app.handle(DisableAccount(account_id=admin), SYSTEM)
    app.handle(EnableAccount(account_id=admin), SYSTEM)
    erase(app, ErasePerson(account_id=admin), SYSTEM)


def invitations(app: Assembly) -> None:
    first, second, third = "AAAA-BBBB-CCC2", "DDDD-EEEE-FFF3", "GGGG-HHHH-JJJ4"
    app.handle(IssueInvitation(council_id=CM[0], code=first), COORDINATOR)
    app.handle(IssueInvitation(council_id=CM[0], code=second), COORDINATOR)  # revokes the first
    claim = ClaimInvitation(code=second, account_id=ids(3)[2])
    create_user(app, claim, SYSTEM, "council1", PASSWORD, "ผู้แทน หนึ่ง")
    app.handle(IssueInvitation(council_id=CM[0], code=third), COORDINATOR)
    again = ClaimInvitation(code=third, account_id=ids(4)[3])  # the first one loses the council
    create_user(app, again, SYSTEM, "council2", PASSWORD, "ผู้แทน สอง")
    app.handle(IssueInvitation(council_id=CM[1], code="KKKK-MMMM-NNN5"), COORDINATOR)
    listed = app.load(CM[1], Council)
    assert listed is not None and listed.invitation_id is not None
    app.handle(RevokeInvitation(invitation_id=listed.invitation_id), COORDINATOR)


def proposal(app: Assembly, pid: uuid.UUID, council: uuid.UUID, **fields: Any) -> uuid.UUID:
    app.handle(
        DraftProposal(year_be=2569, council_id=council, proposal_id=pid, **{**FULL, **fields}),
        SYSTEM,
    )
    app.handle(SubmitProposal(proposal_id=pid), SYSTEM)
    return pid


def proposals(app: Assembly) -> list[uuid.UUID]:
    p = ids(20)[10:]
    # A draft revised, with an attachment added and another added then removed.
    app.handle(
        DraftProposal(year_be=2569, council_id=CM[0], proposal_id=p[0], title_th="ร่าง"), SYSTEM
    )
    app.handle(ReviseProposal(proposal_id=p[0], version=1, **FULL), SYSTEM)
    sha = "ab" * 32
    for aid in ids(6)[4:6]:
        app.handle(
            AttachFile(
                proposal_id=p[0],
                sha256=sha,
                filename="แผนที่.pdf",
                media_type="application/pdf",
                size=1234,
                attachment_id=aid,
            ),
            SYSTEM,
        )
    app.handle(RemoveAttachment(proposal_id=p[0], attachment_id=ids(6)[5]), SYSTEM)
    app.handle(SubmitProposal(proposal_id=p[0]), SYSTEM)
    app.handle(ReturnProposal(proposal_id=p[0], reason_th="กรุณาเพิ่มจำนวนครัวเรือน"), COORDINATOR)
    # Withdrawn.
    proposal(app, p[1], CM[1], title_th="ถนนชำรุด")
    app.handle(WithdrawProposal(proposal_id=p[1]), SYSTEM)
    # Submitted, for the issues.
    for i, pid in enumerate(p[2:9]):
        proposal(app, pid, CM[i % 3], title_th=f"ที่ดินทำกิน {i}")
    return p


def consolidation(app: Assembly, p: list[uuid.UUID]) -> list[uuid.UUID]:
    i = ids(30)[20:]
    by = COORDINATOR

    def create(iid: uuid.UUID, *pids: uuid.UUID, title: str) -> None:
        app.handle(
            CreateIssue(
                year_be=2569,
                province_code="50",
                title_th=title,
                proposal_ids=list(pids),
                issue_id=iid,
            ),
            by,
        )

    create(i[0], p[2], p[3], title="ที่ดินทำกินในเขตป่า")
    app.handle(
        ReviseIssue(
            issue_id=i[0],
            version=1,
            title_th="ที่ดินทำกินในเขตป่าสงวน",
            summary_th="ชาวบ้านไม่มีเอกสารสิทธิ",
            recommendation_th="ออกโฉนดชุมชน",
            category="land",
        ),
        by,
    )
    app.handle(AttachProposal(issue_id=i[0], proposal_id=p[4]), by)
    app.handle(DetachProposal(issue_id=i[0], proposal_id=p[4]), by)  # p[4] released
    create(i[1], p[5], p[6], title="หนี้สินเกษตรกร")
    app.handle(MoveProposal(proposal_id=p[6], to_issue_id=i[0]), by)
    create(i[2], p[7], title="น้ำท่วม")
    app.handle(MergeIssues(issue_id=i[2], into_issue_id=i[0]), by)
    app.handle(
        SplitIssue(issue_id=i[0], proposal_ids=[p[7]], title_th="น้ำท่วมซ้ำซาก", new_issue_id=i[3]),
        by,
    )
    create(i[4], p[8], title="ยกเลิก")
    app.handle(DissolveIssue(issue_id=i[4]), by)
    app.handle(RankIssues(year_be=2569, province_code="50", issue_ids=[i[3], i[0], i[1]]), by)
    app.handle(RejectSuggestion(year_be=2569, province_code="50", proposal_ids=[p[4], p[8]]), by)
    return i


def recommendations(app: Assembly, i: list[uuid.UUID]) -> uuid.UUID:
    (rid,) = ids(31)[30:]
    by = SECRETARIAT
    app.handle(
        CreateRecommendation(
            year_be=2569,
            title_th="ปฏิรูปที่ดิน",
            text_th="ให้รัฐบาลออกโฉนดชุมชน",
            issue_ids=[i[0]],
            agencies=["กรมที่ดิน"],
            recommendation_id=rid,
        ),
        by,
    )
    app.handle(
        ReviseRecommendation(
            recommendation_id=rid,
            version=1,
            title_th="ปฏิรูปที่ดินทำกิน",
            text_th="ให้รัฐบาลออกโฉนดชุมชนภายในหนึ่งปี",
            agencies=["กรมที่ดิน", "กรมป่าไม้"],
        ),
        by,
    )
    app.handle(AddIssue(recommendation_id=rid, issue_id=i[3]), by)
    app.handle(AddIssue(recommendation_id=rid, issue_id=i[1]), by)
    app.handle(RemoveIssue(recommendation_id=rid, issue_id=i[1]), by)
    return rid


def write(app: Assembly) -> dict[str, Any]:
    councils(app)
    editions(app)
    accounts(app)
    invitations(app)
    p = proposals(app)
    i = consolidation(app, p)
    rid = recommendations(app, i)
    return {
        "proposals": [str(x) for x in p[:9]],
        "issues": [str(x) for x in i[:5]],
        "recommendations": [str(rid)],
        "editions": [2569, 2568],
    }


def read_paths(ids_of: dict[str, Any]) -> list[str]:
    return [
        *(f"/api/v1/proposals/{x}" for x in ids_of["proposals"]),
        *(f"/api/v1/issues/{x}" for x in ids_of["issues"]),
        *(f"/api/v1/recommendations/{x}" for x in ids_of["recommendations"]),
        *(f"/api/v1/editions/{y}" for y in ids_of["editions"]),
        "/api/v1/editions/2569/recommendations",
    ]


def dump_events(settings: Settings) -> list[dict[str, Any]]:
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        cursor = conn.execute(
            f'SELECT * FROM "{settings.schema}".assembly_events ORDER BY notification_id'
        )
        names = [c.name for c in cursor.description or ()]
        out = []
        for row in cursor.fetchall():
            record = dict(zip(names, row, strict=True))
            out.append(
                {
                    k: base64.b64encode(v).decode() if isinstance(v, bytes | memoryview) else str(v)
                    for k, v in record.items()
                }
                | {"notification_id": record["notification_id"]}
                | {"originator_version": record["originator_version"]}
            )
        return out


def main() -> None:
    schema = f"fixture_{uuid.uuid4().hex[:8]}"
    settings = Settings.from_env(database_url=os.environ["DATABASE_URL"], schema=schema)
    clock = FakeClock(NOW)
    try:
        migrate(settings)
        with TestClient(create_app(settings, clock=clock)) as client:
            app: Assembly = client.app.state.services.assembly
            ids_of = write(app)
            wait_for_projections(app)
            events = dump_events(settings)
            headers = bearer(client, "reader", Role.ORGANIZER)  # after the dump: not in it
            answers = {}
            for path in read_paths(ids_of):
                response = client.get(path, headers=headers)
                assert response.status_code == 200, (path, response.text)
                answers[path] = response.json()
        fixture = {
            "written_by": "commit 8ac2786 (before issue 9), tests/data/make_event_log.py",
            "clock": NOW.isoformat(),
            "ids": ids_of,
            "events": events,
            "answers": answers,
        }
        OUT.write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n")
        topics = sorted({e["topic"] for e in events})
        print(f"{len(events)} events, {len(topics)} topics, {len(answers)} answers -> {OUT}")
        print("\n".join(topics))
    finally:
        with psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


if __name__ == "__main__":
    main()

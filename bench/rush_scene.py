"""The deadline rush's scene (bench.rush): the edition, its councils with their accounts
and tokens, the window moved to close after the rush, and the direct baseline."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import asyncpg

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Actor, Role
from assembly.application import Assembly
from assembly.calendar import SetTimeline
from assembly.councils import CouncilRow, ImportCouncils, council_id
from assembly.editions import OpenEdition
from assembly.errors import DomainError
from assembly.proposals import DraftProposal, ReviseProposal, SubmitProposal
from assembly.settings import Settings
from assembly.thai import BANGKOK
from projections.accounts import open_session
from projections.runner import ProjectionRunner
from web import demo_proposals
from web.demo import demo_councils

SCHEMA = "bench_rush"
YEAR = 2569
OPENED = datetime(2026, 11, 1, 8, 30, tzinfo=BANGKOK)
BODY: dict[str, Any] = {
    "title_th": "ขอให้ขุดลอกคลองส่งน้ำเพื่อการเกษตรของตำบล",
    "problem_th": "คลองส่งน้ำตื้นเขิน น้ำไม่พอทำนาปรัง ชาวบ้านกว่า 300 ครัวเรือนได้รับผลกระทบ",
    "recommendation_th": "ให้กรมชลประทานขุดลอกคลองและสร้างประตูน้ำร่วมกับชุมชน",
    "category": "land",
    "level": "province",
    "affected_households": 300,
}


def setup(settings: Settings, councils: int, background: int) -> tuple[list[str], list[Any]]:
    """The edition, its 7,800 councils, `background` earlier proposals, and an account for
    each of the first `councils` councils. Returns their account ids and the other councils."""
    app = Assembly(settings.eventsourcing_env())
    app.handle(
        OpenEdition(
            year_be=YEAR,
            title_th=f"สมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี {YEAR}",
            proposal_opens_at=OPENED,
            proposal_closes_at=datetime.now(BANGKOK) + timedelta(days=1),
        ),
        SYSTEM,
    )
    every = demo_councils()
    app.handle(ImportCouncils(rows=[CouncilRow(i + 2, c) for i, c in enumerate(every)]), SYSTEM)
    rushing, others = every[:councils], every[councils:]

    def one(commands: list[Any]) -> None:
        for command in commands:
            app.handle(command, SYSTEM)

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(one, demo_proposals.plan(others, background, seed=15), chunksize=64))
        accounts = [OpenAccount(role=Role.COUNCIL, council_id=council_id(c.code)) for c in rushing]
        list(pool.map(lambda a: app.handle(a, SYSTEM), accounts, chunksize=64))
    runner = ProjectionRunner(settings, app)
    runner.catch_up()
    runner.stop()
    app.close()
    return [str(a.account_id) for a in accounts], others


async def tokens(settings: Settings, accounts: list[str]) -> list[dict[str, str]]:
    """A bearer token for each account, as POST /api/v1/auth/tokens would open one."""
    db = await asyncpg.create_pool(
        settings.database_url, min_size=1, max_size=2, server_settings={"search_path": SCHEMA}
    )
    now = datetime.now(BANGKOK)
    out = []
    for account in accounts:
        token, _, _ = await open_session(db, uuid.UUID(account), "bearer", now)  # type: ignore[arg-type]
        out.append({"Authorization": f"Bearer {token}"})
    await db.close()
    return out


def close_window(settings: Settings, closes: datetime) -> None:
    app = Assembly(settings.eventsourcing_env())
    app.handle(
        SetTimeline(
            year_be=YEAR,
            proposals_starts_at=OPENED,
            proposals_ends_at=closes,
            reason_th="ทดสอบช่วงเร่งส่งก่อนปิดรับข้อเสนอ",
        ),
        SYSTEM,
    )
    app.close()


def direct(settings: Settings, others: list[Any], n: int) -> list[float]:
    """The same work (draft, an autosave, submit) through `app.handle`, 8 threads: each
    submission's seconds."""
    app = Assembly(settings.eventsourcing_env())

    def one(i: int) -> float:
        c = others[i % len(others)]
        actor = Actor(
            Role.COUNCIL,
            account_id=f"direct-{i}",
            council_id=str(council_id(c.code)),
            province_code=c.province_code,
        )
        start = time.perf_counter()
        draft = DraftProposal(year_be=YEAR, **BODY)
        try:
            app.handle(draft, actor)
            app.handle(ReviseProposal(proposal_id=draft.proposal_id, version=1, **BODY), actor)
            app.handle(SubmitProposal(proposal_id=draft.proposal_id), actor)
        except DomainError as refused:  # shown, and left out of the baseline
            print(f"direct: refused: {refused}")
            return float("nan")
        return time.perf_counter() - start

    with ThreadPoolExecutor(max_workers=8) as pool:
        out = list(pool.map(one, range(n)))
    app.close()
    return [s for s in out if s == s]

"""Demo data for `make run`: the 2569 edition, ~7,800 councils on real tambon codes, and one
account per role. Council names are generated from the tambon names (the pages say so)."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from uuid import UUID

from assembly import geography
from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.calendar import SetTimeline
from assembly.councils import CouncilRow, ImportCouncils, RegisterCouncil, council_id
from assembly.editions import OpenEdition
from assembly.errors import DomainError
from assembly.people import create_user
from assembly.settings import Settings
from assembly.thai import BANGKOK
from projections import instance
from web.records.importer import SEED_2565

DEMO_YEAR = 2569
MUNICIPAL_COUNCILS = 364  # councils of municipalities sharing a tambon: 7,436 + 364 = 7,800
DEMO_PASSWORD = "demo-2569-assembly"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    display_name: str
    province_code: str | None = None
    council_code: str | None = None
    agency: str | None = None


DEMO_ACCOUNTS = (
    DemoAccount("demo-organizer", Role.ORGANIZER, "เจ้าหน้าที่ พอช. (ตัวอย่าง)"),
    DemoAccount(
        "demo-coordinator", Role.COORDINATOR, "ผู้ประสานงานจังหวัดเชียงใหม่ (ตัวอย่าง)", province_code="50"
    ),
    DemoAccount(
        "demo-council",
        Role.COUNCIL,
        "ผู้แทนสภาตำบลศรีภูมิ (ตัวอย่าง)",
        province_code="50",
        council_code="T500101",
    ),
    DemoAccount("demo-secretariat", Role.SECRETARIAT, "ฝ่ายเลขานุการ (ตัวอย่าง)"),
    DemoAccount("demo-agency", Role.AGENCY, "ผู้แทนกระทรวงมหาดไทย (ตัวอย่าง)", agency="มท."),
    DemoAccount("demo-admin", Role.ADMIN, "ผู้ดูแลระบบ (ตัวอย่าง)"),
    # an invited expert at the national meeting, checked in, the open vote theirs to cast
    DemoAccount("demo-delegate", Role.DELEGATE, "ผู้ทรงคุณวุฒิด้านสวัสดิการชุมชน (ตัวอย่าง)"),
)


def council_name(tambon: geography.Tambon, municipal: bool) -> str:
    if tambon.province_code == "10":
        return f"สภาองค์กรชุมชนแขวง{tambon.name_th}"
    return f"สภาองค์กรชุมชน{'เทศบาลตำบล' if municipal else 'ตำบล'}{tambon.name_th}"


def demo_councils(seed: int = DEMO_YEAR) -> list[RegisterCouncil]:
    tambons = geography.tambons()
    rng = random.Random(seed)
    municipal = rng.sample([t for t in tambons if t.province_code != "10"], MUNICIPAL_COUNCILS)
    rows = [(t, False) for t in tambons] + [(t, True) for t in municipal]
    return [
        RegisterCouncil(
            code=f"{'M' if m else 'T'}{t.code}",
            name_th=council_name(t, m),
            province_code=t.province_code,
            district_code=t.district_code,
            subdistrict_code=t.code,
        )
        for t, m in rows
    ]


def load(app: Assembly, proposals: int = 20_000, settings: Settings | None = None) -> int:
    """Load everything into an empty store. Returns the last notification id. With the
    settings (to reach the read side), the seed's 2565 record comes first: a past year with
    the Cabinet's resolution and the agencies' answers."""
    if settings is not None:
        load_record(app, settings)
    app.handle(
        OpenEdition(
            year_be=DEMO_YEAR,
            title_th=f"สมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี {DEMO_YEAR}",
            proposal_opens_at=datetime(2026, 11, 1, 8, 30, tzinfo=BANGKOK),
            proposal_closes_at=datetime(2027, 1, 31, 16, 30, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )
    last = timeline = _demo_timeline(app)
    councils = demo_councils()
    rows = [CouncilRow(i + 2, c) for i, c in enumerate(councils)]
    last = app.handle(ImportCouncils(rows=rows), SYSTEM)
    accounts: dict[str, UUID] = {}
    for account in DEMO_ACCOUNTS:
        command = OpenAccount(
            role=account.role,
            province_code=account.province_code,
            council_id=council_id(account.council_code) if account.council_code else None,
            agency=account.agency,
        )
        last = create_user(
            app, command, SYSTEM, account.username, DEMO_PASSWORD, account.display_name
        )
        accounts[account.username] = command.account_id
    from web import demo_consolidation, demo_forum, demo_proposals

    last = max(last, demo_proposals.load(app, councils, proposals))
    province_of = {council_id(c.code): c.province_code for c in councils}
    plans = demo_proposals.plan(councils, proposals)
    taken = demo_consolidation.submitted(plans, province_of)
    consolidated = demo_consolidation.load(app, taken)
    last = max(last, consolidated.last, demo_forum.load(app, councils, consolidated, accounts))
    if timeline:  # Chiang Mai's meeting, then the national one, in the timeline's phases
        from web import demo_meeting, demo_national

        coordinator, council = accounts["demo-coordinator"], accounts["demo-council"]
        last = max(last, demo_meeting.load(app, councils, coordinator, council, "T500101"))
        last = max(last, demo_national.load(app, councils, consolidated, accounts))
    instance.mark_demo(app.env, DEMO_YEAR)
    return last


def _demo_timeline(app: Assembly) -> int:
    """The rest of the year after the window: provincial meetings, the national meeting, the
    submission's and the answers' due dates (left out once they would fall in the past)."""

    def at(month: int, day: int, hour: int, minute: int) -> datetime:
        return datetime(2027, month, day, hour, minute, tzinfo=BANGKOK)

    try:
        return app.handle(
            SetTimeline(
                year_be=DEMO_YEAR,
                provincial_starts_at=at(2, 1, 8, 30),
                provincial_ends_at=at(3, 31, 16, 30),
                national_starts_at=at(5, 10, 8, 30),
                national_ends_at=at(5, 12, 16, 30),
                submission_due_at=at(6, 30, 16, 30),
                answers_due_at=at(9, 30, 16, 30),
            ),
            SYSTEM,
        )
    except DomainError:  # the demo loaded after those dates: the window alone
        return 0


def load_record(app: Assembly, settings: Settings, path: Path = SEED_2565) -> None:
    """A record through the importer, as the system (the projectors run meanwhile: the
    submission is finalized from the read model, as the secretariat's page does)."""
    from web.records.importer import import_record
    from web.records.local import local_services

    async def run() -> None:
        async with local_services(settings, app) as svc:
            await import_record(svc, SYSTEM, path.read_bytes())

    asyncio.run(run())


def is_empty(app: Assembly) -> bool:
    return not app.recorder.max_notification_id()


__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "UUID", "is_empty", "load"]

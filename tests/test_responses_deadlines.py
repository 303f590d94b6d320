"""An agency's deadlines act by themselves (the injected clock moved through a month): its
liaisons are reminded 7 days and 1 day before the date, once each; the assignment is marked
overdue after it, once, on the write side; a late answer clears the overdue status; an
amended date re-arms the reminders; an answered assignment is reminded no more."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from assembly.responses import Assignment, RecordResolution
from assembly.settings import Settings
from assembly.thai import BANGKOK
from projections.scheduler import Scheduler
from tests.conftest import SECRETARIAT, FakeClock, add_user, rows, wait_for_projections
from tests.responses_scene import DATED, MOI, NESDC, answer, resolved_scene
from tests.test_scheduler import with_schedulers

DUE = date(2026, 12, 20)  # 30 days after the resolution (the scene's default)


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), BANGKOK)


def agency_fired(settings: Settings) -> list[str]:
    found = rows(
        settings,
        "SELECT key FROM fired_deadlines WHERE key LIKE 'agency-%%' OR key LIKE 'overdue:%%'"
        " ORDER BY key",
    )
    return [k for (k,) in found]


def told(settings: Settings, account: str) -> list[tuple[str, str]]:
    found = rows(
        settings,
        "SELECT kind, link FROM notifications WHERE account_id = %s ORDER BY id",
        account,
    )
    return [(k, link) for k, link in found]


def overdue_events(settings: Settings) -> int:
    found = rows(
        settings,
        "SELECT count(*) FROM assembly_events WHERE topic LIKE %s",
        "%FollowUp.MarkedOverdue%",
    )
    return int(found[0][0])


def test_reminders_once_overdue_once_cleared_by_a_late_answer_rearmed_by_an_amendment(
    client: TestClient[Any], settings: Settings, clock: FakeClock
) -> None:
    scene = resolved_scene(client)
    app, recs = scene.app, scene.recs
    nesdc = add_user(app, "nesdc-1", Role.AGENCY, agency="nesdc")
    moi = add_user(app, "moi-1", Role.AGENCY, agency="moi")
    other = add_user(app, "mof-1", Role.AGENCY, agency="mof")  # nothing assigned

    async def ticks(s: Scheduler) -> None:
        clock.now = at(DUE - timedelta(days=8))
        await s.tick()  # nothing yet
        assert agency_fired(settings) == []
        clock.now = at(DUE - timedelta(days=7))
        await s.tick()
        await s.tick()  # twice: still once each

    with_schedulers(settings, app, ticks)
    r0, r1 = str(recs[0]), str(recs[1])
    assert agency_fired(settings) == sorted(
        [
            f"agency-7d:{r0}:moi:{DUE}",
            f"agency-7d:{r0}:nesdc:{DUE}",
            f"agency-7d:{r1}:moi:{DUE}",
        ]
    )
    assert told(settings, nesdc) == [("agency-7d", f"/agency#rec-{r0}")]
    assert [k for k, _ in told(settings, moi)] == ["agency-7d", "agency-7d"]
    assert told(settings, other) == []

    # มท. answers the second; the day before, only the first is reminded (to both)
    answer(app, recs[1], MOI, "ดำเนินการแล้ว")
    wait_for_projections(app)

    async def day_before_and_after(s: Scheduler) -> None:
        clock.now = at(DUE - timedelta(days=1))
        await s.tick()
        clock.now = at(DUE + timedelta(days=1), 0)
        await s.tick()
        await s.tick()

    with_schedulers(settings, app, day_before_and_after)
    keys = agency_fired(settings)
    assert f"agency-1d:{r1}:moi:{DUE}" not in keys
    assert {f"agency-1d:{r0}:moi:{DUE}", f"agency-1d:{r0}:nesdc:{DUE}"} <= set(keys)
    assert {f"overdue:{r0}:moi:{DUE}", f"overdue:{r0}:nesdc:{DUE}"} <= set(keys)
    assert f"overdue:{r1}:moi:{DUE}" not in keys
    assert overdue_events(settings) == 2
    wait_for_projections(app)
    marked = rows(
        settings,
        "SELECT agency, overdue_on::text FROM assignments WHERE overdue_on IS NOT NULL ORDER BY 1",
    )
    assert marked == [("moi", str(DUE)), ("nesdc", str(DUE))]
    assert [k for k, _ in told(settings, nesdc)] == ["agency-7d", "agency-1d", "overdue"]
    feed = rows(settings, "SELECT count(*) FROM status_changes WHERE kind = 'overdue'")
    assert feed == [(2,)]
    page = client.get(f"/api/v1/recommendations/{r0}").json()
    assert page["standing"]["status"] == "overdue"

    # a late answer clears its overdue status (the other agency is still late)
    answer(app, recs[0], NESDC, "ตอบช้า แต่ตอบ")
    wait_for_projections(app)
    page = client.get(f"/api/v1/recommendations/{r0}").json()
    by_agency = {a["agency"]: a["overdue"] for a in page["opinions"] + page["awaited"]}
    assert by_agency == {"nesdc": False, "moi": True}

    # the Cabinet's office gives มท. until 31 January: its reminders are armed again
    later = date(2027, 1, 31)
    app.handle(
        RecordResolution(
            submission_id=scene.submission_id,
            resolved_on=DATED,
            decision_th="รับทราบรายงาน และมอบหมายหน่วยงานที่เกี่ยวข้องพิจารณา",
            assignments=[
                Assignment(
                    recommendation_id=recs[0], lead_agency="สศช.", agencies=["มท."], due_on=later
                ),
                Assignment(recommendation_id=recs[1], lead_agency="มท."),
            ],
            reason_th="ขยายเวลาตามที่สำนักเลขาธิการคณะรัฐมนตรีแจ้ง",
        ),
        SECRETARIAT,
    )
    wait_for_projections(app)
    assert rows(
        settings,
        "SELECT overdue_on FROM assignments WHERE recommendation_id = %s AND agency = 'moi'",
        recs[0],
    ) == [(None,)]
    page = client.get(f"/api/v1/recommendations/{r0}").json()
    assert page["standing"]["status"] == "partly_answered"  # มท.'s new date is ahead

    async def rearmed(s: Scheduler) -> None:
        clock.now = at(later - timedelta(days=7))
        await s.tick()

    with_schedulers(settings, app, rearmed)
    assert f"agency-7d:{r0}:moi:{later}" in agency_fired(settings)
    assert [k for k, _ in told(settings, moi)][-1] == "agency-7d"

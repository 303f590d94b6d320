"""The loop back at national scale, on `bench.national`'s kept schema: the national
submission of 300 recommendations (bench.cabinet's scene) finalized over HTTP (so its
document is frozen as in production), the Cabinet's resolution assigning each recommendation
to a lead agency and two or three others, and 1,000 answers sent by those agencies.

    .venv/bin/python -m bench.followup_scene   (idempotent: reuses what an earlier run made)

Benchmarks of the follow-up document and of the public pages call `ensure`.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from datetime import date
from uuid import UUID

import httpx
import psycopg

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Actor, Role
from assembly.agencies import CATALOGUE
from assembly.application import Assembly
from assembly.errors import DomainError
from assembly.people import create_user
from assembly.responses import Assignment, RecordResolution, SendAnswer
from assembly.settings import Settings
from bench.cabinet import scene
from bench.common import live_server
from bench.national import PASSWORD, SCHEMA
from projections.migrate import migrate
from projections.runner import ProjectionRunner

NUMBER = "นร 0000/bench-followup"
AGENCIES = [c for c in CATALOGUE if c not in ("soc", "codi")]
OPINION = (
    "มีความเห็นว่า ปัจจุบันรัฐบาลได้จัดตั้งกลไกระดับชาติเชิงนโยบายในการแก้ไขปัญหาความยากจน"
    " และการพัฒนาคนทุกช่วงวัยอยู่แล้ว จึงควรใช้กลไกดังกล่าวขับเคลื่อนในระดับพื้นที่ต่อไป "
) * 3


def _finalized(settings: Settings) -> str | None:
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        row = conn.execute(
            "SELECT id::text FROM submissions WHERE document_number = %s", (NUMBER,)
        ).fetchone()
        return row[0] if row else None


def _finalize(settings: Settings, submission_id: str) -> None:
    with live_server(settings) as base, httpx.Client(base_url=base, timeout=600) as client:
        token = client.post(
            "/api/v1/auth/tokens", json={"username": "bench-sec", "password": PASSWORD}
        ).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        for _ in range(120):  # a loaded server may not show the new submission at once
            found = client.get(f"/api/v1/submissions/{submission_id}", headers=auth)
            if found.status_code == 200:
                break
            time.sleep(1)
        else:
            raise SystemExit(f"the submission is not shown: {found.status_code} {found.text}")
        version = found.json()["submission"]["version"]  # {submission, changed, exports}
        signed = client.put(
            f"/api/v1/submissions/{submission_id}/letter",
            json={"version": version, "signatory_name": "ผู้ลงนามทดสอบ"},
            headers=auth,
        )
        signed.raise_for_status()
        done = client.post(
            f"/api/v1/submissions/{submission_id}/finalize",
            json={"document_number": NUMBER, "dated": "2026-11-20"},
            headers=auth,
        )
        if done.status_code != 200:
            raise SystemExit(f"finalize refused: {done.text}")


def _items(settings: Settings, submission_id: str) -> list[UUID]:
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        row = conn.execute("SELECT items FROM submissions WHERE id = %s", (submission_id,))
        return [UUID(i["id"]) for i in row.fetchone()[0]]  # type: ignore[index]


def ensure(settings: Settings, answers: int = 1_000) -> str:
    """The finalized national submission with its resolution and `answers` answers."""
    migrate(settings)
    app = Assembly(settings.eventsourcing_env())
    runner = ProjectionRunner(settings, app)
    runner.catch_up()
    if not app.recorder.max_notification_id():
        raise SystemExit("no scene: run `python -m bench.national --keep` first")
    with contextlib.suppress(DomainError):
        create_user(app, OpenAccount(role=Role.SECRETARIAT), SYSTEM, "bench-sec", PASSWORD, "")
    submission_id = _finalized(settings)
    if submission_id is None:
        submission_id, _, _ = scene(settings, app, 300)
        runner.catch_up()
        runner.stop()
        _finalize(settings, submission_id)
        runner = ProjectionRunner(settings, app)
    recs = _items(settings, submission_id)
    rotation = itertools.cycle(AGENCIES)
    assignments = [
        Assignment(
            recommendation_id=rec,
            lead_agency=next(rotation),
            agencies=[next(rotation) for _ in range(2 + k % 2)],
        )
        for k, rec in enumerate(recs)
    ]
    with contextlib.suppress(DomainError):  # recorded by an earlier run
        app.handle(
            RecordResolution(
                submission_id=UUID(submission_id),
                resolved_on=date(2026, 11, 24),
                decision_th="รับทราบรายงาน และมอบหมายหน่วยงานที่เกี่ยวข้องพิจารณาภายใน 30 วัน",
                assignments=assignments,
            ),
            SYSTEM,
        )
    pairs = [
        (a.recommendation_id, code) for a in assignments for code in [a.lead_agency, *a.agencies]
    ]
    secretariat = Actor(Role.SECRETARIAT, account_id="00000000-0000-4000-8000-00000000b0b0")
    for rec, code in pairs[:answers]:
        app.handle(
            SendAnswer(
                recommendation_id=rec,
                agency=code,
                opinion_th=OPINION,
                received_on=date(2026, 12, 1),
            ),
            secretariat,
        )  # the same answer again changes nothing: a rerun adds none
    runner.catch_up()
    runner.stop()
    app.close()
    return submission_id


def main() -> None:
    settings = Settings.from_env(schema=SCHEMA)
    submission_id = ensure(settings)
    print(f"follow-up scene ready: submission {submission_id}")


if __name__ == "__main__":
    main()

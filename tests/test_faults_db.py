"""PostgreSQL away: every page and API call answers 503 with Retry-After (a Thai page, the
API's JSON error), never a stack trace; and the app heals by itself when it is back.

Against real servers: an `assembly serve` subprocess on an embedded PostgreSQL and on a
private cluster of Debian's binaries, each stopped for 20 s with its own `pg_ctl`."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path

import asyncpg
import httpx
import psycopg
import pytest
from litestar.testing import TestClient

from assembly.settings import Settings
from tests.conftest import council_fields
from tests.servers import (
    Database,
    Serve,
    add_account,
    api_token,
    embedded_cluster,
    free_port,
    private_cluster,
    serving,
    worker,
)
from web.app import create_app
from web.errors import database_status

pytestmark = pytest.mark.faults

OUTAGE_SECONDS = 20
PASSWORD = "faults-passphrase-2569"
PAGES = ["/", "/editions", "/provinces/50", "/councils/" + str(uuid.uuid4())]
API = ["/api/v1/councils?province=50", "/api/v1/editions", "/api/v1/inbox"]


def unavailable(response: httpx.Response, path: str) -> None:
    """The answer while the database is away: 503 + Retry-After, Thai, no traceback."""
    assert response.status_code == 503, (path, response.status_code, response.text[:300])
    assert "Traceback" not in response.text and 'File "' not in response.text, path
    assert response.headers.get("retry-after") == "5", path
    if path == "/health":
        assert response.json()["database"] == "unavailable"
        return
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "unavailable"
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert "ระบบขัดข้องชั่วคราว" in response.text and 'lang="th"' in response.text


def outage_and_recovery(server: Serve, database: Database) -> None:
    add_account(server, "faults-org", PASSWORD, "--role", "organizer")
    headers = api_token(server, "faults-org", PASSWORD)
    with httpx.Client(base_url=server.base, timeout=30) as http:
        before = http.post("/api/v1/councils", json=council_fields("F-000"), headers=headers)
        assert before.status_code == 201, before.text
        database.stop()
        stopped = time.monotonic()
        refused: list[str] = []
        probes = 0
        while time.monotonic() - stopped < OUTAGE_SECONDS:
            for path in [*PAGES, *API, "/health"]:
                unavailable(http.get(path, headers=headers if "inbox" in path else None), path)
            code = f"F-{len(refused) + 1:03d}"
            write = http.post("/api/v1/councils", json=council_fields(code), headers=headers)
            unavailable(write, "/api/v1/councils")
            login = http.post("/login", data={"username": "faults-org", "password": PASSWORD})
            unavailable(login, "/login")
            refused.append(code)
            probes += 1
            time.sleep(0.5)
        assert probes >= OUTAGE_SECONDS // 2, "a probe hung on the dead database"
        database.start()
        # Without a restart of the app: the pools and the projector's loop reconnect.
        deadline = time.monotonic() + 60
        while http.get("/").status_code != 200:
            assert time.monotonic() < deadline, "the app did not heal by itself"
            time.sleep(0.5)
        for path in [*PAGES[:3], *API, "/health"]:
            ok = http.get(path, headers=headers)
            assert ok.status_code == 200, (path, ok.text[:300])
        after = http.post("/api/v1/councils", json=council_fields("F-999"), headers=headers)
        assert after.status_code == 201, after.text
        while True:  # the projector resumed: the new write shows in the read model
            listed = http.get("/api/v1/councils", params={"province": "50", "size": 200}).json()
            codes = {c["code"] for c in listed["items"]}
            if "F-999" in codes:
                break
            assert time.monotonic() < deadline + 60, "the projector did not resume"
            time.sleep(0.5)
        assert not codes & set(refused), "a refused write was stored after all"
        assert http.get("/health").json()["projection_lag"] == 0


def test_embedded_postgres_stopped_for_20_seconds(tmp_path: Path) -> None:
    """The whole app in one process (projectors in a thread) on the embedded server."""
    with embedded_cluster() as database, serving(database.url, tmp_path) as server:
        outage_and_recovery(server, database)


def test_external_postgres_stopped_for_20_seconds(tmp_path: Path) -> None:
    """A `--web-only` server (its NOTIFY listener) beside `assembly worker`, on a private
    cluster over TCP."""
    with (
        private_cluster() as database,
        serving(database.url, tmp_path, "--web-only") as server,
        worker(server),
    ):
        outage_and_recovery(server, database)


# --- in process: the kinds of failure, each raised by the real driver where one can be ---


def test_refused_and_lost_connections_are_unavailable() -> None:
    port = free_port()  # nothing listens there

    async def asyncpg_refused() -> BaseException:
        try:
            await asyncpg.connect(host="127.0.0.1", port=port, user="x", timeout=5)
        except BaseException as exc:
            return exc
        raise AssertionError("connected to nothing")

    assert database_status(asyncio.run(asyncpg_refused())) == 503
    with pytest.raises(psycopg.OperationalError) as refused:
        psycopg.connect(host="127.0.0.1", port=port, user="x", connect_timeout=5)
    assert database_status(refused.value) == 503
    for exc in (
        asyncpg.TooManyConnectionsError("sorry, too many clients already"),
        asyncpg.CannotConnectNowError("the database system is starting up"),
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.InterfaceError("pool is closed"),
        psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
    ):
        assert database_status(exc) == 503, exc
    assert database_status(psycopg.errors.DiskFull("could not extend file")) == 507
    # Not the database's absence: a bug stays a 500, a missing file is not a socket.
    assert database_status(asyncpg.UndefinedTableError("relation does not exist")) is None
    assert database_status(FileNotFoundError(2, "no such file")) is None
    assert database_status(ValueError("bug")) is None


def test_connections_killed_mid_flight_heal(settings: Settings) -> None:
    """Every connection of the app terminated by the server (as a restart or a failover does):
    at worst a 503 with Retry-After, then 200 again with no restart."""
    with TestClient(create_app(settings)) as client:
        assert client.get("/editions").status_code == 200
        with psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as admin:  # type: ignore[arg-type]
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE pid <> pg_backend_pid() AND datname = current_database()"
                " AND application_name IN ('assembly-web', '')"
            )
        answers = [client.get("/editions") for _ in range(40)]
        for answer in answers:
            assert answer.status_code in (200, 503), answer.text[:300]
            if answer.status_code == 503:
                assert answer.headers["retry-after"] == "5"
        assert answers[-1].status_code == 200


def test_a_closed_pool_answers_503(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        db = client.app.state.services.db
        client.blocking_portal.call(db.close)
        page = client.get("/editions")
        assert page.status_code == 503 and page.headers["retry-after"] == "5"
        assert "ระบบขัดข้องชั่วคราว" in page.text
        api = client.get("/api/v1/editions")
        assert api.status_code == 503 and api.json()["error"]["code"] == "unavailable"

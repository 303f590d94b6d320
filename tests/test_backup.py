"""`assembly backup` and `assembly restore`, the real commands in subprocesses: the demo (a
small one) round trip into another schema answers the API, the public pages and sign-in as
the original does, and new events follow the restored log; a non-empty target, a truncated
or altered file are refused whole with nothing written; `--force` wipes after saying so; a
backup of a database being written to is one consistent snapshot; every table is decided."""

from __future__ import annotations

import gzip
import io
import re
import tarfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from litestar.testing import TestClient

from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.councils import RegisterCouncil
from assembly.settings import Settings
from projections.backup import LEFT_OUT, PARTS
from projections.migrate import migrate
from projections.runner import ProjectionRunner, tracking_table
from tests.cli_run import assembly, refused
from tests.conftest import (
    PASSWORD,
    add_user,
    council_fields,
    event_count,
    register_council,
    rows,
    services_app,
    wait_for_projections,
)
from web.app import create_app
from web.demo import DEMO_PASSWORD

PROPOSALS = 200


def _schema(database_url: str) -> Settings:
    return Settings.from_env(database_url=database_url, schema=f"t_{uuid.uuid4().hex[:12]}")


def _drop(settings: Settings) -> None:
    with psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(f'DROP SCHEMA IF EXISTS "{settings.schema}" CASCADE')


class Demo:
    def __init__(self, settings: Settings, file: Path) -> None:
        self.settings = settings
        self.file = file


@pytest.fixture(scope="module")
def demo(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """A schema with an account made on the command line, then the demo loaded with --force
    (the database held that account's events), then backed up."""
    source = _schema(database_url)
    added = assembly(
        source, "users", "add", "--username", "somchai", "--role", "admin", stdin=PASSWORD
    )
    assert added.code == 0, added
    refused(assembly(source, "demo", "--proposals", str(PROPOSALS)), "--force")
    loaded = assembly(source, "demo", "--force", "--proposals", str(PROPOSALS))
    assert loaded.code == 0, loaded
    assert re.search(r"demo: โหลดข้อมูลตัวอย่างแล้ว [\d,]+ เหตุการณ์", loaded.err), loaded
    file = tmp_path_factory.mktemp("backup") / "demo.backup"
    ran = assembly(source, "backup", str(file))
    assert ran.code == 0, ran
    count = event_count(source)
    assert f"{count:,} เหตุการณ์" in ran.err and f"ถึงเหตุการณ์หมายเลข {count:,}" in ran.err, ran
    assert re.search(r"\([\d.,]+ MB ใน [\d.]+ วินาที\)", ran.err), ran
    # `assembly demo` leaves its events to a server's projectors: the read side made current
    # here (the command resumes a batch that a busy machine lets idle past 5 s), not by the
    # app's start-up below, which does not.
    caught_up = assembly(source, "projections", "rebuild")
    assert caught_up.code == 0, caught_up
    yield Demo(source, file)
    _drop(source)


@pytest.fixture
def target(database_url: str) -> Iterator[Settings]:
    settings = _schema(database_url)
    yield settings
    _drop(settings)


def _answers(settings: Settings) -> dict[str, Any]:
    """What the API and the public pages answer, and who can sign in with their password."""
    seen: dict[str, Any] = {}
    with TestClient(create_app(settings)) as client:
        wait_for_projections(services_app(client), timeout=600)
        token = client.post(
            "/api/v1/auth/tokens", json={"username": "demo-organizer", "password": DEMO_PASSWORD}
        )
        assert token.status_code == 201, token.text
        auth = {"Authorization": f"Bearer {token.json()['token']}"}
        for path in (
            "/api/v1/editions/2569/proposals?limit=200",
            "/api/v1/editions/2569/proposals?province=50&status=submitted",
            "/api/v1/editions/2569/provinces/50/issues?include_closed=true",
            "/api/v1/editions/2569/recommendations",
            "/api/v1/editions/2569/national",
            "/api/v1/editions/2569/transparency",
            "/api/v1/editions/2569/meeting",
            "/open/2565/answers.json",
            "/open/2569/recommendations.json",
        ):
            response = client.get(path, headers=auth)
            assert response.status_code == 200, (path, response.text)
            seen[path] = response.json()
        for page in ("/transparency/2569", "/transparency/2565", "/provinces/50/meeting/2569"):
            response = client.get(page)
            assert response.status_code == 200, page
            seen[page] = re.sub(r'name="csrf[^"]*" value="[^"]*"', "", response.text)
        for username, password in (("somchai", PASSWORD), ("demo-council", DEMO_PASSWORD)):
            signed = client.post(
                "/api/v1/auth/tokens", json={"username": username, "password": password}
            )
            seen[f"sign-in {username}"] = signed.status_code
    return seen


def _log(settings: Settings) -> list[tuple[Any, ...]]:
    return rows(
        settings,
        "SELECT notification_id, originator_id, originator_version, topic, md5(state)"
        " FROM assembly_events ORDER BY notification_id",
    )


def test_the_demo_round_trip_answers_as_the_original_and_continues_the_log(
    demo: Demo, target: Settings
) -> None:
    ran = assembly(target, "restore", str(demo.file))
    assert ran.code == 0, ran
    count = event_count(demo.settings)
    assert "ไฟล์ครบและตรงกับ manifest" in ran.err, ran
    assert re.search(rf"สร้างข้อมูลสำหรับอ่านใหม่จาก {count:,} เหตุการณ์ใน", ran.err), ran
    assert _log(target) == _log(demo.settings)
    for table in ("people", "files", "signatories", "instance"):
        sql = f"SELECT * FROM {table} ORDER BY 1"
        assert rows(target, sql) == rows(demo.settings, sql), table
    original, restored = _answers(demo.settings), _answers(target)
    assert restored["sign-in somchai"] == restored["sign-in demo-council"] == 201
    assert restored.keys() == original.keys()
    for key in original:
        assert restored[key] == original[key], key
    # A new command writes after the restored log.
    app = Assembly(target.eventsourcing_env())
    try:
        added = app.handle(RegisterCouncil(**council_fields("RESTORED-1")), SYSTEM)
        assert added == count + 1
    finally:
        app.close()


def test_a_database_that_holds_data_is_refused_then_wiped_with_force(
    demo: Demo, target: Settings
) -> None:
    migrate(target)
    app = Assembly(target.eventsourcing_env())
    try:
        add_user(app, "somsri", Role.ADMIN)
    finally:
        app.close()
    before = _log(target)
    refused(assembly(target, "restore", str(demo.file)), "มีข้อมูลอยู่แล้ว", "--force")
    assert _log(target) == before
    forced = assembly(target, "restore", "--force", str(demo.file))
    assert forced.code == 0, forced
    assert "ลบข้อมูลเดิมใน schema" in forced.err and "1 บัญชี" in forced.err, forced
    assert _log(target) == _log(demo.settings)
    assert rows(target, "SELECT count(*) FROM people WHERE username = 'somsri'") == [(0,)]


def _tables(settings: Settings) -> list[tuple[Any, ...]]:
    return rows(settings, "SELECT tablename FROM pg_tables WHERE schemaname = %s", settings.schema)


def test_a_truncated_or_altered_file_is_refused_whole(
    demo: Demo, target: Settings, tmp_path: Path
) -> None:
    whole = demo.file.read_bytes()
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(whole[: len(whole) * 2 // 3])
    refused(assembly(target, "restore", str(truncated)), "ไม่ครบหรือเสียหาย")
    assert _tables(target) == []
    # One byte of the people table changed, the archive otherwise well formed.
    altered = tmp_path / "altered.backup"
    with tarfile.open(demo.file, "r:gz") as tar, io.BytesIO() as out:
        with tarfile.open(fileobj=out, mode="w") as copy:
            for member in tar.getmembers():
                data = tar.extractfile(member).read()  # type: ignore[union-attr]
                if member.name == "tables/people.pgcopy":
                    data = data[:-40] + bytes([data[-40] ^ 1]) + data[-39:]
                copy.addfile(member, io.BytesIO(data))
        altered.write_bytes(gzip.compress(out.getvalue()))
    refused(assembly(target, "restore", str(altered)), "tables/people.pgcopy", "SHA-256")
    assert _tables(target) == []
    not_ours = tmp_path / "not-ours.backup"
    not_ours.write_bytes(b"hello")
    refused(assembly(target, "restore", str(not_ours)), "ไม่ครบหรือเสียหาย")
    assert _tables(target) == []


def test_a_backup_while_commands_are_written_is_one_snapshot(
    settings: Settings, app: Assembly, target: Settings, tmp_path: Path
) -> None:
    """A writer commits councils all through the backup: the restored log is exactly the
    events up to the manifest's last id, 1..N with nothing after it and no gap."""
    add_user(app, "somchai", Role.ADMIN)
    for n in range(50):
        register_council(app, f"BUSY-A{n:02d}")
    stop = threading.Event()

    def write() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            register_council(app, f"BUSY-B{n:04d}")

    writer = threading.Thread(target=write)
    writer.start()
    try:
        ran = assembly(settings, "backup", str(tmp_path / "busy.backup"))
    finally:
        stop.set()
        writer.join()
    assert ran.code == 0, ran
    last = int(re.search(r"ถึงเหตุการณ์หมายเลข ([\d,]+)", ran.err)[1].replace(",", ""))  # type: ignore[index]
    assert event_count(settings) > last  # the writer went on past the snapshot
    restored = assembly(target, "restore", str(tmp_path / "busy.backup"))
    assert restored.code == 0, restored
    ids = [r[0] for r in _log(target)]
    assert ids == list(range(1, last + 1))
    assert _log(target) == _log(settings)[:last]
    assert rows(target, "SELECT username FROM people") == [("somchai",)]


def test_a_backup_never_replaces_a_file_unasked(
    settings: Settings, app: Assembly, tmp_path: Path
) -> None:
    assert app
    kept = tmp_path / "kept.backup"
    kept.write_bytes(b"yesterday's backup")
    refused(assembly(settings, "backup", str(kept)), "มีไฟล์", "--force")
    assert kept.read_bytes() == b"yesterday's backup"
    assert assembly(settings, "backup", "--force", str(kept)).code == 0
    assert kept.read_bytes()[:2] == b"\x1f\x8b"  # gzip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.backup"]  # no leftovers


def test_every_table_is_backed_up_rebuilt_or_left_out_on_purpose(
    settings: Settings, app: Assembly
) -> None:
    runner = ProjectionRunner(settings, app)
    try:
        rebuilt = {t for p in runner.projectors for t in p.tables}
        tracking = {tracking_table(p) for p in runner.projectors}
    finally:
        runner.stop()
    backed_up = {p.table for p in PARTS}
    assert not backed_up & rebuilt and not LEFT_OUT & (backed_up | rebuilt)
    tables = {r[0] for r in _tables(settings)}
    assert tables - tracking == backed_up | rebuilt | LEFT_OUT, tables ^ (
        backed_up | rebuilt | LEFT_OUT
    )

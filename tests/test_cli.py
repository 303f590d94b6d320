"""Every `assembly` command says what it did, and a refusal is exit 1 with the reason in Thai
and no traceback: the real command in a subprocess against the test's own schema.
(`demo --force`, `backup` and `restore` are walked in tests/test_backup.py.)"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from assembly.application import Assembly
from assembly.settings import Settings
from tests.cli_run import ASSEMBLY, assembly, refused
from tests.conftest import (
    PASSWORD,
    add_user,
    event_count,
    open_edition,
    rows,
    services_app,
    wait_for_projections,
)
from web.records.importer import SEED_2565

# Every command and group `assembly --help` lists; a new one is walked here before it joins.
COMMANDS = {
    "backup",
    "demo",
    "export",
    "migrate",
    "projections",
    "records",
    "restore",
    "serve",
    "stop-db",
    "suggest",
    "users",
    "worker",
}


def test_help_lists_the_commands_walked_here() -> None:
    ran = assembly(None, "--help")
    assert ran.code == 0, ran
    listed = set(re.findall(r"^  ([a-z][a-z-]+)\s", ran.out, flags=re.M))
    assert listed == COMMANDS, listed ^ COMMANDS


def test_migrate_says_what_it_applied_then_that_nothing_was_needed(settings: Settings) -> None:
    first = assembly(settings, "migrate")
    assert first.code == 0, first
    assert "ใช้ migration 0001_registry.sql" in first.err
    assert re.search(r"ใช้ migration ใหม่ \d+ ไฟล์", first.err), first
    again = assembly(settings, "migrate")
    assert again.code == 0, again
    assert "ไม่มี migration ใหม่" in again.err and "ใช้ migration 0001" not in again.err


def test_demo_refuses_a_database_that_holds_events_and_writes_nothing(
    app: Assembly, settings: Settings
) -> None:
    add_user(app, "somchai", Role.ADMIN)
    before = event_count(settings)
    ran = assembly(settings, "demo", "--proposals", "10")
    refused(ran, "มีข้อมูลอยู่แล้ว", f"{before:,} เหตุการณ์", "--force")
    assert event_count(settings) == before


def test_serve_demo_on_a_database_that_holds_events_keeps_it_and_serves(
    app: Assembly, settings: Settings, tmp_path: Path
) -> None:
    add_user(app, "somchai", Role.ADMIN)
    before = event_count(settings)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path / "serve.log").open("w+")
    env = {**os.environ, "DATABASE_URL": settings.database_url, "DATABASE_SCHEMA": settings.schema}
    server = subprocess.Popen(
        [ASSEMBLY, "serve", "--demo", "--port", str(port)], stderr=log, stdout=log, env=env
    )
    try:
        said = ""
        for _ in range(600):  # until it says it serves (bounded: 60 s of short naps)
            said = Path(log.name).read_text()
            if f":{port}" in said or server.poll() is not None:
                break
            time.sleep(0.1)
        assert "ใช้ข้อมูลเดิมต่อ" in said and f"{before:,} เหตุการณ์" in said, said
        assert f"127.0.0.1:{port}" in said, said
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    assert event_count(settings) == before


def test_users_add_says_what_it_added_and_refuses_in_thai(settings: Settings) -> None:
    added = assembly(
        settings, "users", "add", "--username", "somchai", "--role", "admin", stdin=PASSWORD + "\n"
    )
    assert added.code == 0, added
    assert "เพิ่มบัญชี somchai (admin) แล้ว" in added.err
    before = event_count(settings)
    refused(
        assembly(
            settings, "users", "add", "--username", "somchai", "--role", "organizer", stdin=PASSWORD
        ),
        "somchai",
        "มีผู้ใช้แล้ว",
    )
    refused(
        assembly(
            settings, "users", "add", "--username", "somsri", "--role", "admin", stdin="short\n"
        ),
        "รหัสผ่าน",
    )
    refused(
        assembly(
            settings, "users", "add", "--username", "somsri", "--role", "king", stdin=PASSWORD
        ),
        "ไม่รู้จักบทบาท",
        "organizer",
    )
    refused(
        assembly(settings, "users", "add", "--username", "somsri", "--role", "admin", stdin=""),
        "ไม่ได้รับรหัสผ่าน",
    )
    assert event_count(settings) == before
    assert rows(settings, "SELECT username FROM people") == [("somchai",)]


def test_an_unreachable_database_is_a_thai_message_for_every_command(tmp_path: Path) -> None:
    env = {"DATABASE_URL": "postgresql://someone:s3cret-pw@127.0.0.1:1/nowhere"}
    backup_file = tmp_path / "x.backup"
    backup_file.write_bytes(b"not read: the database is asked first")
    for args in (
        ["migrate"],
        ["demo", "--proposals", "1"],
        ["projections", "rebuild"],
        ["suggest"],
        ["users", "add", "--username", "somchai", "--role", "admin"],
        ["records", "import", str(SEED_2565)],
        ["backup", str(tmp_path / "out.backup")],
        ["restore", str(backup_file)],
    ):
        ran = assembly(None, *args, stdin=PASSWORD, env=env)
        refused(ran, "ติดต่อฐานข้อมูล", "127.0.0.1:1", "DATABASE_URL")
        assert "s3cret-pw" not in ran.err, ran
    assert not (tmp_path / "out.backup").exists()


def test_stop_db_when_nothing_runs_says_so(tmp_path: Path) -> None:
    ran = assembly(None, "stop-db", env={"ASSEMBLY_VAR_DIR": str(tmp_path)})
    assert ran.code == 0, ran
    assert "ไม่มีอะไรต้องหยุด" in ran.err
    (tmp_path / "pg").mkdir()
    (tmp_path / "pg" / "PG_VERSION").write_text("16\n")  # a data folder whose server is down
    ran = assembly(None, "stop-db", env={"ASSEMBLY_VAR_DIR": str(tmp_path)})
    assert ran.code == 0, ran
    assert "ไม่ได้ทำงานอยู่" in ran.err and not (tmp_path / "pg" / "postmaster.pid").exists()


def test_projections_rebuild_says_how_many_events_and_how_long(
    app: Assembly, settings: Settings
) -> None:
    add_user(app, "somchai", Role.ADMIN)
    count = event_count(settings)
    ran = assembly(settings, "projections", "rebuild")
    assert ran.code == 0, ran
    assert re.search(rf"จาก {count:,} เหตุการณ์ใน [\d.]+ วินาที", ran.err), ran


def test_suggest_refuses_without_an_edition_and_for_an_unknown_year(
    client: TestClient[Any], settings: Settings
) -> None:
    refused(assembly(settings, "suggest"), "ยังไม่มีการประชุมประจำปี")
    app = services_app(client)  # its projectors fill the editions' read model
    open_edition(app)
    wait_for_projections(app)
    refused(assembly(settings, "suggest", "--year", "2500"), "ไม่มีการประชุมประจำปี 2500")
    ran = assembly(settings, "suggest")
    assert ran.code == 0, ran
    assert re.search(r"ปี \d{4}: ข้อเสนอที่ยังไม่ได้รวม 0 รายการ", ran.err), ran


def test_records_import_says_what_it_did_then_that_it_was_already_done(
    settings: Settings, tmp_path: Path
) -> None:
    first = assembly(settings, "records", "import", str(SEED_2565))
    assert first.code == 0, first
    assert "records: ปี 2565 นำเข้าแล้ว" in first.err
    before = event_count(settings)
    again = assembly(settings, "records", "import", str(SEED_2565))
    assert again.code == 0, again
    assert "มีอยู่ในระบบแล้ว ไม่มีสิ่งใดเปลี่ยน" in again.err
    bad = json.loads(SEED_2565.read_text())
    bad["submission"]["dated"] = "2022-13-45"
    (tmp_path / "bad.json").write_text(json.dumps(bad, ensure_ascii=False))
    refused(
        assembly(settings, "records", "import", str(tmp_path / "bad.json")), "$.submission.dated"
    )
    assert event_count(settings) == before

"""A full disk where files are written: `assembly export --out` onto a full tmpfs, and
PostgreSQL's own disk full for the `files` table (attachments and exports). Each time: a
clear Thai error, and nothing half-written (no partial file, no row, no event, no job done)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from litestar.testing import TestClient

from assembly.actors import Role
from assembly.settings import Settings
from tests.conftest import (
    FULL,
    SRI_PHUM,
    FakeClock,
    bearer,
    council_client,
    event_count,
    rows,
)
from tests.servers import private_cluster
from tests.test_submission_pages import _compose, _letter, _scene
from web.app import create_app
from web.cli import main
from web.submissions.exports import STORAGE_FULL_TH

pytestmark = pytest.mark.faults


@contextmanager
def tmpfs(where: Path, size: str, *options: str) -> Iterator[Path]:
    """A small tmpfs at `where` (we run as root in CI); skipped, saying why, where mounting
    is not permitted."""
    where.mkdir(parents=True, exist_ok=True)
    mount = ["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]), "tmpfs"]
    try:
        subprocess.run([*mount, str(where)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): {exc}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(directory: Path, leave: int) -> None:
    """Take all the room in `directory`'s file system but `leave` bytes."""
    stat = os.statvfs(directory)
    with open(directory / "filler", "wb") as f:
        f.write(b"\0" * max(stat.f_bavail * stat.f_frsize - leave, 0))


def _finalized_submission(client: TestClient[Any]) -> tuple[str, str]:
    token, recs = _scene(client)
    sid = _compose(client, token, recs)
    _letter(client, token, sid, 1)
    done = client.post(
        f"/submissions/{sid}/finalize",
        data={"_csrf": token, "document_number": "พม 1/4", "dated": "2026-12-01"},
    )
    assert done.status_code == 200, done.text
    return token, sid


def test_export_onto_a_full_disk_leaves_no_file(
    client: TestClient[Any], settings: Settings, tmp_path: Path
) -> None:
    _, sid = _finalized_submission(client)
    env = {"DATABASE_URL": settings.database_url, "DATABASE_SCHEMA": settings.schema}
    runner = CliRunner()
    with tmpfs(tmp_path / "disk", "4m") as disk:
        out = disk / "letter.pdf"
        out.write_bytes(b"the letter of last week")
        fill(disk, leave=8192)  # a PDF of the letter is far bigger
        argv = ["export", "submission", sid, "--format", "pdf", "--out", str(out)]
        ran = runner.invoke(main, argv, env=env)
        assert ran.exit_code == 1, ran.output
        assert "ส่งออกไม่สำเร็จ" in ran.output and "พื้นที่บนดิสก์เต็ม" in ran.output
        assert "Traceback" not in ran.output
        # Nothing half-written: the old file as it was, no temp file left beside it.
        assert out.read_bytes() == b"the letter of last week"
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "letter.pdf"]
        fresh = disk / "new.pdf"
        assert runner.invoke(main, [*argv[:-1], str(fresh)], env=env).exit_code == 1
        assert not fresh.exists()
        # With room again the same command writes the whole document over the old one.
        (disk / "filler").unlink()
        ran = runner.invoke(main, argv, env=env)
        assert ran.exit_code == 0, ran.output
        data = out.read_bytes()
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
        assert f"{len(data):,} ไบต์" in ran.output
        assert sorted(p.name for p in disk.iterdir()) == ["letter.pdf"]


@pytest.fixture(scope="module")
def tiny_tablespace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private cluster (Debian's PostgreSQL 15) with a tablespace `tiny` on a 512 KB tmpfs."""
    with private_cluster() as cluster:
        where = cluster.root.parent / "tiny"
        with tmpfs(where, "512k", "uid=postgres", "gid=postgres", "mode=0700"):
            with psycopg.connect(cluster.url, autocommit=True) as admin:
                admin.execute(f"CREATE TABLESPACE tiny LOCATION '{where}'")
            yield cluster.url
            with psycopg.connect(cluster.url, autocommit=True) as admin:
                for table in admin.execute(
                    "SELECT schemaname, tablename FROM pg_tables WHERE tablespace = 'tiny'"
                ).fetchall():
                    admin.execute(f'DROP TABLE "{table[0]}"."{table[1]}"')
                admin.execute("DROP TABLESPACE tiny")


def _files_on_a_full_disk(settings: Settings) -> None:
    """The schema's `files` table moved onto `tiny`, and every byte of `tiny` taken."""
    with psycopg.connect(settings.database_url, autocommit=True) as admin:
        admin.execute(f'ALTER TABLE "{settings.schema}".files SET TABLESPACE tiny')
        admin.execute(f'CREATE TABLE "{settings.schema}".ballast (data bytea) TABLESPACE tiny')
        admin.execute(f'ALTER TABLE "{settings.schema}".ballast ALTER data SET STORAGE EXTERNAL')
        with pytest.raises(psycopg.errors.DiskFull):
            for _ in range(100):
                admin.execute(
                    f'INSERT INTO "{settings.schema}".ballast VALUES (%s)', (os.urandom(32768),)
                )


def test_database_disk_full_for_attachments_and_exports(tiny_tablespace: str) -> None:
    settings = Settings.from_env(database_url=tiny_tablespace, schema="faults_disk")
    clock = FakeClock(datetime(2026, 11, 25, 3, 0, tzinfo=UTC))
    with TestClient(create_app(settings, clock=clock)) as client:
        token, recs = _scene(client)
        sid = _compose(client, token, recs)  # a draft: its export is made anew
        _letter(client, token, sid, 1)
        client.cookies.clear()  # the API with tokens from here on
        secretariat = bearer(client, "disk-secretariat", Role.SECRETARIAT)
        council = council_client(client, "disk-council", SRI_PHUM)
        made = client.post("/api/v1/editions/2569/proposals", json=FULL, headers=council)
        assert made.status_code == 201, made.text
        pid = made.json()["id"]
        _files_on_a_full_disk(settings)
        events = event_count(settings)

        upload = client.post(
            f"/api/v1/proposals/{pid}/attachments",
            files={"file": ("แผนตำบล.pdf", b"%PDF-1.4\n" + os.urandom(200_000), "application/pdf")},
            headers=council,
        )
        assert upload.status_code == 507, upload.text
        error = upload.json()["error"]
        assert error["code"] == "storage_full" and "พื้นที่จัดเก็บข้อมูลเต็ม" in error["message_th"]
        page = client.post(
            f"/api/v1/proposals/{pid}/attachments",
            files={"file": ("x.pdf", b"%PDF-1.4\n" + os.urandom(100_000), "application/pdf")},
            headers={**council, "Accept": "text/html"},
        )
        assert page.status_code == 507 and "Traceback" not in page.text

        export = client.get(f"/api/v1/submissions/{sid}/export?format=pdf", headers=secretariat)
        assert export.status_code == 507, export.text
        assert export.json()["error"]["message_th"] == STORAGE_FULL_TH

        # Nothing half-written: no file row, no attachment, no event, the job failed (in Thai).
        assert rows(settings, "SELECT count(*) FROM files") == [(0,)]
        assert rows(settings, "SELECT count(*) FROM proposal_attachments") == [(0,)]
        assert event_count(settings) == events
        assert rows(settings, "SELECT status, error_th, sha256 FROM exports") == [
            ("failed", STORAGE_FULL_TH, None)
        ]
        again = client.get(f"/api/v1/submissions/{sid}", headers=secretariat)
        assert again.status_code == 200  # the rest of the app goes on

"""Forward-only migrations with checksums, under an advisory lock."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assembly.settings import Settings
from projections.migrate import EQUIVALENT, MIGRATIONS_DIR, MigrationError, migrate
from tests.conftest import rows


def copy_migrations(tmp_path: Path) -> Path:
    folder = tmp_path / "migrations"
    folder.mkdir()
    for path in MIGRATIONS_DIR.glob("*.sql"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def test_applies_each_file_once(settings: Settings, tmp_path: Path) -> None:
    folder = copy_migrations(tmp_path)
    first = migrate(settings, folder)
    assert first == sorted(p.name for p in folder.glob("*.sql"))
    assert migrate(settings, folder) == []
    (folder / "9999_more.sql").write_text("CREATE TABLE later (id int);")
    assert migrate(settings, folder) == ["9999_more.sql"]
    assert rows(settings, "SELECT count(*) FROM schema_migrations")[0][0] == len(first) + 1


def test_refuses_an_edited_migration(settings: Settings, tmp_path: Path) -> None:
    folder = copy_migrations(tmp_path)
    migrate(settings, folder)
    target = sorted(folder.glob("*.sql"))[0]
    target.write_text(target.read_text() + "\n-- edited\n")
    with pytest.raises(MigrationError, match="forward only"):
        migrate(settings, folder)


def test_a_database_that_applied_an_equivalent_earlier_text_goes_on(
    settings: Settings,
) -> None:
    """0001 had two texts in its history, both ending (after 0007) in the same schema."""
    import psycopg

    migrate(settings)
    earlier = next(iter(EQUIVALENT["0001_registry.sql"]))
    with psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        conn.execute(
            "UPDATE schema_migrations SET checksum = %s WHERE name = '0001_registry.sql'",
            (earlier,),
        )
    assert migrate(settings) == []  # accepted, nothing applied again
    with psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        conn.execute("UPDATE schema_migrations SET checksum = 'x' WHERE name = '0001_registry.sql'")
    with pytest.raises(MigrationError, match="forward only"):
        migrate(settings)


def test_a_failing_migration_leaves_nothing_behind(settings: Settings, tmp_path: Path) -> None:
    folder = copy_migrations(tmp_path)
    (folder / "9998_broken.sql").write_text(
        "CREATE TABLE half (id int); SELECT no_such_function();"
    )
    with pytest.raises(Exception, match="no_such_function"):
        migrate(settings, folder)
    assert rows(settings, "SELECT to_regclass('half')") == [(None,)]
    (folder / "9998_broken.sql").unlink()
    assert migrate(settings, folder) == []  # the good ones before it were applied and recorded


def test_bad_file_names_are_refused(settings: Settings, tmp_path: Path) -> None:
    folder = copy_migrations(tmp_path)
    (folder / "12_oops.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="NNNN_name"):
        migrate(settings, folder)


def test_concurrent_migrators_apply_once(settings: Settings, tmp_path: Path) -> None:
    folder = copy_migrations(tmp_path)
    results: list[list[str]] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            results.append(migrate(settings, folder))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    applied = [name for r in results for name in r]
    assert sorted(applied) == sorted(p.name for p in folder.glob("*.sql"))

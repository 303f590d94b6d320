"""The national document of a full edition, from the database: 77 provinces, 300 national
recommendations standing on every provincial issue (80,000 proposals behind them).

    .venv/bin/python -m bench.cabinet [--recommendations 300] [--requests 0]

Needs the scene of `bench.national` (run `python -m bench.national --keep` once; this reuses
its schema). For each format, in a fresh process of its own (so each peak memory is its own):
the document built from the read model, then rendered; beside it the baseline: WeasyPrint
rendering the very same HTML with no data work. Then one province's document, and a page's
p99 while a national PDF export runs in the web's worker, against the same page without one.
Goals: PDF < 20 s, DOCX < 10 s, XLSX < 5 s, peak < 1 GB, a province < 2 s, p99 < 2x.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import resource
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg
import httpx
import psycopg

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.errors import DomainError
from assembly.people import create_user
from assembly.recommendations import CreateRecommendation
from assembly.settings import Settings
from assembly.submissions import ComposeSubmission
from bench.common import live_server, percentile, print_machine, print_table, report, row
from bench.national import PASSWORD, SCHEMA
from projections.migrate import migrate
from projections.runner import ProjectionRunner

BENCH_MARK = "bench-cabinet"  # the title prefix of the recommendations this bench made


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    build_s: float
    render_s: float
    peak_mb: float
    size_kb: float

    @property
    def total_s(self) -> float:
        return self.build_s + self.render_s


def _peak_mb() -> float:
    """This process's peak, plus its largest finished child's (a big PDF's parts)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


async def _built(settings: Settings, submission_id: str) -> tuple[float, bytes]:
    from projections.document_data import build
    from projections.documents import encode
    from projections.submissions import submission

    kwargs = settings.libpq_kwargs()
    kwargs["database"] = kwargs.pop("dbname")
    db = await asyncpg.create_pool(
        **kwargs, min_size=1, max_size=2, server_settings={"search_path": settings.schema}
    )
    try:
        start = time.perf_counter()
        view = await submission(db, submission_id)
        assert view is not None
        document = await build(db, view)
        return time.perf_counter() - start, encode(document)
    finally:
        await db.close()


def warm(fmt: str) -> None:
    """Load the renderer (fonts, templates) on the seed before any clock starts."""
    from tests.documents_sample import seed_document
    from web.submissions.exports import render

    render(fmt if fmt != "baseline" else "pdf", seed_document(), None)


def rendered(name: str, fmt: str, data: bytes, build_s: float) -> Result:
    """Render an encoded document as `fmt`; "baseline" is WeasyPrint alone on its HTML (made
    before the clock starts), with no data work."""
    from projections.documents import decode
    from web.submissions.exports import render

    document = decode(data)
    start = time.perf_counter()
    if fmt == "baseline":
        from weasyprint import HTML

        from web.documents.pdf import render_html
        from web.documents.weasy import FontsOnly

        html = render_html(document)
        start = time.perf_counter()
        out = HTML(string=html, url_fetcher=FontsOnly()).write_pdf() or b""
        build_s = 0.0
    else:
        out = render(fmt, document, None)
    return Result(name, build_s, time.perf_counter() - start, _peak_mb(), len(out) / 1024)


def _measure(settings: Settings, submission_id: str, fmt: str) -> Result:
    """In a fresh process: warm the renderer on the seed, then build and render."""
    warm(fmt)
    build_s, data = asyncio.run(_built(settings, submission_id))
    return rendered(fmt, fmt, data, build_s)


def in_fresh_process(
    settings: Settings | None, submission_id: str, fmt: str, measure: Any = None
) -> Result:
    """`measure` (this bench's own by default) in a process of its own, so each peak memory
    is its own. Not a multiprocessing.Pool: its workers are daemonic and may not start the
    processes a big PDF is laid out in (web/documents/parallel.py), as the export worker does."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(measure or _measure, settings, submission_id, fmt).result()  # type: ignore[no-any-return]


def scene(settings: Settings, app: Assembly, n: int) -> tuple[str, str, str]:
    """`n` recommendations over every open issue (round robin), the national submission of
    them all, and the letter of the province with the most issues."""
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        issues = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM issues WHERE year_be = 2569 AND status = 'open' ORDER BY id"
            ).fetchall()
        ]
        made = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM recommendations WHERE title_th LIKE %s ORDER BY title_th",
                (f"{BENCH_MARK}%",),
            ).fetchall()
        ]
        province = conn.execute(
            "SELECT province_code FROM issues WHERE year_be = 2569 AND status = 'open'"
            " GROUP BY province_code ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]  # type: ignore[index]
        province_issues = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM issues WHERE year_be = 2569 AND status = 'open'"
                " AND province_code = %s ORDER BY id",
                (province,),
            ).fetchall()
        ]
    text = "ให้หน่วยงานที่เกี่ยวข้องเร่งแก้ไขปัญหาที่ดินทำกิน น้ำท่วมซ้ำซาก และหนี้สินของครัวเรือน " * 6
    for k in range(len(made), n):
        rec = CreateRecommendation(
            year_be=2569,
            title_th=f"{BENCH_MARK} {k:03d}",
            text_th=text,
            issue_ids=[UUID(str(i)) for i in issues[k::n]],
            agencies=["มท.", "สศช.", "พม."],
        )
        app.handle(rec, SYSTEM)
        made.append(rec.recommendation_id)
    letter = {
        "subject_th": "ข้อเสนอแนะจากสมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี 2569",
        "to_th": "เลขาธิการคณะรัฐมนตรี",
        "signatory_position": "ผู้อำนวยการสถาบันพัฒนาองค์กรชุมชน",
        "owner_unit": "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)",
        "body": ["ตามที่ได้จัดการประชุม นั้น", "จึงเรียนมาเพื่อโปรดพิจารณา"],
    }
    national = ComposeSubmission(
        year_be=2569, recommendation_ids=[UUID(str(r)) for r in made[:n]], **letter
    )
    app.handle(national, SYSTEM)
    provincial = ComposeSubmission(
        year_be=2569,
        province_code=province,
        issue_ids=[UUID(str(i)) for i in province_issues],
        **{**letter, "to_th": "ผู้ว่าราชการจังหวัด"},
    )
    app.handle(provincial, SYSTEM)
    return str(national.submission_id), str(provincial.submission_id), province


def page_latencies(
    client: httpx.Client, path: str, stop: threading.Event | None, seconds: float
) -> list[float]:
    out: list[float] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (stop is not None and stop.is_set()):
        start = time.perf_counter()
        client.get(path).raise_for_status()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p99_during_export(settings: Settings, submission_id: str, seconds: float) -> list[object]:
    with live_server(settings) as base, httpx.Client(base_url=base, timeout=60) as client:
        token = client.post(
            "/api/v1/auth/tokens", json={"username": "bench-sec", "password": PASSWORD}
        ).json()["token"]
        secretariat = {"Authorization": f"Bearer {token}"}
        path = "/editions/2569/national"
        page_latencies(client, path, None, 2)  # warm
        quiet = page_latencies(client, path, None, seconds)
        job = client.post(
            f"/api/v1/submissions/{submission_id}/exports?format=pdf", headers=secretariat
        ).json()["job"]
        done = threading.Event()

        def follow() -> None:
            while client.get(f"/api/v1/exports/{job['id']}", headers=secretariat).json()["job"][
                "status"
            ] not in ("done", "failed"):
                time.sleep(0.5)
            done.set()

        with httpx.Client(base_url=base, timeout=60) as other:
            watcher = threading.Thread(target=follow)
            started = time.perf_counter()
            watcher.start()
            busy = page_latencies(other, path, done, 600)
            watcher.join()
            export_s = time.perf_counter() - started
        q, b = percentile(quiet, 99), percentile(busy, 99)
        return [
            path,
            len(quiet),
            f"{q:.0f}",
            len(busy),
            f"{b:.0f}",
            f"{b / q:.2f}",
            f"{export_s:.0f}",
        ]


def main() -> None:
    import argparse

    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--recommendations", type=int, default=300)
    args.add_argument("--seconds", type=float, default=20.0, help="of the quiet p99 sample")
    args.add_argument("--formats", default="baseline,pdf,docx,xlsx,json")
    opts = args.parse_args()
    settings = Settings.from_env(schema=SCHEMA)
    migrate(settings)
    print_machine(settings)
    app = Assembly(settings.eventsourcing_env())
    runner = ProjectionRunner(settings, app)
    runner.catch_up()
    if not app.recorder.max_notification_id():
        raise SystemExit("no scene: run `python -m bench.national --keep` first")
    with contextlib.suppress(DomainError):
        create_user(app, OpenAccount(role=Role.SECRETARIAT), SYSTEM, "bench-sec", PASSWORD, "")
    national, provincial, province = scene(settings, app, opts.recommendations)
    runner.catch_up()
    runner.stop()
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        behind = conn.execute(
            "SELECT count(DISTINCT ip.proposal_id), count(DISTINCT i.province_code)"
            " FROM submissions s, jsonb_array_elements(s.items) e"
            " JOIN recommendation_issues ri ON ri.recommendation_id = (e->>'id')::uuid"
            " JOIN issues i ON i.id = ri.issue_id"
            " JOIN issue_proposals ip ON ip.issue_id = i.id WHERE s.id = %s",
            (national,),
        ).fetchone()
    print(
        f"national document: {opts.recommendations} recommendations, {behind[1]} provinces,"  # type: ignore[index]
        f" {behind[0]:,} proposals behind them"
    )  # type: ignore[index]
    rows = []
    results = {f: in_fresh_process(settings, national, f) for f in opts.formats.split(",")}
    base = results.get("baseline")
    for fmt, r in results.items():
        ratio = f"{r.total_s / base.render_s:.2f}" if base else "-"
        rows.append(
            [
                fmt,
                f"{r.build_s:.2f}",
                f"{r.render_s:.2f}",
                f"{r.total_s:.2f}",
                ratio,
                f"{r.peak_mb:.0f}",
                f"{r.size_kb:,.0f}",
            ]
        )
    p = in_fresh_process(settings, provincial, "pdf")
    rows.append(
        [
            f"pdf, province {province}",
            f"{p.build_s:.2f}",
            f"{p.render_s:.2f}",
            f"{p.total_s:.2f}",
            "-",
            f"{p.peak_mb:.0f}",
            f"{p.size_kb:,.0f}",
        ]
    )
    print_table(
        ["format", "build s", "render s", "total s", "x baseline", "peak MB", "size KB"], rows
    )
    print()
    during = p99_during_export(settings, national, opts.seconds)
    print_table(
        [
            "page",
            "n quiet",
            "p99 ms quiet",
            "n during export",
            "p99 ms during",
            "ratio",
            "export s",
        ],
        [during],
    )
    report([*format_rows(results, p, province), export_row(during)])


GOALS = {"pdf": 20.0, "docx": 10.0, "xlsx": 5.0}


def format_rows(
    results: dict[str, Result],
    p: Result | None,
    province: str,
    bench: str = "cabinet",
    what: str = "Cabinet submission",
) -> list[dict[str, object]]:
    """A row per format (time and peak memory), against WeasyPrint alone on the same HTML."""
    base = results.get("baseline")
    label = f"WeasyPrint alone on the same HTML {base.render_s:.1f} s" if base else ""
    out = []
    for fmt, r in results.items():
        if fmt == "baseline":
            continue
        goal = GOALS.get(fmt)
        target = f"< {goal:g} s" if goal else "(no target)"
        out.append(
            row(
                bench,
                f"{what} {fmt.upper()} {target}, peak < 1 GB",
                f"{r.total_s:.1f} s (build {r.build_s:.1f} s), peak {r.peak_mb:.0f} MB",
                round(r.total_s, 2),
                label if fmt == "pdf" else "",
                r.total_s / base.render_s if base and fmt == "pdf" else None,
                (r.total_s < goal if goal else True) and r.peak_mb < 1024,
            )
        )
    if p is None:
        return out
    out.append(
        row(
            "cabinet",
            "one province's letter (PDF) < 2 s",
            f"{p.total_s:.2f} s (province {province}), peak {p.peak_mb:.0f} MB",
            round(p.total_s, 2),
            "",
            None,
            p.total_s < 2,
        )
    )
    return out


def export_row(during: list[object]) -> dict[str, object]:
    quiet, busy = float(str(during[2])), float(str(during[4]))
    return row(
        "cabinet",
        "national board p99 during a national PDF export < 2x quiet",
        f"p99 {busy:.0f} ms during the export ({during[6]} s)",
        busy,
        f"p99 {quiet:.0f} ms without an export",
        busy / quiet if quiet else None,
        bool(quiet) and busy < 2 * quiet,
    )


if __name__ == "__main__":
    main()

"""The follow-up document ("สรุปผลการพิจารณา") of a full edition: the national submission of
300 recommendations, the Cabinet's resolution and 1,000 answers (`bench.followup_scene`, on
`bench.national`'s kept schema).

    DATABASE_URL=... .venv/bin/python -m bench.followup [--formats baseline,pdf,docx,xlsx,json]

For each format, in a fresh process of its own (so each peak memory is its own): the
document built from the database (the frozen submission plus what came back, at one
revision), then rendered; beside it the baseline, WeasyPrint rendering the very same HTML
with no data work. `letter-pdf` is the submission's own PDF with its ความเห็น column filled.
Goal: the follow-up PDF under 20 s.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time

import asyncpg

from assembly.settings import Settings
from bench.cabinet import Result, _peak_mb
from bench.common import print_machine, print_table
from bench.followup_scene import ensure
from bench.national import SCHEMA

FORMATS = "baseline,pdf,docx,xlsx,json"


async def _built(settings: Settings, submission_id: str, followup: bool) -> tuple[float, bytes]:
    from projections.documents import encode
    from projections.followup_document import with_answers
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
        _, document = await with_answers(db, view, followup=followup)
        return time.perf_counter() - start, encode(document)
    finally:
        await db.close()


def _measure(settings: Settings, submission_id: str, fmt: str) -> Result:
    """In a fresh process: warm the renderer on the seed, then build and render."""
    from projections.documents import decode
    from tests.documents_sample import seed_document
    from web.submissions.exports import render

    plain = fmt.removeprefix("letter-") if fmt != "baseline" else "pdf"
    render(plain, seed_document(), None)
    build_s, data = asyncio.run(_built(settings, submission_id, not fmt.startswith("letter-")))
    document = decode(data)
    start = time.perf_counter()
    if fmt == "baseline":  # WeasyPrint alone, the HTML made before the clock starts
        from weasyprint import HTML

        from web.documents.pdf import render_html
        from web.documents.weasy import FontsOnly

        html = render_html(document)
        start = time.perf_counter()
        out = HTML(string=html, url_fetcher=FontsOnly()).write_pdf() or b""
        build_s = 0.0
    else:
        out = render(plain, document, None)
    return Result(fmt, build_s, time.perf_counter() - start, _peak_mb(), len(out) / 1024)


def in_fresh_process(settings: Settings, submission_id: str, fmt: str) -> Result:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_measure, (settings, submission_id, fmt))


def main() -> None:
    import argparse

    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--formats", default=FORMATS, help=f"of {FORMATS},letter-pdf")
    opts = args.parse_args()
    settings = Settings.from_env(schema=SCHEMA)
    print_machine(settings)
    submission_id = ensure(settings)
    print(f"follow-up of submission {submission_id}: 300 recommendations, 1,000 answers")
    results = {f: in_fresh_process(settings, submission_id, f) for f in opts.formats.split(",")}
    base = results.get("baseline")
    rows = [
        [
            fmt,
            f"{r.build_s:.2f}",
            f"{r.render_s:.2f}",
            f"{r.total_s:.2f}",
            f"{r.total_s / base.render_s:.2f}" if base else "-",
            f"{r.peak_mb:.0f}",
            f"{r.size_kb:,.0f}",
        ]
        for fmt, r in results.items()
    ]
    print_table(
        ["format", "build s", "render s", "total s", "x baseline", "peak MB", "size KB"], rows
    )


if __name__ == "__main__":
    main()

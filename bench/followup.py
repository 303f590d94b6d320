"""The follow-up document ("สรุปผลการพิจารณา") of a full edition: the national submission of
300 recommendations, the Cabinet's resolution and 1,000 answers (`bench.followup_scene`, on
`bench.national`'s kept schema).

    DATABASE_URL=... .venv/bin/python -m bench.followup [--formats baseline,pdf,docx,xlsx,json]

For each format, in a fresh process of its own (so each peak memory is its own): the
document built from the database (the frozen submission plus what came back, at one
revision), then rendered; beside it the baseline, WeasyPrint rendering the very same HTML
with no data work. `letter-pdf` is the submission's own PDF with its ความเห็น column filled.
`--sample` renders the scene's shape built in memory instead (no database, build 0).
Goal: the follow-up PDF under 20 s.
"""

from __future__ import annotations

import asyncio
import time

import asyncpg

from assembly.settings import Settings
from bench import cabinet
from bench.cabinet import Result, rendered, warm
from bench.common import print_machine, print_table, report
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


def sample(followup: bool = True) -> bytes:
    """The scene's shape without a database (`--sample`): 300 recommendations of the scene's
    text, 1,000 answers of its opinion over its agencies (3 or 4 a recommendation), on paper."""
    from datetime import date

    import msgspec

    from assembly.agencies import CATALOGUE
    from bench.followup_scene import AGENCIES, OPINION
    from projections.documents import Answer, FollowUp, Item, encode
    from projections.followup_document import printed
    from tests.documents_sample import seed_document

    text = "ให้หน่วยงานที่เกี่ยวข้องเร่งแก้ไขปัญหาที่ดินทำกิน น้ำท่วมซ้ำซาก และหนี้สินของครัวเรือน " * 6
    items, k = [], 0
    for n in range(1, 301):
        answers = []
        for m in range(1, 4 + (n - 1) % 2):
            if k == 1_000:
                break
            ref = CATALOGUE[AGENCIES[k % len(AGENCIES)]]
            k += 1
            answers.append(
                Answer(
                    number=m,
                    agency=ref.code,
                    agency_th=ref.name_th,
                    abbreviation=ref.short_th,
                    representative_th=ref.representative_th,
                    lead=m == 1,
                    text_th=OPINION.strip(),
                    on_paper=True,
                    received_on=date(2026, 12, 1),
                    sent_at=None,
                )
            )
        opinions = [printed(n, a) for a in answers]
        items.append(Item(number=n, id=str(n), version=1, title_th=text[:60], text_th=text.strip()))
        items[-1] = msgspec.structs.replace(items[-1], answers=answers, opinions=opinions)
    part = FollowUp(revision=1, as_of=date(2026, 12, 1), resolved_on=date(2026, 11, 24))
    document = msgspec.structs.replace(
        seed_document(), items=items, followup=part if followup else None
    )
    return encode(document)


def _measure(settings: Settings | None, submission_id: str, fmt: str) -> Result:
    """In a fresh process: warm the renderer on the seed, then build and render."""
    plain = fmt.removeprefix("letter-") if fmt != "baseline" else "pdf"
    warm(plain)
    followup = not fmt.startswith("letter-")
    if settings is None:
        build_s, data = 0.0, sample(followup)
    else:
        build_s, data = asyncio.run(_built(settings, submission_id, followup))
    return rendered(fmt, "baseline" if fmt == "baseline" else plain, data, build_s)


def in_fresh_process(settings: Settings | None, submission_id: str, fmt: str) -> Result:
    return cabinet.in_fresh_process(settings, submission_id, fmt, _measure)


def main() -> None:
    import argparse

    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--formats", default=FORMATS, help=f"of {FORMATS},letter-pdf")
    args.add_argument(
        "--sample", action="store_true", help="the scene's shape built in memory (no database)"
    )
    opts = args.parse_args()
    settings = Settings.from_env(schema=SCHEMA)
    print_machine(settings)
    if opts.sample:
        chosen, submission_id = None, ""
        print("follow-up sample (in memory): 300 recommendations, 1,000 answers")
    else:
        chosen, submission_id = settings, ensure(settings)
        print(f"follow-up of submission {submission_id}: 300 recommendations, 1,000 answers")
    formats = opts.formats.split(",")
    results = {f: in_fresh_process(chosen, submission_id, f) for f in formats}
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
    what = "the follow-up (1,000 answers)" + (" from the in-memory sample" if opts.sample else "")
    report(cabinet.format_rows(results, None, "", "followup", what))


if __name__ == "__main__":
    main()

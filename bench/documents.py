"""Rendering a full edition's submission (300 long recommendations) in each format: time and
peak memory, as ratios against a baseline in the same run (WeasyPrint rendering the very same
HTML string to PDF, with none of our data work).

    .venv/bin/python -m bench.documents [--n 300] [--repeat 1]

Each measurement runs in a fresh process (spawned), so each peak RSS is its own; each process
first renders a tiny document, so font loading is not counted. Goal for the PDF: under 20 s
and 1 GB at 300 rows. Formats are a list of (name, function): add DOCX, XLSX, … there.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.common import parser, print_table, report, row
from projections.documents import SubmissionDocument
from tests.documents_sample import large_document, seed_document


def _pdf(document: SubmissionDocument) -> bytes:
    from web.documents.pdf import render_pdf

    return render_pdf(document)


# The formats measured: (name, renderer). Each takes the document and returns the file's bytes.
FORMATS: list[tuple[str, Callable[[SubmissionDocument], bytes]]] = [
    ("pdf", _pdf),
]


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    seconds: float
    peak_mb: float
    size_kb: float


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _measure(name: str, rows: int) -> Result:
    """In a fresh process: warm up on the seed, then render the large document once."""
    render = dict(FORMATS)[name]
    render(seed_document())
    document = large_document(rows)
    start = time.perf_counter()
    data = render(document)
    return Result(name, time.perf_counter() - start, _peak_mb(), len(data) / 1024)


def _measure_baseline(rows: int) -> Result:
    """WeasyPrint alone: the HTML string is made before the clock starts."""
    from weasyprint import HTML

    from web.documents.pdf import render_html
    from web.documents.weasy import TEMPLATES, FontsOnly

    def plain(html: str) -> bytes:
        pdf = HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=FontsOnly())
        data = pdf.write_pdf()
        assert data is not None
        return data

    plain(render_html(seed_document()))
    html = render_html(large_document(rows))
    start = time.perf_counter()
    data = plain(html)
    return Result(
        "baseline: WeasyPrint on the same HTML",
        time.perf_counter() - start,
        _peak_mb(),
        len(data) / 1024,
    )


def _in_child(function: Callable[..., Result], *args: object) -> Result:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def main() -> None:
    args = parser("Rendering a submission in each format", 300)
    args.add_argument("--repeat", type=int, default=1, help="runs of each (best kept)")
    options = args.parse_args()
    rows = options.n

    def best(function: Callable[..., Result], *a: object) -> Result:
        return min(
            (_in_child(function, *a) for _ in range(options.repeat)), key=lambda r: r.seconds
        )

    baseline = best(_measure_baseline, rows)
    results = [best(_measure, name, rows) for name, _ in FORMATS]
    print(f"\n{rows} recommendations (large_document); each in its own process\n")
    print_table(
        ["format", "seconds", "× baseline", "peak MB", "× baseline", "file KB"],
        [
            (
                r.name,
                r.seconds,
                r.seconds / baseline.seconds,
                r.peak_mb,
                r.peak_mb / baseline.peak_mb,
                r.size_kb,
            )
            for r in (baseline, *results)
        ],
    )
    report(
        [
            row(
                "documents",
                f"documents sample ({rows} rows) {r.name.upper()} (no target; against WeasyPrint)",
                f"{r.seconds:.2f} s, peak {r.peak_mb:.0f} MB",
                round(r.seconds, 3),
                f"WeasyPrint alone on the same HTML {baseline.seconds:.2f} s",
                r.seconds / baseline.seconds,
                None,
            )
            for r in results
        ]
    )


if __name__ == "__main__":
    main()

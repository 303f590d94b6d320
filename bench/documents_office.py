"""Office exports of a full edition's submission (300 rows, one of 5,000 characters): time
and peak memory of DOCX, XLSX and JSON, each next to a plain baseline measured in the same run.

    .venv/bin/python -m bench.documents_office [--repeat 3]

Baselines (what the library costs with none of our work):
- DOCX: python-docx writing the same text as plain paragraphs and a plain 3-column table
  (one row per recommendation, `cell.text =`), default template, no styles, no fixes;
- XLSX: openpyxl appending the same rows (`ws.append`), no fonts, widths or print setup;
- JSON: the standard library's `json.dumps` of the same data.

Each measurement runs in a fresh process, so that its peak resident memory (ru_maxrss) is its
own; the Python-heap peak (tracemalloc) is taken on a separate run, as tracing slows it.
Goals: DOCX under 10 s, XLSX under 5 s, peak memory under 1 GB.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable

import msgspec

from bench.common import print_table, report, row
from projections.documents import SubmissionDocument
from tests.documents_sample import large_document
from web.documents.docx import render_docx
from web.documents.opendata import render_json
from web.documents.xlsx import render_xlsx


def baseline_docx(document: SubmissionDocument) -> bytes:
    import docx

    out = docx.Document()
    letter = document.letter
    for text in (letter.number, letter.subject, letter.to, *letter.body, letter.signatory_name):
        out.add_paragraph(text)
    out.add_paragraph(document.enclosure_title)
    table = out.add_table(rows=1, cols=3)
    for item in document.items:
        cells = table.add_row().cells
        cells[0].text = str(item.number)
        cells[1].text = item.text_th
        cells[2].text = "\n".join(item.opinions)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def baseline_xlsx(document: SubmissionDocument) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for item in document.items:
        b = item.backing
        sheet.append(
            [
                item.number,
                item.title_th,
                item.text_th,
                ", ".join(item.agencies),
                ", ".join(item.provinces),
                b.councils,
                b.proposals,
                b.households,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def baseline_json(document: SubmissionDocument) -> bytes:
    return json.dumps(msgspec.to_builtins(document), ensure_ascii=False).encode()


RENDERERS: dict[str, Callable[[SubmissionDocument], bytes]] = {
    "docx": render_docx,
    "docx baseline": baseline_docx,
    "xlsx": render_xlsx,
    "xlsx baseline": baseline_xlsx,
    "json": render_json,
    "json baseline": baseline_json,
}


def _measure(name: str, repeat: int) -> dict[str, float]:
    """In a fresh process: median seconds, output size, peak RSS, Python-heap peak."""
    render = RENDERERS[name]
    document = large_document()
    render(document)  # warm: imports, template parsing
    seconds = []
    size = 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(render(document))
        seconds.append(time.perf_counter() - start)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    tracemalloc.start()
    render(document)
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": statistics.median(seconds),
        "bytes": size,
        "rss_mib": rss_mib,
        "heap_mib": heap_peak / 2**20,
    }


def measure(name: str, repeat: int) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(_measure, (name, repeat))


def main() -> None:
    import argparse

    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--repeat", type=int, default=3)
    repeat = args.parse_args().repeat
    results = {name: measure(name, repeat) for name in RENDERERS}
    goals = {"docx": 10.0, "xlsx": 5.0, "json": float("nan")}
    rows = []
    for fmt, goal in goals.items():
        ours, base = results[fmt], results[f"{fmt} baseline"]
        rows.append(
            [
                fmt,
                ours["seconds"],
                base["seconds"],
                ours["seconds"] / base["seconds"],
                goal,
                ours["rss_mib"],
                base["rss_mib"],
                ours["heap_mib"],
                ours["bytes"] / 1024,
            ]
        )
    print(f"large_document(): 300 rows, one of 5,000 characters; median of {repeat} runs")
    print_table(
        [
            "format",
            "s",
            "baseline s",
            "ratio",
            "goal s",
            "peak RSS MiB",
            "baseline RSS MiB",
            "heap peak MiB",
            "KiB",
        ],
        rows,
    )
    report(
        [
            row(
                "documents_office",
                f"documents sample {r[0].upper()}"
                + (f" < {r[4]:g} s" if r[4] == r[4] else " (no target)"),
                f"{r[1]:.2f} s, peak RSS {r[5]:.0f} MiB",
                round(r[1], 3),
                f"plain library alone {r[2]:.2f} s",
                r[3],
                r[1] < r[4] if r[4] == r[4] else None,
            )
            for r in rows
        ]
    )


if __name__ == "__main__":
    main()

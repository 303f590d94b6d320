"""The benchmark table's contract: each bench's last `BENCH-JSON` line becomes its rows; a
bench that crashes or prints none is a row "failed", and the table still comes out."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bench import all as bench_all
from bench.common import row


def test_the_last_bench_json_line_is_the_rows() -> None:
    first = [row("a", "goal", "old", 1.0)]
    last = [row("a", "goal ≥ 5", "ตัวเลข 7", 7.0, "bare 10", 0.7, True)]
    output = f"human text\nBENCH-JSON {json.dumps(first)}\nmore\nBENCH-JSON {json.dumps(last)}\n"
    assert bench_all.rows_of(output) == last
    assert bench_all.rows_of("no rows here") is None
    assert bench_all.rows_of("BENCH-JSON {not json") is None


def test_a_crash_is_a_failed_row_and_the_table_comes_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench_all, "LOGS", tmp_path)
    good = [row("fine", "p99 < 50 ms", "p99 12 ms", 12.0, "/health p99 3 ms", 4.0, True)]
    script = f"import json; print('table'); print('BENCH-JSON ' + json.dumps({good!r}))"
    rows, _ = bench_all.run("fine", [sys.executable, "-c", script], 1)
    assert rows == good
    crashed, _ = bench_all.run("broken", [sys.executable, "-c", "raise SystemExit(3)"], 1)
    assert crashed[0]["failed"] and "exit 3" in str(crashed[0]["figure"])
    assert (tmp_path / "broken.log").exists()
    table = bench_all.markdown(rows + crashed, "nproc=2", bench_all.datetime(2026, 12, 6), 60)
    assert "| fine | p99 < 50 ms | p99 12 ms | /health p99 3 ms | 4.00 | met |" in table
    assert "| broken |" in table and "| failed |" in table


def test_a_ratio_without_a_baseline_is_empty() -> None:
    assert row("x", "g", "f", float("nan"), ratio=float("nan"))["ratio"] is None
    assert row("x", "g", "f", float("nan"))["value"] is None

"""Similar proposals: precision at 5 on the labeled Thai sets (dev and held-out), against a
plain baseline in the same run; segmentation speed; index build and query latency at 80,000.

    .venv/bin/python -m bench.similarity [--n 80000] [--quality]

The dev set (proposals_labeled) is the one the method was tuned on; the held-out set
(proposals_heldout) was written before the tuning and is only measured.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.common import parser, percentile, print_table, ratio, report, row
from projections.similarity import SimilarityIndex

DATA_DIR = Path(__file__).resolve().parents[1] / "tests" / "data"
DATA = DATA_DIR / "proposals_labeled.jsonl"  # dev: tuned on
HELDOUT = DATA_DIR / "proposals_heldout.jsonl"  # written first, never tuned on


def labeled(path: Path = DATA) -> list[dict[str, str]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def precision_at_5(rows: list[dict[str, str]], ranked: dict[str, list[str]]) -> float:
    group = {r["id"]: r["group"] for r in rows}
    scores = []
    for r in rows:
        top = ranked[r["id"]][:5]
        scores.append(sum(group[i] == r["group"] for i in top) / 5)
    return sum(scores) / len(scores)


def ceiling(rows: list[dict[str, str]]) -> float:
    """The best precision at 5 possible: a proposal in a group of n has only n - 1 others."""
    size = Counter(r["group"] for r in rows)
    return sum(min(5, size[r["group"]] - 1) / 5 for r in rows) / len(rows)


def ours(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    index = SimilarityIndex()
    for r in rows:
        index.add(
            r["id"],
            r["province_code"],
            r["title"],
            r["problem"],
            r["solution"],
            category=r["category"],
        )
    index.rebuild()
    return {
        r["id"]: [
            i
            for i, _ in index.similar(
                r["title"],
                r["problem"],
                r["solution"],
                category=r["category"],
                limit=5,
                exclude=r["id"],
            )
        ]
        for r in rows
    }


def baseline(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    """TF-IDF cosine over raw pythainlp words: no normalization, synonyms or n-grams."""
    from pythainlp.tokenize import word_tokenize

    docs = {
        r["id"]: Counter(
            w for w in word_tokenize(f"{r['title']} {r['problem']} {r['solution']}") if w.strip()
        )
        for r in rows
    }
    df: Counter[str] = Counter(w for d in docs.values() for w in d)
    n = len(docs)

    def vec(d: Counter[str]) -> dict[str, float]:
        v = {w: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in d.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}

    vecs = {k: vec(d) for k, d in docs.items()}
    out = {}
    for k, v in vecs.items():
        scored = sorted(
            ((sum(x * vecs[o].get(w, 0.0) for w, x in v.items()), o) for o in vecs if o != k),
            reverse=True,
        )
        out[k] = [o for _, o in scored[:5]]
    return out


def synthetic(
    rows: list[dict[str, str]], n: int, seed: int = 1
) -> list[tuple[str, str, str, str, str]]:
    """n proposals recombined from the labeled sentences (same vocabulary, new texts)."""
    rng = random.Random(seed)
    sentences = [s for r in rows for s in r["problem"].split(" ") if s]
    provinces = [f"{p:02d}" for p in range(10, 97)]
    out = []
    for i in range(n):
        r = rng.choice(rows)
        problem = " ".join(rng.sample(sentences, 6))
        out.append((f"s{i}", rng.choice(provinces), r["title"], problem, r["solution"]))
    return out


def quality() -> list[list[Any]]:
    """Precision at 5, ours and the baseline, on each labeled set."""
    table: list[list[Any]] = []
    for name, path in (("dev", DATA), ("held-out", HELDOUT)):
        rows = labeled(path)
        groups = len({r["group"] for r in rows})
        print(f"{name} set: {len(rows)} proposals in {groups} groups ({path.name})")
        table.append(
            [
                name,
                precision_at_5(rows, ours(rows)),
                precision_at_5(rows, baseline(rows)),
                ceiling(rows),
            ]
        )
    print_table(["set", "ours p@5", "baseline p@5 (TF-IDF, raw words)", "best possible"], table)
    return table


def main() -> None:
    p = parser(__doc__.splitlines()[0], n=80_000)
    p.add_argument("--quality", action="store_true", help="precision only, no 80k timings")
    args = p.parse_args()
    table = quality()
    found = [
        row(
            "similarity",
            f"similar proposals precision at 5 >= 0.8 ({name} set)",
            f"p@5 {ours:.3f} (best possible {best:.3f})",
            ours,
            f"TF-IDF over raw pythainlp words: {plain:.3f}",
            ratio(ours, plain),
            ours >= 0.8,
        )
        for name, ours, plain, best in table
    ]
    if args.quality:
        report(found)
        return
    rows = labeled()
    from assembly.thaitext import words

    text = " ".join(r["problem"] for r in rows)
    start = time.perf_counter()
    count = sum(len(words(text)) for _ in range(3))
    seconds = time.perf_counter() - start
    print(f"segmentation: {count / seconds:,.0f} words/s, {3 * len(text) / seconds:,.0f} chars/s")

    data = synthetic(rows, args.n)
    index = SimilarityIndex()
    start = time.perf_counter()
    for pid, prov, title, problem, solution in data:
        index.add(pid, prov, title, problem, solution)
    added = time.perf_counter() - start
    start = time.perf_counter()
    index.rebuild()
    built = time.perf_counter() - start
    print(f"index of {args.n:,}: add {added:.1f} s (segmenting each text), rebuild {built:.1f} s")
    lat: dict[str, list[float]] = {"national": [], "province": []}
    for r in rows[:100]:
        for scope, province in (("national", None), ("province", r["province_code"])):
            start = time.perf_counter()
            index.similar(r["title"], r["problem"], r["solution"], province_code=province, limit=5)
            lat[scope].append((time.perf_counter() - start) * 1000)
    print_table(
        [f"similar() at {args.n:,} (ms)", "p50", "p95", "p99"],
        [[k, percentile(v, 50), percentile(v, 95), percentile(v, 99)] for k, v in lat.items()],
    )
    p95 = max(percentile(v, 95) for v in lat.values())
    found.append(
        row(
            "similarity",
            f"similar() at {args.n:,} proposals p95 < 100 ms",
            f"p95 national {percentile(lat['national'], 95):.0f} ms,"
            f" province {percentile(lat['province'], 95):.0f} ms; index rebuild {built:.1f} s",
            p95,
            f"segmentation {3 * len(text) / seconds:,.0f} chars/s",
            None,
            p95 < 100,
        )
    )
    report(found)


if __name__ == "__main__":
    main()

"""Suggestions: pairwise precision, recall, F1 and adjusted Rand index of the suggested groups
on the labeled Thai sets, against a plain baseline in the same run; time to suggest for 2,000
proposals of one province and for 80,000 across the 77 provinces.

    .venv/bin/python -m bench.suggestions [--n 80000] [--quality]

Each labeled file is one "province". The dev set (proposals_labeled) is the one the cut and
weights were tuned on; the held-out set (proposals_heldout) is only measured. Every labeled
proposal has duplicates, unlike a real province: the "thinned" rows keep a quarter of the
groups whole and one member of each other group, so most groups there are singletons that
must stay alone (the mean of four draws). The synthetic loads come from the demo generator,
in memory; the words the projector stores are segmented first, and timed apart.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from assembly.councils import council_id
from assembly.thaitext import content_words, tokens
from bench.common import cpu_model, nproc, print_table, ratio, report, row
from bench.similarity import DATA, HELDOUT, labeled
from projections.suggestions import Item, suggest, suggest_national

BASELINE_THRESHOLD = 0.225  # the best on the dev set for the baseline, tuned the same way
THINNED_DRAWS = 4
ONE_PROVINCE = "30"  # Nakhon Ratchasima, the province with the most councils


class Scores(NamedTuple):
    precision: float
    recall: float
    f1: float
    ari: float


def items_of(rows: Iterable[dict[str, str]]) -> list[Item]:
    return [Item(r["id"], r["title"], r["problem"], r["solution"], r["category"]) for r in rows]


def ours(rows: list[dict[str, str]]) -> list[list[str]]:
    return [s.proposal_ids for s in suggest(items_of(rows))]


def baseline(rows: list[dict[str, str]]) -> list[list[str]]:
    """TF-IDF cosine over raw pythainlp words (no normalization, synonyms or n-grams), then
    the connected components of the pairs above a fixed threshold."""
    from pythainlp.tokenize import word_tokenize

    docs = [
        Counter(
            w for w in word_tokenize(f"{r['title']} {r['problem']} {r['solution']}") if w.strip()
        )
        for r in rows
    ]
    vocab: dict[str, int] = {}
    index, cols, counts = [], [], []
    for i, doc in enumerate(docs):
        for w, c in doc.items():
            index.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
            counts.append(c)
    x = sparse.csr_matrix((counts, (index, cols)), shape=(len(docs), len(vocab)), dtype=float)
    df = np.bincount(x.indices, minlength=x.shape[1])
    x.data = (1 + np.log(x.data)) * (np.log((1 + len(docs)) / (1 + df)) + 1)[x.indices]
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    x = sparse.csr_matrix(sparse.diags(1 / norms) @ x)
    _, label = connected_components((x @ x.T) >= BASELINE_THRESHOLD, directed=False)
    groups: dict[int, list[str]] = defaultdict(list)
    for r, g in zip(rows, label, strict=True):
        groups[int(g)].append(r["id"])
    return [sorted(g) for g in groups.values() if len(g) > 1]


def pairwise(groups: Sequence[Sequence[str]], truth: dict[str, str]) -> Scores:
    """Pairwise precision, recall and F1 of the predicted groups, and the adjusted Rand index;
    a proposal in no group is a group of its own."""
    predicted = {pid: f"g{k}" for k, group in enumerate(groups) for pid in group}
    labels = [(predicted.get(pid, f"alone:{pid}"), g) for pid, g in truth.items()]

    def pairs(counts: Iterable[int]) -> int:
        return sum(math.comb(c, 2) for c in counts)

    both = pairs(Counter(labels).values())
    said = pairs(Counter(p for p, _ in labels).values())
    true = pairs(Counter(g for _, g in labels).values())
    precision = both / said if said else 0.0
    recall = both / true if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    expected = said * true / math.comb(len(labels), 2)
    top = (said + true) / 2
    ari = (both - expected) / (top - expected) if top != expected else 1.0
    return Scores(precision, recall, f1, ari)


def thinned(rows: list[dict[str, str]], seed: int, keep: float = 0.25) -> list[dict[str, str]]:
    """A quarter of the groups whole, one member of each other: mostly proposals alone."""
    groups = sorted({r["group"] for r in rows})
    whole = set(random.Random(seed).sample(groups, round(len(groups) * keep)))
    seen: set[str] = set()
    out = []
    for r in rows:
        if r["group"] in whole or r["group"] not in seen:
            out.append(r)
            seen.add(r["group"])
    return out


def scores(rows: list[dict[str, str]]) -> tuple[Scores, Scores]:
    truth = {r["id"]: r["group"] for r in rows}
    return pairwise(ours(rows), truth), pairwise(baseline(rows), truth)


def mean_scores(runs: Sequence[Scores]) -> Scores:
    return Scores(*(float(np.mean(column)) for column in zip(*runs, strict=True)))


def quality() -> list[list[Any]]:
    table: list[list[Any]] = []
    for name, path in (("dev", DATA), ("held-out", HELDOUT)):
        rows = labeled(path)
        groups = len({r["group"] for r in rows})
        print(f"{name} set: {len(rows)} proposals in {groups} groups ({path.name})")
        for label, sets in (
            (name, [rows]),
            (f"{name}, thinned", [thinned(rows, seed) for seed in range(THINNED_DRAWS)]),
        ):
            runs = [scores(s) for s in sets]
            mine, plain = mean_scores([r[0] for r in runs]), mean_scores([r[1] for r in runs])
            table.append([label, *mine, *plain])
    print()
    print_table(
        ["set", "ours P", "R", "F1", "ARI", "baseline P", "R", "F1", "ARI"],
        table,
    )
    print(f"baseline: TF-IDF over raw pythainlp words, components above {BASELINE_THRESHOLD}")
    print()
    return table


# --- synthetic loads ---


def synthetic(n: int, province: str | None = None, seed: int = 80) -> dict[str, list[Item]]:
    """n demo proposals by province (only the councils of `province` when given)."""
    from web import demo, demo_proposals

    councils = [c for c in demo.demo_councils() if province in (None, c.province_code)]
    where = {council_id(c.code): c.province_code for c in councils}
    out: dict[str, list[Item]] = defaultdict(list)
    for commands in demo_proposals.plan(councils, n, seed=seed):
        d = commands[0]
        item = Item(str(d.proposal_id), d.title_th, d.problem_th, d.recommendation_th, d.category)
        out[where[d.council_id]].append(item)
    return out


def stored(item: Item) -> Item:
    """The item with the words the projector stores (as `projections.proposals_projector`)."""
    body = f"{item.problem}\n{item.solution}"
    return item._replace(
        title_words=" ".join(content_words(tokens(item.title))),
        body_words=" ".join(content_words(tokens(body))),
    )


def bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )


def one_province(n: int = 2_000) -> list[list[object]]:
    items = synthetic(n, ONE_PROVINCE)[ONE_PROVINCE]
    rows: list[list[object]] = []
    start = time.perf_counter()
    found = suggest(items)
    rows.append([f"{len(items):,} of one province, segmenting", time.perf_counter() - start])
    with_words = [stored(i) for i in items]
    start = time.perf_counter()
    again = suggest(with_words)
    rows.append([f"{len(items):,} of one province, stored words", time.perf_counter() - start])
    assert [s.proposal_ids for s in found] == [s.proposal_ids for s in again]
    print(f"one province: {len(found)} groups, the largest of {len(found[0].proposal_ids)}")
    return rows


def national(n: int) -> list[list[object]]:
    by_province = synthetic(n)
    with bar() as progress:
        task = progress.add_task("segmenting (the projector's work)", total=n)
        start = time.perf_counter()
        ready = {}
        for code, items in by_province.items():
            ready[code] = [stored(i) for i in items]
            progress.advance(task, len(items))
        segmenting = time.perf_counter() - start
        task = progress.add_task("suggesting, by province", total=n)
        start = time.perf_counter()
        found = suggest_national(ready, progress=lambda k: progress.advance(task, k))
        suggesting = time.perf_counter() - start
    largest = max(len(v) for v in by_province.values())
    groups = sum(len(v) for v in found.values())
    print(f"national: {len(by_province)} provinces, the largest of {largest:,}; {groups:,} groups")
    return [
        [f"{n:,} nationally, stored words", suggesting],
        [f"{n:,} nationally, segmenting first", segmenting + suggesting],
    ]


def main() -> None:
    from bench.common import parser

    p = parser(__doc__.splitlines()[0], n=80_000)
    p.add_argument("--quality", action="store_true", help="the labeled sets only, no timings")
    args = p.parse_args()
    print(f"machine: nproc={nproc()}, cpu={cpu_model()}")
    print()
    table = quality()
    found = [
        row(
            "suggestions",
            f"suggestions (likely duplicates) pairwise F1 >= 0.8 ({t[0]} set)"
            if "thinned" not in t[0]
            else f"suggestions pairwise F1 ({t[0]} set: no target)",
            f"F1 {t[3]:.3f} (P {t[1]:.3f}, R {t[2]:.3f})",
            t[3],
            f"TF-IDF components: F1 {t[7]:.3f}",
            ratio(t[3], t[7]),
            t[3] >= 0.8 if "thinned" not in t[0] else None,
        )
        for t in table
    ]
    if args.quality:
        report(found)
        return
    rows = one_province()
    rows += national(args.n)
    print()
    print_table(["suggest()", "seconds"], rows)
    province, national_s = float(rows[1][1]), float(rows[3][1])
    found += [
        row(
            "suggestions",
            "suggestions for 2,000 proposals of one province < 5 s",
            f"{province:.2f} s from the stored words ({float(rows[0][1]):.2f} s segmenting)",
            province,
            "",
            None,
            province < 5,
        ),
        row(
            "suggestions",
            f"suggestions for {args.n:,} proposals nationally < 2 min",
            f"{national_s:.0f} s segmenting first ({float(rows[2][1]):.0f} s from stored words)",
            national_s,
            "",
            None,
            national_s < 120,
        ),
    ]
    report(found)


if __name__ == "__main__":
    main()

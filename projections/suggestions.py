"""Suggestions: groups of likely duplicates among a province's unconsolidated proposals.

A coordinator accepts or turns down each group in one click, so a group must be tight (one
issue, not one topic) and say why it was made (the key words its members share).

1. Each proposal is two TF-IDF vectors over the province's proposals: canonical content words
   (title words count double, the category chosen by the council as one more word; not the
   parts of compound words, which tie near misses together) and the character 3-grams of the
   normalized text, which survive typos and odd segmentation. The first-order similarity is
   their weighted cosine.
2. Near duplicates often share few words with each other but the same neighbours: the
   similarity used for grouping is half the first-order one and half the cosine of the
   proposals' nearest-neighbour profiles (a second-order similarity).
3. Average-linkage agglomerative clustering on that similarity, cut at a fixed distance tuned
   on the labeled dev set. A cut is absolute, so the many proposals with no duplicate stay
   alone instead of being pulled into the nearest group.

A group the coordinator turned down is not suggested again, nor inside a bigger group: such a
group is split along the tree (its two halves, and so on down) until no part holds a whole
rejected set, so the parts that are still cohesive are suggested instead.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import linkage

from assembly.thaitext import SYNONYMS, canonical, normalize_for_search, words
from projections.features import GENRE_STOPWORDS

WORD_SHARE = 0.7  # of the first-order similarity; the rest goes to character 3-grams
TITLE_BOOST = 2.0
CATEGORY_WEIGHT = 1.0  # the category is a topic, not an issue: near misses share it too
NEIGHBOURS = 5  # the profile of a proposal for the second-order similarity
SECOND_ORDER_SHARE = 0.5
CUT = 0.875  # the average-linkage distance (1 - similarity) where groups stop merging
GRAM = 3
KEY_WORDS = 6
_NOT_A_WORD = re.compile(r"[\d.,%/-]+")  # numbers explain nothing on their own

Progress = Callable[[int], None]
_Words = tuple[list[str], list[str]]  # a proposal's canonical content words: title, body


class Item(NamedTuple):
    """A proposal to group; the words the projector stored spare segmenting it again."""

    id: str
    title: str
    problem: str
    solution: str
    category: str | None = None
    title_words: str | None = None
    body_words: str | None = None


@dataclass
class Suggestion:
    proposal_ids: list[str]  # sorted
    score: float  # cohesion: the mean similarity of the members' pairs, 0..1
    key_words: list[str]  # the shared content words, most telling first
    title_th: str  # the title of the most central member


def suggest(
    items: Sequence[Item],
    *,
    rejected: Collection[frozenset[str]] = (),
    min_size: int = 2,
    progress: Progress | None = None,
) -> list[Suggestion]:
    """Groups of likely duplicates among the proposals of one province, largest and tightest
    first. `progress` is told how many more proposals are done."""
    ordered = sorted(items, key=lambda item: item.id)  # the same answer whatever the order
    found = [_content_words(item) for item in ordered]
    texts = [normalize_for_search(f"{i.title} {i.problem} {i.solution}") for i in ordered]
    out: list[Suggestion] = []
    if len(ordered) >= max(2, min_size):
        first = _first_order(ordered, found, texts)
        grouping = _hybrid(first)
        tree = linkage(_condensed(grouping), method="average")
        blocked = _Rejections(rejected, [item.id for item in ordered])
        groups = [g for g in _cut(tree, len(ordered), CUT, blocked) if len(g) >= min_size]
        df = Counter(w for title, body in found for w in set(title + body))
        out = [_describe(ordered, found, texts, df, g, first, grouping) for g in groups]
    if progress is not None:
        progress(len(items))
    return sorted(out, key=lambda s: (-len(s.proposal_ids) * s.score, s.proposal_ids))


def suggest_national(
    rows_by_province: Mapping[str, Sequence[Item]],
    *,
    rejected: Collection[frozenset[str]] = (),
    progress: Progress | None = None,
) -> dict[str, list[Suggestion]]:
    """`suggest` for each province (a group never crosses a province's border)."""
    return {
        code: suggest(rows, rejected=rejected, progress=progress)
        for code, rows in sorted(rows_by_province.items())
    }


# --- features ---


def _content_words(item: Item) -> _Words:
    """Canonical content words of the title and of the body (stored ones when given), less
    the words every petition uses."""
    if item.title_words is not None and item.body_words is not None:
        title, body = item.title_words.split(), item.body_words.split()
    else:
        title, body = words(item.title), words(f"{item.problem}\n{item.solution}")
    return _content(title), _content(body)


def _content(found: list[str]) -> list[str]:
    # canonical() again: words stored by an older projector may predate a new synonym
    return [w for w in map(canonical, found) if w not in GENRE_STOPWORDS]


def _word_counts(found: _Words, category: str | None) -> dict[str, float]:
    # Whole words only: the parts of compounds (ป่า in ป่าสงวน) join near misses together.
    counts: dict[str, float] = defaultdict(float)
    for w in found[1]:
        counts[w] += 1.0
    for w in found[0]:
        counts[w] += TITLE_BOOST
    if category:
        counts[f"category:{category}"] += CATEGORY_WEIGHT
    return counts


def _sparse(counts: list[Mapping[str, float]]) -> sparse.csr_matrix:
    vocab: dict[str, int] = {}
    rows, cols, values = [], [], []
    for i, doc in enumerate(counts):
        for feature, n in doc.items():
            rows.append(i)
            cols.append(vocab.setdefault(feature, len(vocab)))
            values.append(n)
    shape = (len(counts), len(vocab))
    return sparse.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float64)


def _gram_matrix(normalized: Sequence[str]) -> sparse.csr_matrix:
    """Character 3-gram counts of each normalized text without spaces, built with numpy: a
    gram is three code points packed into one integer."""
    texts = ["".join(t.split()) for t in normalized]
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    grams = np.maximum(lengths - GRAM + 1, 0)
    at = np.repeat(starts - np.cumsum(grams) + grams, grams) + np.arange(grams.sum())
    code = (points[at] << 42) | (points[at + 1] << 21) | points[at + 2]
    _, cols = np.unique(code, return_inverse=True)
    rows = np.repeat(np.arange(len(texts)), grams)
    shape = (len(texts), int(cols.max()) + 1 if len(cols) else 0)
    return sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=shape)


def _tfidf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Log TF x smoothed IDF over these documents, rows L2-normalized."""
    x = counts.tocsr()
    x.sum_duplicates()
    n = x.shape[0]
    df = np.bincount(x.indices, minlength=x.shape[1])
    idf = np.log((1 + n) / (1 + df)) + 1.0
    x.data = (1 + np.log(x.data)) * idf[x.indices]
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1 / norms) @ x)


def _first_order(
    items: Sequence[Item], found: Sequence[_Words], texts: Sequence[str]
) -> np.ndarray:
    """Weighted cosine of the word and the 3-gram vectors, as a dense matrix."""
    w = _tfidf(_sparse([_word_counts(f, i.category) for f, i in zip(found, items, strict=True)]))
    g = _tfidf(_gram_matrix(texts))
    out = WORD_SHARE * (w @ w.T).toarray() + (1 - WORD_SHARE) * (g @ g.T).toarray()
    return np.clip(out, 0.0, 1.0, out=out)


def _hybrid(first: np.ndarray) -> np.ndarray:
    """First-order similarity mixed with the cosine of nearest-neighbour profiles: each row
    keeps itself and its NEIGHBOURS most similar others."""
    n = len(first)
    k = min(NEIGHBOURS, n - 1)
    others = first.copy()
    np.fill_diagonal(others, -1.0)
    nearest = np.argpartition(-others, k - 1, axis=1)[:, :k]
    rows = np.repeat(np.arange(n), k)
    values = np.take_along_axis(first, nearest, axis=1).ravel()
    profile = sparse.csr_matrix((values, (rows, nearest.ravel())), shape=(n, n))
    profile = profile + sparse.identity(n, format="csr")
    norms = np.sqrt(np.asarray(profile.multiply(profile).sum(axis=1)).ravel())
    profile = sparse.csr_matrix(sparse.diags(1 / norms) @ profile)
    second = (profile @ profile.T).toarray()
    return (1 - SECOND_ORDER_SHARE) * first + SECOND_ORDER_SHARE * second


def _condensed(similarity: np.ndarray) -> np.ndarray:
    """The upper triangle of 1 - similarity, as scipy's linkage wants it."""
    upper = np.triu_indices(len(similarity), k=1)
    return np.clip(1.0 - similarity[upper], 0.0, None)


# --- the cut, and what the coordinator turned down ---


class _Rejections:
    """Rejected sets as row numbers, each filed under its first member: a group holds the
    set only if it holds that member. A set with a proposal no longer here (consolidated
    since) blocks nothing: what is left of it may be suggested."""

    def __init__(self, rejected: Collection[frozenset[str]], ids: Sequence[str]) -> None:
        row = {pid: i for i, pid in enumerate(ids)}
        self.by_member: dict[int, list[frozenset[int]]] = defaultdict(list)
        for ids_ in rejected:
            if len(ids_) >= 2 and all(pid in row for pid in ids_):
                rows = frozenset(row[pid] for pid in ids_)
                self.by_member[min(rows)].append(rows)

    def blocks(self, group: list[int]) -> bool:
        """Whether the group holds a whole rejected set (the same one, or more)."""
        if not self.by_member:
            return False
        members = set(group)
        return any(r <= members for m in group for r in self.by_member.get(m, ()))


def _leaves(tree: np.ndarray, n: int, node: int) -> list[int]:
    out, stack = [], [node]
    while stack:
        x = stack.pop()
        if x < n:
            out.append(x)
        else:
            stack += [int(tree[x - n, 0]), int(tree[x - n, 1])]
    return sorted(out)


def _cut(tree: np.ndarray, n: int, cut: float, blocked: _Rejections) -> Iterator[list[int]]:
    """The highest subtrees under the cut that hold no rejected set; singletons left out."""
    stack = [2 * n - 2]
    while stack:
        node = stack.pop()
        if node < n:
            continue
        left, right, height = tree[node - n, :3]
        if height <= cut:
            group = _leaves(tree, n, node)
            if not blocked.blocks(group):
                yield group
                continue
        stack += [int(left), int(right)]


# --- what the coordinator sees ---


def _describe(
    items: Sequence[Item],
    found: Sequence[_Words],
    texts: Sequence[str],
    df: Counter[str],
    group: list[int],
    first: np.ndarray,
    grouping: np.ndarray,
) -> Suggestion:
    block = grouping[np.ix_(group, group)]
    pairs = len(group) * (len(group) - 1)
    score = float((block.sum() - np.trace(block)) / pairs)
    central = group[int(np.argmax(first[np.ix_(group, group)].sum(axis=1)))]
    return Suggestion(
        proposal_ids=sorted(items[i].id for i in group),
        score=round(min(max(score, 0.0), 1.0), 4),
        key_words=_key_words(found, texts, df, group),
        title_th=items[central].title.strip(),
    )


def _key_words(
    found: Sequence[_Words], texts: Sequence[str], df: Counter[str], group: list[int]
) -> list[str]:
    """Words shared by at least half the members (two at least), weighed as in the group's
    centroid (members using it, titles counting double) times their rarity in the province,
    and shown as the members spelled them."""
    floor = max(2, math.ceil(len(group) / 2))
    members = Counter(w for i in group for w in set(found[i][0] + found[i][1]))
    titles = Counter(w for i in group for w in set(found[i][0]))
    n = len(found)

    def weight(w: str) -> float:
        return (members[w] + titles[w]) * (math.log(n / df[w]) + 1.0)

    shared = [w for w, c in members.items() if c >= floor and not _NOT_A_WORD.fullmatch(w)]
    ranked = sorted(shared, key=lambda w: (-weight(w), w))[: 2 * KEY_WORDS]
    written = [texts[i] for i in group]
    joined = _joined([_spelled(w, written) for w in ranked], written, floor)
    # ไฟ says nothing that ไฟป่า does not: a word inside another key word is left out.
    return [w for w in joined if not any(w != v and w in v for v in joined)][:KEY_WORDS]


def _joined(ranked: list[str], texts: list[str], floor: int) -> list[str]:
    """Two key words never written apart (ท่อ + น้ำดี: the segmenter split ท่อน้ำดี, a word
    it does not know) become the one word, in the place of the better of the two."""
    out: list[str] = []
    used: set[str] = set()
    for w in ranked:
        if w in used:
            continue
        used.add(w)
        for v in ranked:
            both = None if v in used else _one_word(w, v, texts, floor)
            if both:
                used.add(v)
                w = both
                break
        if w not in out:
            out.append(w)
    return out


def _one_word(a: str, b: str, texts: list[str], floor: int) -> str | None:
    for joined in (a + b, b + a):
        together = sum(t.count(joined) for t in texts)
        members = sum(joined in t for t in texts)
        if members >= floor and all(sum(t.count(x) for t in texts) == together for x in (a, b)):
            return joined
    return None


def _variants() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for variant, word in SYNONYMS.items():
        out[word].append(variant)
    return out


_VARIANTS = _variants()


def _spelled(word: str, texts: list[str]) -> str:
    """The canonical word if the members wrote it, else the variant they wrote most."""
    seen = {v: sum(t.count(v) for t in texts) for v in [word, *_VARIANTS.get(word, ())]}
    best = max(seen, key=lambda v: seen[v])
    return word if seen[word] or not seen[best] else best

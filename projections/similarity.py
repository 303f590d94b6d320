"""Similar proposals: an in-memory index over the submitted proposals, Thai-aware.

A proposal is two sparse vectors: canonical content words (pythainlp segmentation, spelling
variants, abbreviations, synonyms and dialect made one; title words count double) and
character 3-grams of the normalized text (they survive typos and segmentation mistakes).
Both are TF-IDF weighted and L2-normalized; the score is a weighted sum of the two cosines.

The index is a column-major sparse matrix (an inverted index) rebuilt in one go when many
proposals were added, plus a short list of recent ones scored directly, so adds are cheap
and a query touches only the columns of its own features.
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import asyncpg
import numpy as np
from scipy import sparse

from assembly.thaitext import normalize_for_search, parts, words

WORD_WEIGHT = 0.5  # the rest goes to character 3-grams
TITLE_BOOST = 2
CATEGORY_WEIGHT = 2  # the category a council chose, as one more (strong) word
PART_WEIGHT = 0.5  # the dictionary words inside a compound word
FEEDBACK = 3  # neighbours that vote in the second pass
FEEDBACK_WEIGHT = 1.0
REBUILD_AFTER = 2_000  # pending adds before the matrix is rebuilt


def word_features(
    title: str, problem: str, solution: str, category: str | None = None
) -> dict[str, float]:
    return feature_counts(words(title), words(f"{problem}\n{solution}"), category)


def feature_counts(
    title_words: list[str], body_words: list[str], category: str | None = None
) -> dict[str, float]:
    """Words (title ones count more), the parts of compound words, and the category."""
    counts: dict[str, float] = defaultdict(float)
    for found, weight in ((body_words, 1.0), (title_words, float(TITLE_BOOST))):
        for w in found:
            counts[w] += weight
            for part in parts(w):
                counts[part] += weight * PART_WEIGHT
    if category:
        counts[f"category:{category}"] += CATEGORY_WEIGHT
    return counts


def gram_features(title: str, problem: str, solution: str) -> Counter[str]:
    text = "".join(normalize_for_search(f"{title} {problem} {solution}").split())
    return Counter(text[i : i + 3] for i in range(max(0, len(text) - 2)))


@dataclass
class _Space:
    """One kind of feature: vocabulary, document frequencies, and the built matrix."""

    vocab: dict[str, int] = field(default_factory=dict)
    df: list[int] = field(default_factory=list)
    matrix: sparse.csc_matrix | None = None

    def ids(self, counts: Mapping[str, float], grow: bool) -> dict[int, float]:
        out: dict[int, float] = {}
        for feature, n in counts.items():
            index = self.vocab.get(feature)
            if index is None:
                if not grow:
                    continue
                index = self.vocab[feature] = len(self.df)
                self.df.append(0)
            out[index] = float(n)
        return out

    def idf(self, docs: int) -> np.ndarray:
        df = np.asarray(self.df, dtype=np.float64)
        return np.log((1 + docs) / (1 + df)) + 1.0

    def weigh(self, tf: dict[int, float], idf: np.ndarray) -> dict[int, float]:
        weights = {i: (1 + math.log(n)) * (idf[i] if i < len(idf) else 1.0) for i, n in tf.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {i: w / norm for i, w in weights.items()}


class SimilarityIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.ids: list[str] = []
        self.province: list[str] = []
        self._row: dict[str, int] = {}
        self._removed: set[int] = set()
        self._words = _Space()
        self._grams = _Space()
        self._tf: list[tuple[dict[int, float], dict[int, float]]] = []
        self._built = 0  # rows covered by the matrices
        self._idf: tuple[np.ndarray, np.ndarray] | None = None
        self._texts: dict[str, tuple[str, str, str]] = {}

    def __len__(self) -> int:
        return len(self.ids) - len(self._removed)

    def add(
        self,
        proposal_id: str,
        province_code: str,
        title: str,
        problem: str,
        solution: str,
        *,
        title_words: str | None = None,
        body_words: str | None = None,
        category: str | None = None,
    ) -> None:
        """Index a proposal; pass the words the projector stored to skip segmenting again."""
        if title_words is not None and body_words is not None:
            w = feature_counts(title_words.split(), body_words.split(), category)
        else:
            w = word_features(title, problem, solution, category)
        g = gram_features(title, problem, solution)
        with self._lock:
            if proposal_id in self._row:
                self._removed.add(self._row[proposal_id])
            wt, gt = self._words.ids(w, grow=True), self._grams.ids(g, grow=True)
            for space, tf in ((self._words, wt), (self._grams, gt)):
                for index in tf:
                    space.df[index] += 1
            self._row[proposal_id] = len(self.ids)
            self.ids.append(proposal_id)
            self.province.append(province_code)
            self._tf.append((wt, gt))
            self._texts[proposal_id] = (title, problem, solution)

    def remove(self, proposal_id: str) -> None:
        with self._lock:
            row = self._row.pop(proposal_id, None)
            if row is not None:
                self._removed.add(row)
                self._texts.pop(proposal_id, None)

    def rebuild(self) -> None:
        """Weigh every document with the current IDF and build the column-major matrices."""
        with self._lock:
            n = len(self.ids)
            idf_w, idf_g = self._words.idf(n), self._grams.idf(n)
            for space, idf, k in ((self._words, idf_w, 0), (self._grams, idf_g, 1)):
                rows, cols, vals = [], [], []
                for r, pair in enumerate(self._tf):
                    for c, v in space.weigh(pair[k], idf).items():
                        rows.append(r)
                        cols.append(c)
                        vals.append(v)
                space.matrix = sparse.csc_matrix(
                    (np.asarray(vals, dtype=np.float32), (rows, cols)), shape=(n, len(space.df))
                )
            self._idf = (idf_w, idf_g)
            self._built = n

    def _scores(self, qw: dict[int, float], qg: dict[int, float]) -> np.ndarray:
        """Cosine (words and 3-grams, weighted) of one weighted query against every row."""
        assert self._idf is not None
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for space, query, weight in (
            (self._words, qw, WORD_WEIGHT),
            (self._grams, qg, 1 - WORD_WEIGHT),
        ):
            if space.matrix is not None and query:
                cols = [c for c in query if c < space.matrix.shape[1]]
                if cols:
                    values = np.asarray([query[c] for c in cols], dtype=np.float32)
                    part = space.matrix[:, cols] @ values
                    scores[: self._built] += weight * np.asarray(part).ravel()
        for r in range(self._built, len(self.ids)):  # recent adds, scored directly
            wt = self._words.weigh(self._tf[r][0], self._idf[0])
            gt = self._grams.weigh(self._tf[r][1], self._idf[1])
            scores[r] = WORD_WEIGHT * _dot(qw, wt) + (1 - WORD_WEIGHT) * _dot(qg, gt)
        return scores

    def _weighed(self, row: int) -> tuple[dict[int, float], dict[int, float]]:
        assert self._idf is not None
        return (
            self._words.weigh(self._tf[row][0], self._idf[0]),
            self._grams.weigh(self._tf[row][1], self._idf[1]),
        )

    def similar(
        self,
        title: str,
        problem: str,
        solution: str,
        *,
        category: str | None = None,
        province_code: str | None = None,
        limit: int = 5,
        exclude: str | None = None,
    ) -> list[tuple[str, float]]:
        """The `limit` most similar proposals (optionally of one province), best first.

        Pseudo-relevance feedback: the first pass's best few proposals vote too, so a
        proposal worded unlike the query but like its closest neighbours still ranks.
        """
        if len(self.ids) - self._built > REBUILD_AFTER or self._idf is None:
            self.rebuild()
        assert self._idf is not None
        with self._lock:
            features = word_features(title, problem, solution, category)
            qw = self._words.weigh(self._words.ids(features, grow=False), self._idf[0])
            qg = self._grams.weigh(
                self._grams.ids(gram_features(title, problem, solution), grow=False), self._idf[1]
            )
            scores = self._scores(qw, qg)
            dead = np.zeros(len(self.ids), dtype=bool)
            dead[list(self._removed)] = True
            if exclude is not None and exclude in self._row:
                dead[self._row[exclude]] = True
            first = np.where(dead, -1, scores)
            neighbours = [int(r) for r in np.argsort(-first)[:FEEDBACK] if first[r] > 0]
            if neighbours:
                votes = sum(
                    (self._scores(*self._weighed(r)) for r in neighbours), np.zeros_like(scores)
                )
                scores = scores + FEEDBACK_WEIGHT * votes / len(neighbours)
            scores[dead] = -1
            if province_code is not None:
                mask = np.fromiter(
                    (p != province_code for p in self.province),
                    dtype=bool,
                    count=len(self.province),
                )
                scores[mask] = -1
            k = min(limit, len(scores))
            if k == 0:
                return []
            top = np.argpartition(-scores, k - 1)[:k]
            ranked = sorted(top, key=lambda r: -scores[r])
            scale = 1 + FEEDBACK_WEIGHT  # keep scores in [0, 1]
            return [
                (self.ids[r], round(float(scores[r]) / scale, 4)) for r in ranked if scores[r] > 0
            ]

    def explain(
        self, a: tuple[str, str, str], b: tuple[str, str, str], limit: int = 6
    ) -> list[str]:
        """The shared words that weigh most: why two proposals look alike."""
        shared = set(word_features(*a)) & set(word_features(*b))
        n = max(1, len(self.ids))
        idf = self._words.idf(n) if self._words.df else None

        def weight(word: str) -> float:
            index = self._words.vocab.get(word)
            return float(idf[index]) if idf is not None and index is not None else 1.0

        return sorted(shared, key=weight, reverse=True)[:limit]

    def text(self, proposal_id: str) -> tuple[str, str, str] | None:
        return self._texts.get(proposal_id)


def _dot(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


# --- kept in step with the read model ---

INDEXED = ("submitted", "returned", "consolidated")


@dataclass
class Corpus:
    """One index per edition, refreshed from the proposals table before each use: it works
    the same in every web process, whoever projected the rows."""

    indexes: dict[int, SimilarityIndex] = field(default_factory=dict)
    seen: dict[int, object] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def index(self, db: asyncpg.Pool, year_be: int) -> SimilarityIndex:
        index = self.indexes.setdefault(year_be, SimilarityIndex())
        since = self.seen.get(year_be)
        rows = await db.fetch(
            "SELECT id::text, province_code, title_th, problem_th, recommendation_th,"
            " title_words, body_words, status, updated_at, category FROM proposals"
            " WHERE year_be = $1 AND ($2::timestamptz IS NULL OR updated_at > $2)"
            " ORDER BY updated_at",
            year_be,
            since,
        )
        if rows:
            await asyncio.to_thread(self._apply, index, rows)
            self.seen[year_be] = rows[-1][8]
        return index

    def _apply(self, index: SimilarityIndex, rows: list[asyncpg.Record]) -> None:
        with self.lock:
            for r in rows:
                if r[7] in INDEXED:
                    index.add(
                        r[0],
                        r[1],
                        r[2],
                        r[3],
                        r[4],
                        title_words=r[5],
                        body_words=r[6],
                        category=r[9],
                    )
                else:
                    index.remove(r[0])

"""Similar proposals: an in-memory index over the submitted proposals, Thai-aware.

A proposal is two sparse vectors: canonical content words (pythainlp segmentation, spelling
variants, abbreviations, dialect and synonyms made one; title words count double; the words
every petition uses left out) and character 3-grams of the normalized text (they survive
typos and segmentation mistakes). Both are TF-IDF weighted and L2-normalized; the similarity
is a weighted sum of the two cosines.

A query is scored in two steps:

1. One pass over the inverted index (a column-major sparse matrix) gives every proposal its
   cosine. While the index is small enough to afford it, each proposal's cosine is lessened
   by how close it is to its own nearest neighbours (CSLS hubness reduction): proposals near
   everything otherwise crowd the near misses into every list.
2. The best CANDIDATES are reranked among themselves: each gets the votes of the query's
   closest few (pseudo-relevance feedback) and the query's similarity to its own closest
   candidates, so a proposal worded unlike the query but like its neighbours still ranks.
   This costs a 30 x 30 product, not more passes over the index.

The matrices are rebuilt in one vectorized go when many proposals were added; recent adds
are scored directly until then.
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

import asyncpg
import numpy as np
from scipy import sparse

from projections.features import feature_counts, gram_features, shown_words, word_features

WORD_WEIGHT = 0.5  # the rest goes to character 3-grams
CANDIDATES = 30  # reranked after the first pass
FEEDBACK = 3  # the query's closest candidates, who vote for the others
FEEDBACK_WEIGHT = 2.0
RECIPROCAL = 3  # each candidate's own closest candidates, whose likeness to the query counts
RECIPROCAL_WEIGHT = 1.0
HUB_NEIGHBOURS = 5  # a proposal's hubness: its mean word cosine to this many nearest others
HUB_WEIGHT = 0.25
HUB_LIMIT = 10_000  # the all-pairs pass grows with the square: above this, no hub penalty
REBUILD_AFTER = 2_000  # pending adds before the matrix is rebuilt

# A weighed proposal: word ids, their weights, 3-gram ids, their weights.
_Vector = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@dataclass
class _Space:
    """One kind of feature: vocabulary, document frequencies, and the built matrix."""

    share: float  # of the similarity: the vectors are scaled by its square root
    vocab: dict[str, int] = field(default_factory=dict)
    matrix: sparse.csc_matrix | None = None
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def ids(self, counts: Mapping[str, float], grow: bool) -> tuple[np.ndarray, np.ndarray]:
        """Feature ids and counts; unknown features get ids only when growing."""
        index, values = [], []
        for feature, n in counts.items():
            i = self.vocab.get(feature)
            if i is None:
                if not grow:
                    continue
                i = self.vocab[feature] = len(self.vocab)
            index.append(i)
            values.append(n)
        return np.asarray(index, dtype=np.int64), np.asarray(values, dtype=np.float64)

    def weigh(self, index: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Log TF x IDF (1 for features the built IDF has not seen), L2-normalized, scaled."""
        idf = np.ones(len(index))
        seen = index < len(self.idf)
        idf[seen] = self.idf[index[seen]]
        w = (1 + np.log(counts)) * idf
        norm = math.sqrt(float(w @ w)) or 1.0
        return w * (math.sqrt(self.share) / norm)

    def build(self, docs: list[tuple[np.ndarray, np.ndarray]], live: np.ndarray) -> None:
        """IDF over the live documents, then every row weighed at once (no Python loop)."""
        n, width = len(docs), len(self.vocab)
        lengths = np.fromiter((len(d[0]) for d in docs), dtype=np.int64, count=n)
        rows = np.repeat(np.arange(n), lengths)
        cols = np.concatenate([d[0] for d in docs]) if n else np.zeros(0, dtype=np.int64)
        counts = np.concatenate([d[1] for d in docs]) if n else np.zeros(0)
        df = np.bincount(cols[live[rows]], minlength=width)
        self.idf = np.log((1 + live.sum()) / (1 + df)) + 1.0
        w = (1 + np.log(counts)) * self.idf[cols] * live[rows]
        norms = np.sqrt(np.bincount(rows, weights=w * w, minlength=n))
        norms[norms == 0] = 1.0
        w *= math.sqrt(self.share) / norms[rows]
        self.matrix = sparse.csc_matrix(
            (w.astype(np.float32), (rows, cols)), shape=(n, width), dtype=np.float32
        )

    def scores(self, index: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
        """The query's dot product with every built row: only its own columns are read."""
        if self.matrix is None:
            return np.zeros(n)
        keep = index < self.matrix.shape[1]
        cols, vals = index[keep], weights[keep]
        starts, ends = self.matrix.indptr[cols], self.matrix.indptr[cols + 1]
        lengths = ends - starts
        if not lengths.sum():
            return np.zeros(n)
        at = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        contrib = self.matrix.data[at] * np.repeat(vals, lengths)
        return np.bincount(self.matrix.indices[at], weights=contrib, minlength=n)[:n]


class SimilarityIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.ids: list[str] = []
        self.province: list[str] = []
        self._row: dict[str, int] = {}
        self._removed: set[int] = set()
        self._words = _Space(WORD_WEIGHT)
        self._grams = _Space(1 - WORD_WEIGHT)
        self._docs: list[tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]] = []
        self._built = 0  # rows covered by the matrices
        self._hub = np.zeros(0)  # each built row's hubness (zeros when not computed)
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
            self._row[proposal_id] = len(self.ids)
            self.ids.append(proposal_id)
            self.province.append(province_code)
            self._docs.append((self._words.ids(w, grow=True), self._grams.ids(g, grow=True)))
            self._texts[proposal_id] = (title, problem, solution)

    def remove(self, proposal_id: str) -> None:
        with self._lock:
            row = self._row.pop(proposal_id, None)
            if row is not None:
                self._removed.add(row)
                self._texts.pop(proposal_id, None)

    def rebuild(self) -> None:
        """Weigh every document with the current IDF, build the matrices and the hubness."""
        with self._lock:
            live = self._live()
            self._words.build([d[0] for d in self._docs], live)
            self._grams.build([d[1] for d in self._docs], live)
            self._built = len(self.ids)
            self._hub = self._hubness(live) if live.sum() <= HUB_LIMIT else np.zeros(self._built)

    def _live(self) -> np.ndarray:
        live = np.ones(len(self.ids), dtype=bool)
        live[list(self._removed)] = False
        return live

    def _hubness(self, live: np.ndarray, chunk: int = 512) -> np.ndarray:
        """Each row's mean word cosine to its HUB_NEIGHBOURS nearest live others."""
        assert self._words.matrix is not None
        matrix = self._words.matrix / math.sqrt(WORD_WEIGHT)  # the word cosine itself
        rows, transposed = matrix.tocsr(), matrix.T.tocsr()
        n, k = self._built, min(HUB_NEIGHBOURS, max(1, int(live.sum()) - 1))
        hub = np.zeros(n)
        for start in range(0, n, chunk):
            block = (rows[start : start + chunk] @ transposed).toarray()
            block[:, ~live] = -np.inf
            block[np.arange(len(block)), np.arange(start, start + len(block))] = -np.inf
            if n - 1 >= k:
                nearest = -np.partition(-block, k - 1, axis=1)[:, :k]
                hub[start : start + chunk] = np.where(np.isfinite(nearest), nearest, 0).mean(1)
        return hub * live

    def _vector(self, row: int) -> _Vector:
        (wi, wc), (gi, gc) = self._docs[row]
        return wi, self._words.weigh(wi, wc), gi, self._grams.weigh(gi, gc)

    def _first_pass(self, query: _Vector) -> np.ndarray:
        """Cosine (words and 3-grams, weighted) of the query against every row."""
        wi, ww, gi, gw = query
        n = len(self.ids)
        scores = np.zeros(n)
        scores[: self._built] = self._words.scores(wi, ww, self._built) + self._grams.scores(
            gi, gw, self._built
        )
        for r in range(self._built, n):  # recent adds, scored directly
            scores[r] = _dot(query, self._vector(r))
        return scores

    def _hubs(self, rows: np.ndarray) -> np.ndarray:
        """Hubness of some rows; a recent add gets the mean until the next rebuild."""
        fallback = float(self._hub.mean()) if len(self._hub) else 0.0
        known = rows < len(self._hub)
        out = np.full(len(rows), fallback)
        out[known] = self._hub[rows[known]]
        return out

    def _among(self, rows: np.ndarray) -> np.ndarray:
        """The similarity of each of a few rows to each other, as one small sparse product."""
        offset = len(self._words.vocab)
        data, cols, lengths = [], [], []
        for r in rows:
            wi, ww, gi, gw = self._vector(int(r))
            cols += [wi, gi + offset]
            data += [ww, gw]
            lengths.append(len(wi) + len(gi))
        stacked = sparse.csr_matrix(
            (np.concatenate(data), np.concatenate(cols), np.concatenate([[0], np.cumsum(lengths)])),
            shape=(len(rows), offset + len(self._grams.vocab)),
        )
        return np.asarray((stacked @ stacked.T).todense())

    def _rerank(self, candidates: np.ndarray, adjusted: np.ndarray) -> np.ndarray:
        """Feedback from the query's closest candidates and from each candidate's own."""
        among = self._among(candidates)
        among -= HUB_WEIGHT * self._hubs(candidates)[None, :]
        k = min(FEEDBACK, len(candidates))
        votes = np.maximum(adjusted[:k], 1e-6)
        score = adjusted + FEEDBACK_WEIGHT * (votes @ among[:k]) / votes.sum()
        if len(candidates) > 1:
            others = among.copy()
            np.fill_diagonal(others, -np.inf)
            j = min(RECIPROCAL, len(candidates) - 1)
            closest = np.argsort(-others, axis=1)[:, :j]
            score += RECIPROCAL_WEIGHT * adjusted[closest].mean(1)
        return score

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
        """The `limit` most similar proposals (optionally of one province), best first, each
        with its cosine similarity (0 to 1)."""
        if len(self.ids) - self._built > REBUILD_AFTER or self._built == 0:
            self.rebuild()
        with self._lock:
            wi, ww = self._words.ids(word_features(title, problem, solution, category), False)
            gi, gw = self._grams.ids(gram_features(title, problem, solution), False)
            query = (wi, self._words.weigh(wi, ww), gi, self._grams.weigh(gi, gw))
            cosine = self._first_pass(query)
            allowed = self._live()
            if exclude is not None and exclude in self._row:
                allowed[self._row[exclude]] = False
            if province_code is not None:
                allowed &= np.fromiter(
                    (p == province_code for p in self.province), dtype=bool, count=len(allowed)
                )
            allowed &= cosine > 0
            rows = np.flatnonzero(allowed)
            if not len(rows):
                return []
            adjusted = cosine[rows] - HUB_WEIGHT * self._hubs(rows)
            m = min(max(CANDIDATES, limit), len(rows))
            best = np.argpartition(-adjusted, m - 1)[:m]
            best = best[np.argsort(-adjusted[best])]
            candidates = rows[best]
            order = np.argsort(-self._rerank(candidates, adjusted[best]), kind="stable")
            return [(self.ids[r], round(float(cosine[r]), 4)) for r in candidates[order][:limit]]

    def explain(
        self, a: tuple[str, str, str], b: tuple[str, str, str], limit: int = 6
    ) -> list[str]:
        """The shared words that weigh most: why two proposals look alike (whole dictionary
        words only: a fragment of a compound tells a reader nothing)."""
        shared = shown_words(*a) & shown_words(*b)
        idf = self._words.idf

        def weight(word: str) -> float:
            index = self._words.vocab.get(word)
            return float(idf[index]) if index is not None and index < len(idf) else 1.0

        # Ties (an index with few proposals weighs every word alike) go to the longer word,
        # the more telling one, then by spelling: the same answer in every process.
        return sorted(shared, key=lambda w: (-weight(w), -len(w), w))[:limit]

    def text(self, proposal_id: str) -> tuple[str, str, str] | None:
        return self._texts.get(proposal_id)


def _dot(a: _Vector, b: _Vector) -> float:
    """Dot product of two (word ids, weights, gram ids, weights) vectors."""
    total = 0.0
    for ia, wa, ib, wb in ((a[0], a[1], b[0], b[1]), (a[2], a[3], b[2], b[3])):
        _, x, y = np.intersect1d(ia, ib, assume_unique=True, return_indices=True)
        total += float(wa[x] @ wb[y])
    return total


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

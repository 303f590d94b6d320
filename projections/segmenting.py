"""Thai segmentation of proposals' texts, memoized, and during a catch-up done in worker
processes ahead of the batch that needs it.

Segmentation (pythainlp newmm) was half a catch-up's time, all of it in the runner's one
Python process. The runner now names the texts of the batches ahead (`want`, then `send`):
a big enough lot goes to a pool of worker processes (one per core, started lazily, once)
while the runner decides and writes the batch before; a small lot (the live loop: one new
proposal) is segmented here at once, paying no process round trip. `get` then answers from
the memo, waiting for a worker's result if it is still on its way. Segmentation is a pure
function of the texts, so a worker's answer is the one this process would have given.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from assembly.thaitext import content_words, search_text, tokens

log = logging.getLogger(__name__)

Texts = tuple[str, str]  # (title, problem + recommendation)
Segmented = tuple[str, str, str]  # (search text, title words, body words)

AHEAD_MIN = 64  # fewer texts than this are segmented in this process
CHUNK = 64  # texts a worker segments per task (fewer round trips, still spread out)
WORKERS = os.cpu_count() or 1  # the runner shares the cores: it mostly waits on PostgreSQL
MEMO_SIZE = 16_384  # several batches' worth: the memo only has to outlive the batch ahead


def segment_now(title_text: str, body_text: str) -> Segmented:
    """(search text, title words, body words): the texts segmented once, for the tsvector
    and for the similarity index."""
    title = tokens(title_text)
    body = tokens(body_text)
    return (
        search_text(title + body),
        " ".join(content_words(title)),
        " ".join(content_words(body)),
    )


def _segment_all(lot: Sequence[Texts]) -> list[Segmented]:
    return [segment_now(title, body) for title, body in lot]


def _watch_parent(parent: int) -> None:
    """Worker initializer: end this worker when the runner's process is gone (`kill -9` leaves
    no orphan behind; an orderly stop ends the workers through the pool). Then build the
    dictionary's trie (most of a second), before the first texts arrive rather than after."""

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    segment_now("ก", "ก")


_memo: dict[Texts, Segmented | tuple[Future[list[Segmented]], int]] = {}
_wanted: dict[Texts, None] = {}  # insertion-ordered set
_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _pending(hit: object) -> bool:
    """A worker's answer awaited (future, index), not a value (three strings)."""
    return isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], Future)


def get(texts: Texts) -> Segmented:
    """The texts segmented: from the memo (a worker's answer awaited), or here and now."""
    hit = _memo.get(texts)
    if _pending(hit):
        future, index = hit  # type: ignore[misc]
        try:
            value = future.result()[index]
        except Exception as exc:  # a broken pool: the same answers, computed here
            log.warning("segmenting workers failed (%r); segmenting in the runner", exc)
            _forget_pending()
            _drop_pool()
            value = segment_now(*texts)
        _remember(texts, value)
        return value
    if hit is not None:
        return hit  # type: ignore[return-value]
    value = segment_now(*texts)
    _remember(texts, value)
    return value


def want(texts: Texts) -> None:
    """Name texts a coming batch will need (segmented by the next `send`)."""
    if texts not in _memo:
        _wanted[texts] = None


def send(pool_allowed: bool) -> None:
    """Segment what was named: in the workers if there is enough of it and a pool may run
    (a catch-up), here otherwise."""
    lot = list(_wanted)
    _wanted.clear()
    if not lot:
        return
    if not pool_allowed or len(lot) < AHEAD_MIN:
        for texts in lot:
            get(texts)
        return
    pool = _started()
    per_worker = max(1, min(CHUNK, -(-len(lot) // WORKERS)))
    for start in range(0, len(lot), per_worker):
        chunk = lot[start : start + per_worker]
        future = pool.submit(_segment_all, chunk)
        for index, texts in enumerate(chunk):
            _remember(texts, (future, index))


def running() -> bool:
    return _pool is not None


def start_workers() -> None:
    """Start the workers now, on a backlog: they spawn and build their dictionaries while
    the batches before the first proposals (councils, accounts) are written."""
    if _pool is not None:
        return
    pool = _started()
    for _ in range(WORKERS):
        pool.submit(int)  # each process of the pool is spawned at a task's arrival


def _remember(texts: Texts, value: Segmented | tuple[Future[list[Segmented]], int]) -> None:
    _memo.pop(texts, None)
    _memo[texts] = value
    while len(_memo) > MEMO_SIZE:  # the oldest first (dicts keep insertion order)
        del _memo[next(iter(_memo))]


def _started() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            # `spawn`: forking a process with threads and open connections is unsafe.
            _pool = ProcessPoolExecutor(
                max_workers=WORKERS,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_watch_parent,
                initargs=(os.getpid(),),
            )
        return _pool


def _drop_pool() -> None:
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def _forget_pending(unfinished_only: bool = False) -> None:
    for texts, hit in list(_memo.items()):
        if _pending(hit) and not (unfinished_only and hit[0].done()):  # type: ignore[index,union-attr]
            _memo.pop(texts, None)


def stop() -> None:
    """End the workers without waiting (a task under way ends with its worker); a later
    catch-up starts a pool again. Answers not yet arrived are segmented here if needed."""
    _forget_pending(unfinished_only=True)
    _drop_pool()

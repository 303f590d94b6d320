"""Pages that update themselves (the hall's screen, the organizers' live board) over
server-sent events.

One watcher per topic per process: woken whenever the read side moves on (the runner in this
process, or the worker's NOTIFY), it asks the topic's cheap revision and, only when that moved,
renders the fragment once and hands the same text to every open stream. Two hundred screens on
one meeting cost one query and one render per change, not two hundred. A slow screen is never
queued behind: each stream keeps only the newest fragment, since only the newest is true.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Hashable
from dataclasses import dataclass, field

from litestar.response import ServerSentEvent, ServerSentEventMessage

log = logging.getLogger(__name__)

# Waits until the read side has passed the given position (or the timeout ends); returns the
# position it has reached.
Advance = Callable[[int, float], Awaitable[int]]

KEEPALIVE = 15.0  # seconds: a comment line keeps proxies and phones from closing a quiet stream
SETTLE = 0.05  # seconds between two renders of a topic: a burst of votes is drawn a few times,
# not once per batch (the hall sees the count at most this much after it is true)
RETRY_MS = 2_000  # how soon a browser reconnects after the stream broke (a restart, a proxy)


@dataclass(frozen=True)
class Topic:
    """What a live page shows: `revision` is cheap (a counter the projector bumps with the
    rows it stands for); `render` draws the fragment for the revision it saw."""

    key: Hashable
    revision: Callable[[], Awaitable[int]]
    render: Callable[[], Awaitable[str]]
    event: str = "update"  # the SSE event name the page's `sse-swap` listens for


@dataclass
class _Feed:
    topic: Topic
    streams: set[asyncio.Queue[str]] = field(default_factory=set)
    latest: str | None = None
    revision: int | None = None
    task: asyncio.Task[None] | None = None


class Hub:
    """Per process: the topics someone is watching, and their one watcher each."""

    def __init__(self, advance: Advance, position: Callable[[], Awaitable[int]]) -> None:
        self._advance = advance
        self._position = position
        self._feeds: dict[Hashable, _Feed] = {}
        self.renders = 0  # for the benchmark and the tests: draws, not streams

    def watching(self, key: Hashable) -> int:
        feed = self._feeds.get(key)
        return len(feed.streams) if feed else 0

    async def stream(self, topic: Topic) -> AsyncGenerator[str, None]:
        """The fragments of `topic`: the current one at once, then one per change."""
        feed = self._feeds.get(topic.key)
        if feed is None:
            feed = self._feeds[topic.key] = _Feed(topic)
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=1)
        feed.streams.add(queue)
        if feed.latest is not None:
            queue.put_nowait(feed.latest)
        if feed.task is None or feed.task.done():
            feed.task = asyncio.create_task(self._watch(feed), name=f"live {topic.key}")
        try:
            while True:
                yield await queue.get()
        finally:
            feed.streams.discard(queue)
            if not feed.streams:
                self._stop(feed)

    def _stop(self, feed: _Feed) -> None:
        if feed.task is not None:
            feed.task.cancel()
        self._feeds.pop(feed.topic.key, None)

    async def _watch(self, feed: _Feed) -> None:
        position = await self._position()
        while feed.streams:
            try:
                revision = await feed.topic.revision()
                if revision != feed.revision:
                    html = await feed.topic.render()
                    self.renders += 1
                    feed.revision, feed.latest = revision, html
                    for queue in list(feed.streams):
                        _replace(queue, html)
                    await asyncio.sleep(SETTLE)
                position = await self._advance(position, KEEPALIVE)
            except asyncio.CancelledError:
                raise
            except Exception:  # a database restart: the streams wait, the watcher tries again
                log.exception("live topic %s failed; retrying", feed.topic.key)
                await asyncio.sleep(1.0)

    async def close(self) -> None:
        for feed in list(self._feeds.values()):
            self._stop(feed)
            if feed.task is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await feed.task


def _replace(queue: asyncio.Queue[str], html: str) -> None:
    """Keep only the newest fragment for a stream that has not taken the last one yet."""
    with contextlib.suppress(asyncio.QueueEmpty):
        queue.get_nowait()
    queue.put_nowait(html)


async def _messages(hub: Hub, topic: Topic) -> AsyncIterator[ServerSentEventMessage]:
    fragments = hub.stream(topic)
    next_fragment: asyncio.Task[str] | None = None
    try:
        while True:
            if next_fragment is None:
                next_fragment = asyncio.ensure_future(anext(fragments))
            done, _ = await asyncio.wait({next_fragment}, timeout=KEEPALIVE)
            if not done:
                yield ServerSentEventMessage(comment="keepalive", data=None)  # no empty message
                continue
            html, next_fragment = next_fragment.result(), None
            yield ServerSentEventMessage(data=html, event=topic.event, retry=RETRY_MS)
    finally:
        if next_fragment is not None:  # the browser left while we waited: stop waiting first
            next_fragment.cancel()
            with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                await next_fragment
        await fragments.aclose()


def sse(hub: Hub, topic: Topic) -> ServerSentEvent:
    """The response of a live route (its route must skip compression: see `LIVE`)."""
    return ServerSentEvent(
        _messages(hub, topic),
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


# A live route's opt: gzip would hold the stream's small messages back in its buffer, and the
# stream draws no page header (200 screens connecting at once asked the database for it).
LIVE = {"skip_compression": True, "live": True}

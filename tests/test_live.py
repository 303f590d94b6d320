"""The live hub on its own: many streams of one topic cost one render per change, a slow
stream gets only the newest fragment, and the watcher stops with its last stream. (The hall's
page is tested over real HTTP and a real browser in tests/test_meetings_hall*.py.)"""

from __future__ import annotations

import asyncio

from web.live import Hub, Topic


class Source:
    """A read side that moves when told: its position and a topic's revision."""

    def __init__(self) -> None:
        self.position = 0
        self.revision = 0
        self.moved = asyncio.Event()

    def move(self, changes: bool = True) -> None:
        self.position += 1
        if changes:
            self.revision += 1
        self.moved.set()

    async def advance(self, after: int, timeout: float) -> int:
        while self.position <= after:
            self.moved.clear()
            try:
                await asyncio.wait_for(self.moved.wait(), timeout)
            except TimeoutError:
                break
        return self.position

    async def now(self) -> int:
        return self.position


def topic(source: Source, draws: list[int]) -> Topic:
    async def revision() -> int:
        return source.revision

    async def render() -> str:
        draws.append(source.revision)
        return f"<p>{source.revision}</p>"

    return Topic(key="hall", revision=revision, render=render)


async def take(stream, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [await anext(stream) for _ in range(n)]


def test_many_streams_one_render_per_change() -> None:
    async def scene() -> None:
        source, draws = Source(), []
        hub = Hub(source.advance, source.now)
        streams = [hub.stream(topic(source, draws)) for _ in range(200)]
        firsts = await asyncio.gather(*(take(s, 1) for s in streams))
        assert {f[0] for f in firsts} == {"<p>0</p>"}
        source.move(changes=False)  # the read side moved, this topic did not: nothing drawn
        await asyncio.sleep(0.1)
        source.move()
        seconds = await asyncio.gather(*(take(s, 1) for s in streams))
        assert {f[0] for f in seconds} == {"<p>1</p>"}
        assert draws == [0, 1]
        assert hub.watching("hall") == 200
        for s in streams:
            await s.aclose()
        assert hub.watching("hall") == 0

    asyncio.run(scene())


def test_a_slow_stream_gets_only_the_newest() -> None:
    async def scene() -> None:
        source, draws = Source(), []
        hub = Hub(source.advance, source.now)
        fast, slow = hub.stream(topic(source, draws)), hub.stream(topic(source, draws))
        await take(fast, 1)
        await take(slow, 1)
        for _ in range(5):
            source.move()
            await take(fast, 1)  # the fast one sees each change; the slow one reads none
        assert await take(slow, 1) == ["<p>5</p>"]
        await fast.aclose()
        await slow.aclose()

    asyncio.run(scene())


def test_a_late_stream_starts_with_the_current_fragment() -> None:
    async def scene() -> None:
        source, draws = Source(), []
        hub = Hub(source.advance, source.now)
        first = hub.stream(topic(source, draws))
        await take(first, 1)
        source.move()
        await take(first, 1)
        late = hub.stream(topic(source, draws))
        assert await take(late, 1) == ["<p>1</p>"]
        assert draws == [0, 1]  # the late one was given what was drawn, not drawn again
        await first.aclose()
        await late.aclose()

    asyncio.run(scene())

"""Web requests waiting for the runner's thread to pass a notification id."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable


class Watchers:
    """Web requests waiting on the runner's thread to pass a notification id: each is woken
    once, when its id is reached, instead of looking every millisecond (with fifty requests
    waiting, the looking cost more CPU than the work)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: list[tuple[int, asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    async def wait(self, target: int, timeout: float, position: Callable[[], int]) -> bool:
        if position() >= target:
            return True
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            self._waiting.append((target, loop, future))
        self.reached(position())  # it may have moved between the look and the append
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            with self._lock:
                self._waiting = [w for w in self._waiting if w[2] is not future]
            return position() >= target
        return True

    def reached(self, position: int) -> None:
        with self._lock:
            ready = [w for w in self._waiting if w[0] <= position]
            if not ready:
                return
            self._waiting = [w for w in self._waiting if w[0] > position]
        for _, loop, future in ready:
            loop.call_soon_threadsafe(_resolve, future)


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)

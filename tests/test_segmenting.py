"""Thai segmentation ahead of a catch-up's batches: the worker processes give exactly what the
runner would have computed itself, small lots never start them, and a `kill -9` of the
runner's process leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator

import pytest

from projections import segmenting

SENTENCES = (
    "ถนนในหมู่บ้านชำรุดเป็นหลุมบ่อ ชาวบ้านสัญจรลำบากในฤดูฝน",
    "ขาดแคลนน้ำเพื่อการเกษตร ขอสร้างฝายชะลอน้ำและขุดลอกคลอง",
    "ผู้สูงอายุติดเตียงไม่มีผู้ดูแล อสม. ลงพื้นที่ไม่ทั่วถึง",
    "ราคาข้าวตกต่ำ เกษตรกรเป็นหนี้ ธกส. ขอให้พักชำระหนี้",
    "ไฟฟ้าส่องสว่างไม่พอ เด็กนักเรียนกลับบ้านค่ำไม่ปลอดภัยเด้อ",
)


def texts(n: int) -> list[segmenting.Texts]:
    """Distinct lots, with made-up words (where segmenters are known to differ)."""
    return [
        (
            f"{SENTENCES[i % 5]} หมู่ {i}",
            f"{SENTENCES[(i + 1) % 5]} ฟฺรฺอบฺซ{i}กฺ\n{SENTENCES[(i + 3) % 5]} โครงการที่ {i}",
        )
        for i in range(n)
    ]


@pytest.fixture(autouse=True)
def fresh_memo() -> Iterator[None]:
    segmenting.stop()
    segmenting._memo.clear()
    yield
    segmenting.stop()
    segmenting._memo.clear()


def test_workers_segment_exactly_as_the_runner_would() -> None:
    lot = texts(segmenting.AHEAD_MIN * 3)
    here = [segmenting.segment_now(*t) for t in lot]
    assert all(s[0] and s[1] for s in here)  # real words, not empty strings
    segmenting._memo.clear()
    for t in lot:
        segmenting.want(t)
    segmenting.send(pool_allowed=True)
    assert segmenting._pool is not None  # the lot went to the workers
    assert all(segmenting._pending(segmenting._memo[t]) for t in lot)
    assert [segmenting.get(t) for t in lot] == here
    assert not any(segmenting._pending(v) for v in segmenting._memo.values())
    segmenting.stop()
    assert segmenting._pool is None


def test_a_small_lot_is_segmented_in_process() -> None:
    lot = texts(3)
    for t in lot:
        segmenting.want(t)
    segmenting.send(pool_allowed=True)
    assert segmenting._pool is None
    assert [segmenting._memo[t] for t in lot] == [segmenting.segment_now(*t) for t in lot]


def test_no_pool_when_not_allowed() -> None:
    lot = texts(segmenting.AHEAD_MIN * 2)
    for t in lot:
        segmenting.want(t)
    segmenting.send(pool_allowed=False)
    assert segmenting._pool is None
    assert not any(segmenting._pending(segmenting._memo[t]) for t in lot)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie (awaiting its reaper) is gone too
        return f.read().split(")")[-1].split()[0] != "Z"


def test_kill_9_of_the_runner_leaves_no_worker() -> None:
    script = textwrap.dedent(
        """
        import sys, time
        from projections import segmenting
        from tests.test_segmenting import texts
        if __name__ == "__main__":
            for t in texts(segmenting.AHEAD_MIN * 4):
                segmenting.want(t)
            segmenting.send(pool_allowed=True)
            segmenting.get(texts(1)[0])  # the workers are up and answering
            print(*segmenting._pool._processes, flush=True)
            time.sleep(600)
        """
    )
    runner = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=os.getcwd()
    )
    assert runner.stdout is not None
    workers = [int(pid) for pid in runner.stdout.readline().split()]
    assert workers and all(_alive(pid) for pid in workers)
    runner.send_signal(signal.SIGKILL)
    runner.wait()
    deadline = time.monotonic() + 60  # a bound, not a measure: they check once a second
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers)

"""Exports run off the event loop, in a worker process of their own (WeasyPrint holds the GIL
for seconds; a process at lower priority keeps every other request quick), and report their
progress to the page that polls for it.

A job: a row in the durable `exports` table (queued -> running -> done | failed), the bytes in
the durable `files` table once done. A finalized submission's export is made once per format
and served again from then on: the same bytes every time.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import queue
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any
from uuid import uuid4

import asyncpg

from projections import exports as jobs
from projections.attachments import store_file
from projections.documents import SubmissionDocument, decode
from web.documents import Progress, no_progress

log = logging.getLogger(__name__)

# The reason an export failed when the database had no room for its file (the API says 507).
STORAGE_FULL_TH = "พื้นที่จัดเก็บไฟล์เต็ม ยังไม่ได้บันทึกไฟล์นี้ กรุณาแจ้งผู้ดูแลระบบ"

FORMATS: dict[str, tuple[str, str]] = {  # format -> (media type, file extension)
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
}


def render(
    fmt: str, document: SubmissionDocument, emblem: bytes | None, progress: Progress = no_progress
) -> bytes:
    """The document in one format (the renderers are imported only when first needed: they
    take a while to load)."""
    if fmt == "pdf":
        from web.documents.pdf import render_pdf

        return render_pdf(document, emblem=emblem, progress=progress)
    if fmt == "docx":
        from web.documents.docx import render_docx

        return render_docx(document, emblem=emblem, progress=progress)
    if fmt == "xlsx":
        from web.documents.xlsx import render_xlsx

        return render_xlsx(document, progress=progress)
    if fmt == "json":
        from web.documents.opendata import render_json

        return render_json(document)
    raise ValueError(f"unknown format {fmt!r}")


# --- the worker process ---

_reports: Any = None  # the queue progress goes back on, in the worker


def _start_worker(reports: Any) -> None:
    global _reports
    _reports = reports
    os.nice(10)  # pages first: an export may wait, a person should not


def _render_in_worker(job_id: str, fmt: str, document: bytes, emblem: bytes | None) -> bytes:
    last = 0.0

    def progress(done: float, what: str) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last > 0.2 or done >= 1:
            last = now
            _reports.put((job_id, done, what))

    return render(fmt, decode(document), emblem, progress)


class Exporter:
    """One worker process for every export of this web process (started on first use)."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._reports: Any = None
        self._progress: dict[str, tuple[float, str]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._reports = context.SimpleQueue()
            self._pool = ProcessPoolExecutor(
                1, mp_context=context, initializer=_start_worker, initargs=(self._reports,)
            )
            threading.Thread(target=self._listen, daemon=True, name="export-progress").start()
        return self._pool

    def _listen(self) -> None:
        while True:
            try:
                job_id, done, what = self._reports.get()
            except (EOFError, OSError, queue.Empty):
                return
            self._progress[job_id] = (done, what)

    def progress(self, job_id: str) -> tuple[float, str] | None:
        return self._progress.get(job_id)

    async def start(
        self,
        db: asyncpg.Pool,
        submission_id: str,
        version: int,
        fmt: str,
        document: bytes,
        emblem: bytes | None,
        kind: str = jobs.SUBMISSION,
        revision: int = 0,
    ) -> str:
        """Queue an export and return its job id; it runs while the caller goes on. The
        document says what it is (a follow-up carries its `followup`): `kind` and `revision`
        only key the job."""
        job_id = str(uuid4())
        await jobs.queued(db, job_id, submission_id, version, fmt, kind, revision)
        task = asyncio.create_task(self._run(db, job_id, fmt, document, emblem))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job_id

    async def _run(
        self, db: asyncpg.Pool, job_id: str, fmt: str, document: bytes, emblem: bytes | None
    ) -> None:
        await jobs.running(db, job_id)
        loop = asyncio.get_running_loop()
        try:
            data = await loop.run_in_executor(
                self._executor(), _render_in_worker, job_id, fmt, document, emblem
            )
        except Exception:
            log.exception("export %s failed", job_id)
            await jobs.failed(db, job_id, "สร้างเอกสารไม่สำเร็จ กรุณาลองใหม่ หรือแจ้งผู้ดูแลระบบ")
            return
        finally:
            self._progress.pop(job_id, None)
        try:  # the file's row and "done" or nothing: a full disk fails the job with a reason
            sha = await store_file(db, data, FORMATS[fmt][0])
        except asyncpg.DiskFullError:
            log.exception("export %s: no room to store its file", job_id)
            await jobs.failed(db, job_id, STORAGE_FULL_TH)
            return
        await jobs.done(db, job_id, sha, len(data))

    async def wait(self, db: asyncpg.Pool, job_id: str, timeout: float = 600) -> jobs.ExportJob:
        """For the API's plain GET: wait until the job ends."""
        deadline = time.monotonic() + timeout
        while True:
            job = await jobs.job(db, job_id)
            if job is None or job.status in ("done", "failed") or time.monotonic() > deadline:
                assert job is not None
                return job
            await asyncio.sleep(0.1)

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

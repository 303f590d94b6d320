"""A big document laid out in parts at once, one process a part, then joined into one PDF.

WeasyPrint lays out and draws on one core (Pango's line breaking holds the GIL): a follow-up
of 650 pages takes half a minute. Its items are cut into contiguous parts of about the same
text; the first part prints the head (letter, summary, resolution) and its share of the
table, each later part only its share of the table (the same header, repeated per page),
starting on a page of its own. Every part is laid out with no page numbers, in its own
spawned process; the parts' pages are then joined and numbered from a numbers-only PDF that
WeasyPrint makes with the same `@page` rules ("- ๒ -" at the top, none on page one), each
page's number drawn over it as a form XObject. The text layer stays the parts' own: their
ActualText, in the same order.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import queue
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

from assembly.thai import thai_digits
from projections.documents import Item, SubmissionDocument, decode, encode
from web.documents import Progress, no_progress
from web.documents.pdf import (
    CHARS_PER_PAGE,
    _expected_pages,
    identifier,
    item_size,
    render_html,
)
from web.documents.weasy import (
    font_values,
    image_data_uri,
    lay_out,
    pages_watched,
    pdf_bytes,
    print_templates,
)

MAX_WORKERS = 4
SPAWN_CHARS = 60_000  # what a spawned part spends starting, in characters laid out meanwhile
ROW_COST = 120  # a row's borders, padding and number, in characters of text
NUMBER = NameObject("/XPageNumber")


def workers() -> int:
    """One part a core, up to four (beyond that the joining outweighs the gain)."""
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def split(items: list[Item], parts: int, head: int = 0) -> list[slice]:
    """`items` cut into at most `parts` contiguous slices of about the same printed size, the
    first one carrying `head` (what is printed before the table) besides its items."""
    sizes = [item_size(item) + ROW_COST for item in items]
    total = head + sum(sizes)
    out: list[slice] = []
    start, done = 0, head
    for n, size in enumerate(sizes):
        done += size
        if len(out) < parts - 1 and done >= total * (len(out) + 1) / parts and n + 1 < len(items):
            out.append(slice(start, n + 1))
            start = n + 1
    out.append(slice(start, len(items)))
    return [part for part in out if part.stop > part.start]


# --- in each part's process ---

_reports: Any = None  # where a part says how many pages it has laid out


def _start_part(reports: Any) -> None:
    global _reports
    _reports = reports


def _lay_out(document: SubmissionDocument, index: int, part: slice, emblem: bytes | None) -> Any:
    first = index == 0
    html = render_html(document, emblem=emblem, part=part, continued=not first, numbered=False)
    followup = document.followup is not None
    images = (image_data_uri(emblem),) if emblem and first and not followup else ()
    return lay_out(html, images)


def _render_part(index: int, data: bytes, part: slice, pdf_id: bytes) -> bytes:
    """A later part (no letter, no emblem), in a process of its own: its pages reported as
    they are laid out, then its count (negative: done) before it is drawn."""
    with pages_watched(lambda page: _reports.put((index, page))):
        laid_out = _lay_out(decode(data), index, part, None)
    _reports.put((index, -len(laid_out.pages)))
    pdf = laid_out.write_pdf(pdf_identifier=pdf_id)
    assert pdf is not None
    return pdf


# --- joining ---


def page_numbers(pages: int) -> bytes:
    """`pages` blank pages numbered as our documents are (the same `_style.css`)."""
    html = print_templates.from_string(
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><style>'
        '{% include "documents/_style.css" %}'
        "div { break-after: page; } div:last-child { break-after: auto; }"
        "</style></head><body>{% for _ in range(pages) %}<div></div>{% endfor %}</body></html>"
    ).render(pages=pages, **font_values())
    return pdf_bytes(lay_out(html))


def _as_form(writer: PdfWriter, page: Any) -> Any:
    """A page of the numbers PDF as a form XObject of `writer` (drawn with `Do`)."""
    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(page.mediabox)
    form[NameObject("/Resources")] = page["/Resources"].clone(writer)
    return writer._add_object(form)


def _stream(writer: PdfWriter, data: bytes) -> Any:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def join(parts: list[bytes], numbers_pdf: bytes) -> bytes:
    """The parts' pages in order, in one PDF with the first part's catalog, metadata and
    identifier, every page from the second on numbered from `numbers_pdf` (one page a page)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(parts[0])))
    for data in parts[1:]:
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    numbers = PdfReader(io.BytesIO(numbers_pdf))
    save, restore = _stream(writer, b"q\n"), _stream(writer, b"\nQ q /XPageNumber Do Q\n")
    for page, number in zip(writer.pages[1:], numbers.pages[1:], strict=True):
        contents = page.get("/Contents")
        drawn = contents.get_object() if contents is not None else ArrayObject()
        inner = list(drawn) if isinstance(drawn, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([save, *inner, restore])
        # The parts' pages share one resource dictionary: each page gets its own copy.
        shared: Any = page["/Resources"].get_object()
        resources = DictionaryObject()
        resources.update(shared)
        found: Any = resources.get("/XObject")
        xobjects = DictionaryObject()
        if found is not None:
            xobjects.update(found.get_object())
        xobjects[NUMBER] = _as_form(writer, number)
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class _Pages:
    """Pages laid out so far by each part (from the parts' processes and this one), reported
    as progress; a part's final count once it is laid out."""

    def __init__(self, parts: int, expected: int, progress: Progress) -> None:
        self._laid_out = [0] * parts
        self._final: list[int | None] = [None] * parts
        self._expected = max(expected, 1)
        self._progress = progress
        self._lock = threading.Lock()
        self.all_laid_out = threading.Event()

    def report(self, part: int, page: int) -> None:
        with self._lock:
            if page < 0:
                self._final[part] = self._laid_out[part] = -page
            else:
                self._laid_out[part] = page
            total = sum(self._laid_out)
            if all(n is not None for n in self._final):
                self.all_laid_out.set()
            self._progress(
                0.05 + 0.8 * min(total / self._expected, 1.0),
                f"กำลังจัดหน้าที่ {thai_digits(total)}",
            )

    def total(self) -> int:
        return sum(n or 0 for n in self._final)

    def listen(self, reports: Any) -> None:
        while not self.all_laid_out.is_set():
            try:
                part, page = reports.get(timeout=0.2)
            except queue.Empty:
                continue
            except (EOFError, OSError, ValueError):
                return
            self.report(part, page)


def _render_first(
    document: SubmissionDocument, part: slice, emblem: bytes | None, pdf_id: bytes, pages: _Pages
) -> bytes:
    with pages_watched(lambda page: pages.report(0, page)):
        laid_out = _lay_out(document, 0, part, emblem)
    pages.report(0, -len(laid_out.pages))
    pdf = laid_out.write_pdf(pdf_identifier=pdf_id)
    assert pdf is not None
    return pdf


def render_in_parts(
    document: SubmissionDocument,
    *,
    emblem: bytes | None = None,
    progress: Progress = no_progress,
    processes: int | None = None,
) -> bytes | None:
    """The document's PDF laid out in parts at once: the first part here, each other one in
    a spawned process of its own; None when it cannot be (one part, or in a daemonic
    process, which may not start processes): the caller renders it whole."""
    count = processes or workers()
    # The first part is laid out here, where WeasyPrint is warm: it takes more of the items
    # (a spawned process spends seconds importing and loading fonts), less its head.
    head = 2 * CHARS_PER_PAGE + len(document.summary) * CHARS_PER_PAGE // 20 - SPAWN_CHARS
    slices = split(document.items, count, head)
    if len(slices) < 2 or multiprocessing.current_process().daemon:
        return None
    progress(0.0, "กำลังเตรียมเนื้อหาเอกสาร")
    data, pdf_id = encode(document), identifier(document, emblem)
    pages = _Pages(len(slices), _expected_pages(document), progress)
    context = multiprocessing.get_context("spawn")
    reports = context.Queue()
    listener = threading.Thread(target=pages.listen, args=(reports,), daemon=True)
    listener.start()
    try:
        with ProcessPoolExecutor(
            len(slices) - 1, mp_context=context, initializer=_start_part, initargs=(reports,)
        ) as pool:
            futures = [
                pool.submit(_render_part, n, data, part, pdf_id)
                for n, part in enumerate(slices[1:], 1)
            ]
            progress(0.05, "กำลังจัดหน้าเอกสาร")
            first = _render_first(document, slices[0], emblem, pdf_id, pages)
            # The numbers while the other parts are still drawing: their counts come first.
            while not pages.all_laid_out.wait(0.2):
                if any(future.done() and future.exception() for future in futures):
                    break
            numbers = page_numbers(pages.total()) if pages.all_laid_out.is_set() else b""
            rest = [future.result() for future in futures]
    finally:
        pages.all_laid_out.set()  # the listener stops, whatever happened
        listener.join()
        reports.close()
        reports.join_thread()
    progress(0.9, "กำลังรวมไฟล์ PDF และใส่เลขหน้า")
    pdf = join([first, *rest], numbers)
    progress(1.0, "เสร็จแล้ว")
    return pdf

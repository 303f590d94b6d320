"""A big document laid out in parts at once (web/documents/parallel.py), read back as a
reader of the file would: every page from the second numbered in order, none on page one,
every item once and in order, and the same text as the document laid out whole."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from assembly.thai import thai_digits
from projections.documents import SubmissionDocument
from tests.documents_sample import large_document
from tests.pdftext import POPPLER, pdftotext, squeeze, table_text
from web.documents.parallel import split
from web.documents.pdf import _expected_pages, render_pdf

pytestmark = POPPLER

NUMBER = re.compile(r"^\s*-\s*([๐-๙]+)\s*-\s*$", re.M)


@pytest.fixture(scope="module")
def document() -> SubmissionDocument:
    return large_document(rows=60, long_row=1_500)


@pytest.fixture(scope="module")
def in_parts(document: SubmissionDocument) -> bytes:
    return render_pdf(document, parallel_from=_expected_pages(document))  # just over


def test_every_page_numbered_in_order_but_the_first(in_parts: bytes) -> None:
    pages = pdftotext(in_parts, "-layout").split("\f")[:-1]
    assert len(pages) > 10
    assert not NUMBER.search(pages[0])
    for n, page in enumerate(pages[1:], 2):
        assert NUMBER.findall(page) == [thai_digits(str(n))], f"page {n}"


def test_every_item_once_and_in_order(document: SubmissionDocument, in_parts: bytes) -> None:
    # The ที่ column: each row's number first on its line.
    lines = pdftotext(in_parts, "-layout", "-f", "2").splitlines()
    numbers = [m[1] for line in lines if (m := re.match(r"^\s*([๐-๙]+)\.\s", line))]
    assert numbers == [thai_digits(str(item.number)) for item in document.items]
    text = table_text(in_parts)
    start = squeeze(thai_digits(document.items[1].text_th))[:30]
    assert text.count(start) >= len(document.items)  # every row's text, none cut away


def test_the_same_text_as_the_document_laid_out_whole(
    document: SubmissionDocument, in_parts: bytes
) -> None:
    whole = render_pdf(document, parallel_from=10**9)
    assert len(split(document.items, 2)) == 2
    assert table_text(in_parts) == table_text(whole)
    first = pdftotext(whole, "-layout", "-f", "1", "-l", "1")
    assert squeeze(pdftotext(in_parts, "-layout", "-f", "1", "-l", "1")) in squeeze(first) or (
        squeeze(first) in squeeze(pdftotext(in_parts, "-layout", "-f", "1", "-l", "1"))
    )


def test_the_parts_keep_the_title_and_language(in_parts: bytes) -> None:
    reader = PdfReader(io.BytesIO(in_parts))
    assert reader.metadata is not None and reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == "th"
    assert render_pdf(large_document(rows=60, long_row=1_500), parallel_from=1) == in_parts


def test_split_balances_by_text_and_keeps_order(document: SubmissionDocument) -> None:
    parts = split(document.items, 3)
    assert [i for part in parts for i in range(part.start, part.stop)] == list(range(60))
    assert len(parts) == 3

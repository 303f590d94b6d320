"""The submission PDF, read back the way a reader of the file would (poppler): the seed's five
recommendations in order and exact, a full edition's 300 rows, page numbers, the repeated
header, the same bytes twice, drafts, corrections, the emblem and fallback fonts."""

from __future__ import annotations

import hashlib
import io
import re

import msgspec
import pytest
from PIL import Image

from assembly.thai import thai_digits
from projections.documents import SubmissionDocument
from tests.documents_sample import LONG, large_document, seed_document, seed_recommendations
from tests.pdftext import (
    POPPLER,
    assert_in_order,
    font_names,
    pdftotext,
    squeeze,
    table_text,
)
from web.documents.pdf import render_html, render_pdf

pytestmark = POPPLER


@pytest.fixture(scope="module")
def large_pdf() -> bytes:
    return render_pdf(large_document())


def test_seed_recommendations_come_back_in_order_numbered_and_exact() -> None:
    pdf = render_pdf(seed_document())
    text = table_text(pdf)

    expected = [
        thai_digits(f"{n}.") + squeeze(thai_digits(rec))
        for n, rec in enumerate(seed_recommendations(), 1)
    ]
    assert_in_order(text, expected)
    assert "ตาบล" not in text and "ตำบล" in text


def test_seed_letter_in_the_official_form() -> None:
    pdf = render_pdf(seed_document())
    letter = pdftotext(pdf, "-layout", "-f", "1", "-l", "1")

    for part in (
        "ที่ พม ๐๒๐๑/๕๘๙",
        "สถาบันพัฒนาองค์กรชุมชน",
        "๘ พฤศจิกายน ๒๕๖๕",
        "เรื่อง",
        "เรียน",
        "อ้างถึง",
        "สิ่งที่ส่งมาด้วย",
        "ขอแสดงความนับถือ",
        "(นายสมชาย ใจดี)",
        "โทร. ๐ ๒๓๗๘ ๘๓๐๐ ต่อ ๑๒๓๔",
        "โทรสาร ๐ ๒๓๗๘ ๘๓๒๑",
        "ไปรษณีย์อิเล็กทรอนิกส์ saraban@codi.or.th",
    ):
        assert part in letter, part
    assert not re.search(r"-\s*[๐-๙]+\s*-", letter)  # no page number on page one
    assert not re.search(r"[0-9]", letter.replace("saraban@codi.or.th", ""))
    assert set(font_names(pdf)) == {"Sarabun", "Sarabun-Bold"}  # the bundled font, embedded


def test_reference_is_left_out_when_empty_and_enclosures_are_numbered() -> None:
    seed = seed_document()
    letter = msgspec.structs.replace(
        seed.letter, reference="", enclosures=["สรุปข้อเสนอแนะ", "ตารางข้อเสนอแนะ"]
    )
    text = pdftotext(render_pdf(msgspec.structs.replace(seed, letter=letter)), "-f", "1", "-l", "1")

    assert "อ้างถึง" not in text
    assert "๑. สรุปข้อเสนอแนะ" in text and "๒. ตารางข้อเสนอแนะ" in text


def test_draft_has_placeholders_and_a_mark() -> None:
    text = pdftotext(render_pdf(seed_document(final=False)), "-f", "1", "-l", "1")

    assert "ที่ (ร่าง)" in text
    assert "(ร่าง) วัน เดือน ปี" in text
    assert "๘ พฤศจิกายน ๒๕๖๕" not in text
    assert re.search(r"^\s*ร่าง\s*$", text, re.M)  # the watermark


def test_correction_says_which_document_it_corrects() -> None:
    document = msgspec.structs.replace(
        seed_document(), corrects="ที่ พม 0201/500 ลงวันที่ 1 พฤศจิกายน 2565"
    )
    text = pdftotext(render_pdf(document), "-f", "1", "-l", "1")

    assert squeeze("ฉบับแก้ไข แทนหนังสือ ที่ พม ๐๒๐๑/๕๐๐ ลงวันที่ ๑ พฤศจิกายน ๒๕๖๕") in squeeze(text)


def test_emblem_is_drawn_only_when_given() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), (200, 30, 30)).save(buffer, format="PNG")
    with_emblem = render_pdf(seed_document(), emblem=buffer.getvalue())
    without = render_pdf(seed_document())

    assert b"/Image" in with_emblem or len(with_emblem) > len(without)
    assert "<img" in render_html(seed_document(), emblem=buffer.getvalue())
    assert "<img" not in render_html(seed_document())
    with pytest.raises(ValueError):
        render_pdf(seed_document(), emblem=b"<svg onload='x'/>")


def test_html_escapes_the_text() -> None:
    seed = seed_document()
    letter = msgspec.structs.replace(seed.letter, subject='<img src="file:///etc/passwd">')

    html = render_html(msgspec.structs.replace(seed, letter=letter))
    assert "&lt;img" in html and '<img src="file' not in html


def test_characters_sarabun_lacks_are_drawn_by_a_fallback() -> None:
    seed = seed_document()
    item = msgspec.structs.replace(seed.items[0], text_th="ตำบล 中文 ⚖ ครบ")
    pdf = render_pdf(msgspec.structs.replace(seed, items=[item]))

    text = pdftotext(pdf)
    assert "中文" in text and "⚖" in text
    assert len(set(font_names(pdf))) > 2  # Sarabun, its bold, and a fallback


def test_progress_is_reported_in_order_up_to_done() -> None:
    seen: list[tuple[float, str]] = []
    render_pdf(seed_document(), progress=lambda done, what: seen.append((done, what)))

    fractions = [done for done, _ in seen]
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert any("หน้าที่" in what for _, what in seen)  # page by page


def test_large_document_every_row_numbered_and_the_long_row_whole(large_pdf: bytes) -> None:
    document: SubmissionDocument = large_document()
    text = table_text(large_pdf)

    start = squeeze(thai_digits(LONG))[:40]
    assert_in_order(text, [thai_digits(f"{item.number}.") + start for item in document.items])
    assert squeeze(thai_digits(document.items[0].text_th)) in text  # 5,000 characters, never cut
    assert "๓๐๐." + start in text


def test_large_document_page_numbers_and_repeated_header(large_pdf: bytes) -> None:
    assert not re.search(r"-\s*[๐-๙]+\s*-", pdftotext(large_pdf, "-f", "1", "-l", "1"))
    assert re.search(r"^\s*- ๒ -\s*$", pdftotext(large_pdf, "-layout", "-f", "2", "-l", "2"), re.M)
    for page in (12, 40, 100):
        text = pdftotext(large_pdf, "-f", str(page), "-l", str(page))
        assert "ข้อเสนอแนะ" in text and "ความเห็น" in text, page
        assert re.search(
            rf"-\s*{thai_digits(page)}\s*-",
            pdftotext(large_pdf, "-layout", "-f", str(page), "-l", str(page)),
        )


def test_large_document_renders_to_the_same_bytes_twice(large_pdf: bytes) -> None:
    again = render_pdf(large_document())

    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(large_pdf).hexdigest()

"""The PDFs' text layer gives Thai back exactly (web.documents.weasy marks each drawn line with
its ActualText). Without it pdftotext reads ตำบล as ตาบล and ส่ง as สง่: each test also checks
that the broken form is absent, so it fails if the marking stops working."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from weasyprint import HTML

from tests.pdftext import POPPLER, font_names, pdftotext
from web.documents.weasy import FALLBACK_FAMILIES, FontsOnly, actual_text, font_files
from web.letters import InvitationLetter, render_invitation_pdf

pytestmark = POPPLER

WORDS = ("ตำบล", "น้ำ", "ค่ำ", "ฤๅษี", "ส่ง", "ผู้อื่น", "๑๒๓", "ประจำปี", "ดำเนินการ")
BROKEN = ("ตาบล", "นา้", "คา่", "สง่", "ผู้อ่ ืน", "ประจาปี", "ดาเนินการ")


def render(body: str) -> bytes:
    """A small page in Sarabun with our fallbacks, through the same fetcher as documents."""
    families = ", ".join(f'"{name}"' for name in FALLBACK_FAMILIES)
    html = f"""<html lang="th"><head><style>
    @font-face {{ font-family: "Sarabun"; src: url("{font_files()["regular"].as_uri()}"); }}
    body {{ font-family: "Sarabun", {families}; font-size: 16pt; }}
    </style></head><body>{body}</body></html>"""
    pdf = HTML(string=html, url_fetcher=FontsOnly()).write_pdf()
    assert pdf is not None
    return pdf


@pytest.mark.parametrize("mode", [(), ("-layout",), ("-raw",)])
def test_thai_words_come_back_exactly(mode: tuple[str, ...]) -> None:
    text = pdftotext(render("<p>" + " ".join(WORDS) + "</p><p>น้ำท่วมตำบลค่ำนี้</p>"), *mode)

    for word in (*WORDS, "น้ำท่วมตำบลค่ำนี้"):
        assert word in text, (word, text)
    for broken in BROKEN:
        assert broken not in text, (broken, text)


def test_actual_text_is_utf16_with_bom_as_a_hex_string() -> None:
    data = actual_text("ตำบล").data

    assert data == b"<</ActualText <feff0e150e330e1a0e25>>>"


def test_characters_sarabun_lacks_use_a_fallback_font() -> None:
    pdf = render("<p>ตำบล 中文 ⚖ 😀</p>")

    text = pdftotext(pdf)
    for char in ("中文", "⚖", "😀", "ตำบล"):
        assert char in text, (char, text)
    fonts = font_names(pdf)
    assert "Sarabun" in fonts
    assert len(set(fonts)) > 1, fonts  # something else drew what Sarabun has no glyph for


def test_invitation_letter_reads_back_exactly() -> None:
    issued = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    letter = InvitationLetter(
        council_name_th="สภาองค์กรชุมชนตำบลศรีภูมิ",
        council_code="T500101",
        place_th="ตำบลศรีภูมิ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่",
        code="K7QD-M2XP-9RTF",
        expires_at=issued + timedelta(days=30),
        issued_at=issued,
        claim_url="https://assembly.codi.or.th/claim",
    )
    text = pdftotext(render_invitation_pdf(letter))

    for word in ("ตำบล", "ประจำปี", "ดำเนินการ", "ผู้อื่น", "สภาองค์กรชุมชนตำบลศรีภูมิ"):
        assert word in text, word
    for broken in ("ตาบล", "ประจาปี", "ดาเนินการ", "ผู้อ่ ืน"):
        assert broken not in text, broken

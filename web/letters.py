"""Printable letters: the invitation a council's representative uses to claim its account.

An organizer (พอช.) prints the letter, or mails the PDF, to a tambon community organization
council. It follows the official Thai letter layout (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ):
A4, margins 3 cm left, 2 cm right, 2.5 cm top, 2 cm bottom, 16 pt body, Thai digits and
Buddhist-era dates. The one-time code keeps its Latin letters and digits: it is typed as printed.

Fonts come from the `fontpkg-sarabun` package (Sarabun TTFs inside site-packages), so the PDF
looks the same on every host; WeasyPrint needs Pango (libpango-1.0-0, libpangoft2-1.0-0) at
runtime. Only those font files may be fetched while rendering: nothing else is read or
downloaded, whatever the letter's text says. `web.documents.weasy` (shared with the submission
PDF) also marks each line with its ActualText, so the PDF's text layer gives the Thai back exactly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from assembly.people import MIN_PASSWORD
from assembly.thai import thai_date, thai_datetime, thai_digits
from web.documents.weasy import FontsOnly, font_values, lay_out, pdf_bytes, print_templates

# The fetcher under its old name (tests use it): fonts only, no emblem or other image.
_FontsOnly = FontsOnly

TEMPLATE = "letters/invitation.html"

ISSUER_TH = "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)"
SUBJECT_TH = "เชิญผู้แทนสภาองค์กรชุมชนตำบลเปิดบัญชีในระบบสมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ"


class InvitationLetter(msgspec.Struct, frozen=True):
    council_name_th: str  # "สภาองค์กรชุมชนตำบลศรีภูมิ"
    council_code: str  # "T500101"
    place_th: str  # "ตำบลศรีภูมิ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่"
    code: str  # the one-time invitation code, "K7QD-M2XP-9RTF"
    expires_at: datetime  # aware
    issued_at: datetime  # aware
    claim_url: str  # "https://assembly.codi.or.th/claim"

    def __post_init__(self) -> None:
        for name in ("expires_at", "issued_at"):
            moment: datetime = getattr(self, name)
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError(f"{name} must be an aware datetime")


_env = print_templates


FIT_LEVELS = 4  # 0: as specified; 1: tighter spacing; 2: 15 pt; 3: 14 pt (very long names)


def _context(letter: InvitationLetter, fit: int) -> dict[str, Any]:
    return {
        "letter": letter,
        "fit": fit,
        "issuer": ISSUER_TH,
        "subject": SUBJECT_TH,
        "date_th": thai_date(letter.issued_at, digits=True),
        "expires_th": thai_datetime(letter.expires_at, digits=True),
        "min_password": thai_digits(MIN_PASSWORD),
        **font_values(),
    }


def _html(letter: InvitationLetter, fit: int = 0) -> str:
    return _env.get_template(TEMPLATE).render(_context(letter, fit))


def render_invitation_html(letter: InvitationLetter) -> str:
    """The letter as HTML (the page the PDF is made from; also a print page)."""
    return _html(letter)


def render_invitation_pdf(letter: InvitationLetter) -> bytes:
    """The letter as a one-page A4 PDF.

    A very long council name or place can push the letter onto a second page: then it is laid
    out again a little tighter, up to `FIT_LEVELS` times, and the first one-page layout wins.
    """
    for fit in range(FIT_LEVELS):
        document = lay_out(_html(letter, fit))
        if len(document.pages) == 1:
            break
    return pdf_bytes(document)

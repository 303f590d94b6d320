"""Thai text helpers shared by every room: digits, Buddhist-era dates, normalization."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543

_ARABIC = "0123456789"
_THAI = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans(_ARABIC, _THAI)
_TO_ARABIC = str.maketrans(_THAI, _ARABIC)

MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

# Zero-width characters that Thai keyboards and copy-paste leave in text.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
# Sara am typed as nikhahit + (tone mark) + sara aa, as older keyboards and OCR produce.
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")


def thai_digits(value: object) -> str:
    """Write Arabic digits as Thai digits (official documents use Thai digits)."""
    return str(value).translate(_TO_THAI)


def arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def to_bangkok(moment: datetime) -> datetime:
    return moment.astimezone(BANGKOK)


def thai_date(day: date | datetime, *, short: bool = False, digits: bool = False) -> str:
    """'8 เมษายน 2565' (or with Thai digits: '๘ เมษายน ๒๕๖๕')."""
    if isinstance(day, datetime):
        day = to_bangkok(day).date()
    months = MONTHS_SHORT if short else MONTHS
    text = f"{day.day} {months[day.month - 1]} {be_year(day.year)}"
    return thai_digits(text) if digits else text


def thai_datetime(moment: datetime, *, digits: bool = False) -> str:
    """'8 เมษายน 2565 เวลา 09.30 น.' in Bangkok time."""
    local = to_bangkok(moment)
    text = f"{thai_date(local)} เวลา {local:%H.%M} น."
    return thai_digits(text) if digits else text


def normalize(text: str) -> str:
    """Canonical form for storage: NFC, no zero-width characters, tidy spaces, Arabic digits.

    Thai digits and Arabic digits mean the same number; we store Arabic and
    render Thai where an official document asks for it.
    """
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _SARA_AM.sub(lambda m: m.group(1) + "\u0e33", text)  # นํ้า typed as ํ + ้ + า
    text = arabic_digits(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(lines).strip()


def normalize_line(text: str) -> str:
    """Like `normalize`, for one-line fields (titles, names): newlines become spaces."""
    return _SPACES.sub(" ", normalize(text).replace("\n", " ")).strip()

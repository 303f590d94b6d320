from datetime import UTC, date, datetime

from assembly import thai


def test_thai_digits_and_back() -> None:
    assert thai.thai_digits("ข้อ 1.2 ปี 2565") == "ข้อ ๑.๒ ปี ๒๕๖๕"
    assert thai.arabic_digits("๘ เมษายน ๒๕๖๕") == "8 เมษายน 2565"


def test_buddhist_era_dates() -> None:
    assert thai.thai_date(date(2022, 4, 8)) == "8 เมษายน 2565"
    assert thai.thai_date(date(2022, 4, 8), digits=True) == "๘ เมษายน ๒๕๖๕"
    assert thai.thai_date(date(2026, 11, 25), short=True) == "25 พ.ย. 2569"
    # 20:00 UTC on 31 Dec is already 1 Jan in Bangkok: the date follows Bangkok.
    assert thai.thai_date(datetime(2025, 12, 31, 20, 0, tzinfo=UTC)) == "1 มกราคม 2569"
    assert (
        thai.thai_datetime(datetime(2026, 1, 1, 2, 30, tzinfo=UTC)) == "1 มกราคม 2569 เวลา 09.30 น."
    )


def test_normalize_removes_invisible_characters_and_unifies_digits() -> None:
    assert thai.normalize("  น\u0e4d\u0e49\u0e32\u200bท่วม  ๑๒ ครั้ง ") == "น\u0e49\u0e33ท่วม 12 ครั้ง"
    assert thai.normalize("ก\u0e4d\u0e32") == "ก\u0e33"
    assert thai.normalize("บรรทัด 1\n\n  บรรทัด   2 ") == "บรรทัด 1\n\nบรรทัด 2"
    assert thai.normalize_line("ชื่อ\nสอง บรรทัด") == "ชื่อ สอง บรรทัด"

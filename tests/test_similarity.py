"""Thai text for search and similarity: normalization, segmentation, synonyms, quality."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assembly.thaitext import (
    normalize_for_search,
    parts,
    search_document,
    search_query,
    tokens,
    words,
)
from projections.similarity import SimilarityIndex

DATA = Path(__file__).parent / "data" / "proposals_labeled.jsonl"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("น\u0e4d\u0e49\u0e32", "น้ำ"),  # นํ้า: nikhahit + tone + sara aa
        ("น\u0e49\u0e4d\u0e32", "น้ำ"),  # tone typed before nikhahit
        ("ท\u0e48\u0e35", "ที่"),  # tone before the upper vowel
        ("ที่่", "ที่"),  # a doubled tone mark
        ("๑๒๐ ครัวเรือน", "120 ครัวเรือน"),
        ("ดี\u200bมาก", "ดีมาก"),
        ("มากกกก", "มาก"),
    ],
)
def test_spelling_variants_read_the_same(typed: str, meant: str) -> None:
    assert normalize_for_search(typed) == normalize_for_search(meant)


def test_domain_words_stay_whole_and_variants_become_one() -> None:
    got = tokens("กู้เงิน ธกส. และ ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร ขอโฉนดชุมชน ในเขต ส.ป.ก.")
    assert got.count("ธ.ก.ส.") == 2
    assert "โฉนดชุมชน" in got and "ส.ป.ก." in got
    assert words("เงินกู้นอกระบบ") == words("หนี้นอกระบบ")
    assert words("น้ำบ่พอทำนา") == words("ขาดน้ำทำนา")


def test_a_word_inside_a_compound_is_searchable() -> None:
    assert "ป่าสงวน" in parts("เขตป่าสงวน")
    document = search_document("ขอเอกสารสิทธิ", "ทำกินในเขตป่าสงวนมา 40 ปี", "")
    assert all(term in document.split() for term in search_query("ป่าสงวน"))


def test_index_ranks_the_same_problem_first() -> None:
    index = SimilarityIndex()
    index.add(
        "forest-1", "50", "ขอโฉนดชุมชนในเขตป่า", "ชาวบ้านทำกินในป่าสงวน ไม่มีเอกสารสิทธิ", "ออกโฉนดชุมชน"
    )
    index.add("debt-1", "50", "แก้หนี้นอกระบบ", "ครัวเรือนกู้เงินดอกเบี้ยร้อยละ 20", "ตั้งกองทุนรับซื้อหนี้")
    index.add("water-1", "40", "ประปาหมู่บ้านเสีย", "น้ำประปาขุ่น ใช้ไม่ได้", "ซ่อมระบบประปา")
    index.rebuild()
    index.add(
        "forest-2", "40", "ที่ทำกินทับเขตป่าสงวน", "ถูกจับข้อหาบุกรุกป่า ทั้งที่อยู่มาก่อน", "กันแนวเขตใหม่ ออกโฉนด"
    )
    found = index.similar("ขอเอกสารสิทธิที่ดินในป่า", "ทำกินในเขตป่าสงวน", "", limit=3)
    assert [i for i, _ in found][:2] in (["forest-1", "forest-2"], ["forest-2", "forest-1"])
    assert next(i for i, _ in index.similar("ป่าสงวน", "", "", province_code="40")) == "forest-2"
    index.remove("forest-2")
    assert "forest-2" not in [i for i, _ in index.similar("ป่าสงวน", "", "")]
    assert "โฉนดชุมชน" in index.explain(("ขอโฉนดชุมชน", "", ""), ("โฉนดชุมชน", "ป่า", ""))


@pytest.mark.skipif(not DATA.exists(), reason="labeled set not present")
def test_precision_at_5_on_the_labeled_set() -> None:
    from bench.similarity import labeled, ours, precision_at_5

    rows = labeled()
    assert len(rows) >= 100 and len({r["group"] for r in rows}) >= 20
    assert precision_at_5(rows, ours(rows)) >= PRECISION_FLOOR
    json.dumps(rows[0])


# Measured 0.758 (goal 0.8, not reached: see the README); the floor keeps it from sliding.
PRECISION_FLOOR = 0.74

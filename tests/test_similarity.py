"""Thai text for search and similarity: normalization, segmentation, synonyms, quality; and
similar proposals over the API and in the live panel of the proposal form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from assembly.actors import Role
from assembly.councils import council_id
from assembly.thaitext import (
    normalize_for_search,
    parts,
    search_document,
    search_query,
    tokens,
    words,
)
from projections.similarity import SimilarityIndex
from tests.conftest import (
    FULL,
    SRI_PHUM,
    council_client,
    login,
    register_council,
    services_app,
    setup_http,
)

DATA = Path(__file__).parent / "data" / "proposals_labeled.jsonl"
HELDOUT = Path(__file__).parent / "data" / "proposals_heldout.jsonl"


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
        ("ปฎิรูปที่ดิน", "ปฏิรูปที่ดิน"),  # ฎ typed for ฏ
        ("กฏหมาย", "กฎหมาย"),
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


@pytest.mark.parametrize(
    ("regional", "central"),
    [
        ("เฮือนผุพัง", "บ้านผุพัง"),  # Isan ร -> ฮ
        ("ซ้างป่าลงมากินอ้อย", "ช้างป่าลงมากินอ้อย"),  # Isan ช -> ซ
        ("งัวเป็นโรค", "วัวเป็นโรค"),
        ("อุ๊ยอยู่คนเดียว", "ผู้สูงอายุอยู่คนเดียว"),  # Northern
        ("ละอ่อนไปโรงเรียน", "เด็กไปโรงเรียน"),
        ("ยางราคาไม่หร็อย ตกเหม็ด", "ยางราคาไม่ดี ตกหมด"),  # Southern
        ("ขอให้ อบต ช่วย", "ขอให้องค์การบริหารส่วนตำบลช่วย"),
        ("ต้องอนุญาติก่อน", "ต้องอนุญาตก่อน"),  # a misspelling from the common list
    ],
)
def test_dialect_and_spelling_variants_become_one(regional: str, central: str) -> None:
    assert words(regional) == words(central)


def test_dialect_particles_carry_no_weight() -> None:
    assert words("ยางถูกจ๊าด กะขายบ่ได้") == words("ยางถูก ขายไม่ได้")


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


def test_scores_are_cosines_and_recent_adds_rank_before_a_rebuild() -> None:
    index = SimilarityIndex()
    index.add("a", "10", "หนี้ ธ.ก.ส.", "ชาวนาเป็นหนี้ ธ.ก.ส. จ่ายไม่ไหว", "พักหนี้")
    index.add("b", "10", "ถนนลูกรังพัง", "ถนนเป็นหลุมเป็นบ่อ", "ซ่อมถนน")
    index.rebuild()
    index.add("c", "20", "หนี้ ธกส. ท่วมหัว", "เป็นหนี้ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร", "พักหนี้")
    found = index.similar("หนี้ ธ.ก.ส.", "ชาวนาเป็นหนี้ ธ.ก.ส.", "ขอพักหนี้", limit=3)
    assert {i for i, _ in found[:2]} == {"a", "c"}
    assert all(0 < score <= 1 for _, score in found)
    assert [i for i, _ in index.similar("หนี้", "", "", province_code="20")] == ["c"]
    assert index.similar("หนี้", "", "", province_code="99") == []


def _precision(path: Path) -> float:
    from bench.similarity import labeled, ours, precision_at_5

    rows = labeled(path)
    assert len(rows) >= 100 and len({r["group"] for r in rows}) >= 20
    json.dumps(rows[0])
    return precision_at_5(rows, ours(rows))


@pytest.mark.skipif(not DATA.exists(), reason="labeled set not present")
def test_precision_at_5_on_the_dev_set() -> None:
    """The goal of issue 4: at least 0.8 on the set the method was tuned on (0.807)."""
    assert _precision(DATA) >= 0.8


@pytest.mark.skipif(not HELDOUT.exists(), reason="held-out set not present")
def test_precision_at_5_on_the_held_out_set() -> None:
    """Written before the tuning, never tuned on: measured 0.829; the floor keeps a margin."""
    assert _precision(HELDOUT) >= HELDOUT_FLOOR


HELDOUT_FLOOR = 0.80


# --- over HTTP ---


def test_similar_proposals_api_and_live_panel(client: TestClient[Any]) -> None:
    setup_http(client)
    council = council_client(client, "similar-council", SRI_PHUM)
    texts = [
        {**FULL},
        {
            **FULL,
            "title_th": "ชาวบ้านถูกประกาศเขตป่าทับที่ดินทำกิน ขอเอกสารสิทธิ",
            "problem_th": "ที่ทำกินของชาวบ้านอยู่ในป่าสงวนแห่งชาติ ถูกจับกุมข้อหาบุกรุก ไม่มีโฉนด",
            "recommendation_th": "ออกโฉนดชุมชนและกันแนวเขตป่าใหม่",
        },
        {
            **FULL,
            "title_th": "แก้หนี้นอกระบบของครัวเรือน",
            "category": "debt",
            "problem_th": "ครัวเรือนเป็นหนี้เงินกู้นอกระบบ ดอกเบี้ยร้อยละ 20 ต่อเดือน",
            "recommendation_th": "ตั้งกองทุนรับซื้อหนี้ ดอกเบี้ยต่ำ",
        },
    ]
    ids = []
    for body in texts:
        pid = client.post("/api/v1/editions/2569/proposals", json=body, headers=council).json()[
            "id"
        ]
        client.post(f"/api/v1/proposals/{pid}/submit", headers=council)
        ids.append(pid)
    found = client.get(f"/api/v1/proposals/{ids[0]}/similar", headers=council)
    assert found.status_code == 200, found.text
    ranked = found.json()
    assert ranked[0]["id"] == ids[1] and ids[0] not in [r["id"] for r in ranked]
    assert ranked[0]["score"] > ranked[-1]["score"] or len(ranked) == 1
    assert "โฉนดชุมชน" in ranked[0]["shared_words"] or ranked[0]["shared_words"]
    assert client.get(f"/api/v1/proposals/{ids[0]}/similar").status_code == 401
    token = login(client, "similar-page", Role.COUNCIL, council_id=SRI_PHUM)
    panel = client.post(
        "/proposals/similar",
        data={"_csrf": token, "year_be": "2569", "title_th": "หนี้นอกระบบ ดอกเบี้ยแพง"},
        headers={"HX-Request": "true"},
    )
    assert panel.status_code == 200 and "แก้หนี้นอกระบบของครัวเรือน" in panel.text


def test_similar_within_the_province(client: TestClient[Any]) -> None:
    setup_http(client)
    app = services_app(client)
    register_council(app, "T100101", "100101", "สภาองค์กรชุมชนแขวงพระบรมมหาราชวัง")
    here = council_client(client, "here", SRI_PHUM)
    there = council_client(client, "there", council_id("T100101"))
    ids = []
    for headers in (here, there, here):
        pid = client.post("/api/v1/editions/2569/proposals", json=FULL, headers=headers).json()[
            "id"
        ]
        client.post(f"/api/v1/proposals/{pid}/submit", headers=headers)
        ids.append(pid)
    national = client.get(f"/api/v1/proposals/{ids[0]}/similar", headers=here).json()
    province = client.get(
        f"/api/v1/proposals/{ids[0]}/similar", params={"scope": "province"}, headers=here
    ).json()
    assert {p["id"] for p in national} == {ids[1], ids[2]}
    assert [p["id"] for p in province] == [ids[2]]

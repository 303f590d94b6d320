"""Suggestions: groups of likely duplicates, their quality on the labeled Thai sets, what the
coordinator turned down, the key words, and the same answer for the same input; accepting and
rejecting them over the API, and the command that suggests for every province."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from assembly.actors import Role
from assembly.application import Assembly
from assembly.settings import Settings
from assembly.thaitext import canonical, normalize_for_search, words
from bench.similarity import DATA, HELDOUT, labeled
from bench.suggestions import items_of, pairwise
from projections.runner import ProjectionRunner
from projections.suggestions import Item, Suggestion, suggest, suggest_national
from tests.conftest import CM, bearer, proposal, services_app, setup_world, wait_for_projections

HELDOUT_FLOOR = 0.9  # measured 0.937, never tuned on


@cache
def _dev() -> tuple[list[Item], list[Suggestion]]:
    items = items_of(labeled(DATA))
    return items, suggest(items)


def _f1(path: Path) -> float:
    rows = labeled(path)
    found = suggest(items_of(rows))
    return pairwise([s.proposal_ids for s in found], {r["id"]: r["group"] for r in rows}).f1


def test_pairwise_f1_on_the_dev_set() -> None:
    assert _f1(DATA) >= 0.8


def test_pairwise_f1_on_the_held_out_set() -> None:
    assert _f1(HELDOUT) >= HELDOUT_FLOOR


def test_the_metrics_count_pairs() -> None:
    truth = {"a": "x", "b": "x", "c": "x", "d": "y"}
    perfect = pairwise([["a", "b", "c"]], truth)
    assert perfect.f1 == 1.0 and perfect.ari == 1.0
    half = pairwise([["a", "b"], ["c", "d"]], truth)  # 1 of 2 pairs right, 1 of 3 found
    assert half.precision == 0.5 and half.recall == pytest.approx(1 / 3)


def test_no_singletons_and_ids_sorted_and_scores_in_range() -> None:
    _, found = _dev()
    assert found
    assert all(len(s.proposal_ids) >= 2 for s in found)
    assert all(s.proposal_ids == sorted(s.proposal_ids) for s in found)
    assert all(0.0 <= s.score <= 1.0 for s in found)
    seen = [pid for s in found for pid in s.proposal_ids]
    assert len(seen) == len(set(seen))  # a proposal is in one group at most
    sizes = [len(s.proposal_ids) * s.score for s in found]
    assert sizes == sorted(sizes, reverse=True)


def test_min_size_leaves_out_smaller_groups() -> None:
    items, _ = _dev()
    assert all(len(s.proposal_ids) >= 5 for s in suggest(items, min_size=5))


def test_key_words_are_shared_by_the_members() -> None:
    items, found = _dev()
    by_id = {i.id: i for i in items}
    for s in found:
        assert s.key_words and len(s.key_words) <= 6
        members = [by_id[pid] for pid in s.proposal_ids]
        texts = [normalize_for_search(f"{m.title} {m.problem} {m.solution}") for m in members]
        found_words = [set(words(f"{m.title}\n{m.problem}\n{m.solution}")) for m in members]
        for word in s.key_words:
            sharing = sum(
                word in text or canonical(word) in ws
                for text, ws in zip(texts, found_words, strict=True)
            )
            assert sharing >= 2, (word, s.proposal_ids)


def test_the_title_is_a_member_title() -> None:
    items, found = _dev()
    by_id = {i.id: i for i in items}
    for s in found:
        assert s.title_th in {by_id[pid].title.strip() for pid in s.proposal_ids}


def test_the_same_input_gives_the_same_output_whatever_its_order() -> None:
    items, found = _dev()
    shuffled = list(items)
    random.Random(7).shuffle(shuffled)
    assert suggest(shuffled) == found


def test_stored_words_give_the_same_groups() -> None:
    from bench.suggestions import stored

    items, found = _dev()
    again = suggest([stored(i) for i in items])
    assert [s.proposal_ids for s in again] == [s.proposal_ids for s in found]


def test_a_rejected_group_is_not_suggested_again_nor_inside_a_bigger_one() -> None:
    items, found = _dev()
    turned_down = {frozenset(s.proposal_ids) for s in found[:3]}
    again = suggest(items, rejected=turned_down)
    for s in again:
        assert not any(r <= set(s.proposal_ids) for r in turned_down)
    untouched = [s for s in found[3:] if not any(r & set(s.proposal_ids) for r in turned_down)]
    assert all(s in again for s in untouched)


def test_a_rejected_pair_is_split_along_the_tree() -> None:
    items, found = _dev()
    group = next(s for s in found if len(s.proposal_ids) >= 4)
    pair = frozenset(group.proposal_ids[:2])
    again = suggest(items, rejected={pair})
    assert not any(pair <= set(s.proposal_ids) for s in again)
    # what is left of the group is still suggested, in parts
    rest = set(group.proposal_ids)
    assert any(len(rest & set(s.proposal_ids)) >= 2 for s in again)


def test_a_rejected_set_with_a_proposal_gone_changes_nothing() -> None:
    items, found = _dev()
    gone = frozenset([*found[0].proposal_ids, "no-longer-there"])
    assert suggest(items, rejected={gone}) == found


def test_empty_and_tiny_inputs() -> None:
    assert suggest([]) == []
    one = Item("a", "ถนนลูกรังเป็นหลุมบ่อ", "หน้าฝนรถเข้าไม่ได้", "ขอลาดยาง")
    assert suggest([one]) == []
    assert suggest_national({}) == {}


def test_two_duplicates_and_a_stranger() -> None:
    road = "ถนนลูกรังเข้าหมู่บ้านเป็นหลุมเป็นบ่อ หน้าฝนรถเข้าไม่ได้"
    items = [
        Item("a", "ซ่อมถนนลูกรังเข้าหมู่บ้าน", road, "ขอให้ อบต. ปรับปรุงเป็นถนนลาดยาง"),
        Item("b", "ถนนดินเข้าหมู่บ้านเป็นหลุมบ่อ", road, "ขอถนนลาดยางเข้าหมู่บ้าน"),
        Item("c", "ผู้สูงอายุติดเตียงไม่มีคนดูแล", "ลูกหลานไปทำงานในเมือง", "ขอผู้ดูแลจากชุมชน"),
    ]
    found = suggest(items)
    assert [s.proposal_ids for s in found] == [["a", "b"]]
    assert "ถนนลูกรัง" in found[0].key_words


def test_national_runs_each_province_and_reports_progress() -> None:
    items, _ = _dev()
    done: list[int] = []
    found = suggest_national({"10": items[:80], "50": items[80:]}, progress=done.append)
    assert sorted(found) == ["10", "50"] and sum(done) == len(items)
    for code, part in (("10", items[:80]), ("50", items[80:])):
        ids = {i.id for i in part}
        assert all(set(s.proposal_ids) <= ids for s in found[code])


# --- over HTTP and from the command line ---


def test_suggestions_accept_and_reject_in_one_click(client: TestClient[Any]) -> None:
    app = services_app(client)
    setup_world(app)
    same = [
        ("ขอโฉนดชุมชนในเขตป่าสงวน", "ชาวบ้านอยู่ในเขตป่าสงวนมานาน ไม่มีเอกสารสิทธิ ถูกจับกุม"),
        ("เร่งออกโฉนดชุมชนให้คนในป่าสงวน", "ชาวบ้านทำกินในเขตป่าสงวนแห่งชาติ ไม่มีเอกสารสิทธิ์ในที่ดิน"),
        ("โฉนดชุมชนสำหรับหมู่บ้านในป่า", "หมู่บ้านตั้งอยู่ในป่าสงวนก่อนประกาศเขต ไม่มีเอกสารสิทธิ"),
    ]
    other = [
        ("ถนนลูกรังเข้าหมู่บ้านชำรุด", "ถนนเป็นหลุมบ่อ หน้าฝนรถสัญจรไม่ได้ เด็กไปโรงเรียนลำบาก"),
        ("ขยะล้นบ่อฝังกลบของตำบล", "บ่อขยะเต็ม ส่งกลิ่นเหม็น น้ำชะขยะไหลลงลำห้วย"),
    ]
    ids = [
        proposal(app, CM[n % 3], title_th=t, problem_th=p, recommendation_th="ให้รัฐแก้ไข")
        for n, (t, p) in enumerate(same + other)
    ]
    wait_for_projections(app)
    headers = bearer(client, "coord-suggest", Role.COORDINATOR, province_code="50")
    far = bearer(client, "coord-far", Role.COORDINATOR, province_code="10")
    path = "/api/v1/editions/2569/provinces/50/suggestions"
    assert client.get(path, headers=far).status_code == 403
    found = client.get(path, headers=headers).json()
    assert found["unconsolidated"] == 5
    groups = [set(s["proposal_ids"]) for s in found["items"]]
    assert {str(i) for i in ids[:3]} in groups or any(
        g <= {str(i) for i in ids[:3]} and len(g) >= 2 for g in groups
    )
    first = found["items"][0]
    assert first["key_words"] and first["title_th"]
    # reject: not suggested again
    rejected = client.post(
        "/api/v1/editions/2569/provinces/50/suggestions/reject",
        json={"proposal_ids": first["proposal_ids"]},
        headers=headers,
    )
    assert rejected.status_code == 200, rejected.text
    again = client.get(path, headers=headers).json()
    assert set(first["proposal_ids"]) not in [set(s["proposal_ids"]) for s in again["items"]]
    # accept (another group, or the rejected one's members by hand): an issue from them
    made = client.post(
        "/api/v1/editions/2569/provinces/50/issues",
        json={
            "title_th": first["title_th"],
            "proposal_ids": first["proposal_ids"],
            "from_suggestion": True,
        },
        headers=headers,
    )
    assert made.status_code == 201, made.text
    panel = client.get("/provinces/50/board/suggestions", headers={**headers, "HX-Request": "true"})
    assert panel.status_code == 200 and "ระบบเสนอให้รวม" in panel.text
    assert "<html" not in panel.text


def test_cli_suggests_for_every_province(world: Assembly, settings: Settings) -> None:
    import os
    import subprocess
    import sys

    for title in ("ขอโฉนดชุมชนในเขตป่า", "เร่งออกโฉนดชุมชนในป่า", "ถนนชำรุด"):
        proposal(world, title_th=title)
    ProjectionRunner(settings, world).catch_up()
    env = {**os.environ, "DATABASE_URL": settings.database_url, "DATABASE_SCHEMA": settings.schema}
    done = subprocess.run(
        [sys.executable, "-m", "web", "suggest"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "ข้อเสนอที่ยังไม่ได้รวม 3 รายการใน 1 จังหวัด" in done.stdout + done.stderr

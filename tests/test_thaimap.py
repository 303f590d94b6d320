"""The SVG tile map of the 77 provinces (web/thaimap.py): no database needed."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from markupsafe import Markup

from assembly import geography
from web.thaimap import _TILES, NO_DATA, PALETTE, render_map

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def provinces(root: ET.Element) -> dict[str, ET.Element]:
    rects = [r for r in root.iter(f"{NS}rect") if r.get("data-code")]
    codes = [r.get("data-code") or "" for r in rects]
    assert len(codes) == len(set(codes)), Counter(codes).most_common(3)
    return {r.get("data-code") or "": r for r in rects}


def title_of(rect: ET.Element) -> str:
    title = rect.find(f"{NS}title")
    assert title is not None
    return title.text or ""


def test_all_77_provinces_exactly_once() -> None:
    root = parse(render_map({}, title_th="แผนที่", legend_th="จำนวน"))
    rects = provinces(root)
    assert len(rects) == 77
    assert set(rects) == {p.code for p in geography.provinces()}
    assert {"10", "50", "38", "90"} <= set(rects)  # Bangkok, Chiang Mai, Bueng Kan, Songkhla
    assert all("province" in (r.get("class") or "").split() for r in rects.values())


def test_tile_table_has_one_cell_per_province() -> None:
    assert len(_TILES) == 77
    assert len({(col, row) for col, row, _ in _TILES.values()}) == 77
    assert len({abbr for _, _, abbr in _TILES.values()}) == 77


def test_values_get_steps_fills_and_thai_titles() -> None:
    values = {"10": 40, "50": 12, "38": 3, "90": 1234}
    root = parse(render_map(values, title_th="หัวข้อ", legend_th="จำนวนข้อเสนอ"))
    rects = provinces(root)
    # 1234 is the largest: step 5; 40 -> ceil(5*40/1234) = 1; 3 and 12 also step 1
    assert rects["90"].get("fill") == PALETTE[4]
    assert "step-5" in (rects["90"].get("class") or "").split()
    for code in ("10", "50", "38"):
        assert rects[code].get("fill") == PALETTE[0]
    assert rects["57"].get("fill") == NO_DATA
    assert "step-0" in (rects["57"].get("class") or "").split()
    assert title_of(rects["90"]) == "สงขลา: จำนวนข้อเสนอ 1,234"
    assert title_of(rects["38"]) == "บึงกาฬ: จำนวนข้อเสนอ 3"
    assert title_of(rects["57"]) == "เชียงราย: จำนวนข้อเสนอ 0"


def test_five_steps_spread_over_the_range() -> None:
    values = {"10": 10, "11": 8, "12": 6, "13": 4, "14": 2, "15": 0, "16": -3}
    rects = provinces(parse(render_map(values, title_th="t", legend_th="l")))
    fills = [rects[c].get("fill") for c in ("14", "13", "12", "11", "10")]
    assert fills == list(PALETTE)
    assert rects["15"].get("fill") == NO_DATA
    assert rects["16"].get("fill") == NO_DATA


def test_float_values_and_nan() -> None:
    values = {"10": 0.5, "50": 2.25, "90": float("nan")}
    rects = provinces(parse(render_map(values, title_th="t", legend_th="ร้อยละ")))
    assert rects["50"].get("fill") == PALETTE[4]
    assert rects["10"].get("fill") == PALETTE[1]  # ceil(5 * 0.5 / 2.25) = 2
    assert rects["90"].get("fill") == NO_DATA
    assert title_of(rects["50"]) == "เชียงใหม่: ร้อยละ 2.25"


def test_highlight_gets_class_and_outline() -> None:
    root = parse(render_map({"50": 1}, title_th="t", legend_th="l", highlight=["50", "96"]))
    rects = provinces(root)
    for code in ("50", "96"):
        assert "is-highlight" in (rects[code].get("class") or "").split()
    rings = [r for r in root.iter(f"{NS}rect") if r.get("class") == "highlight-ring"]
    assert len(rings) == 2
    assert {(r.get("x"), r.get("stroke")) for r in rings} == {
        (str(int(rects[c].get("x") or 0) - 1), "#000000") for c in ("50", "96")
    }
    assert "is-highlight" not in (rects["10"].get("class") or "")
    assert rects["96"].get("fill") == NO_DATA  # a highlight does not change the colour


def test_legend_in_thai_with_whole_number_ranges() -> None:
    root = parse(render_map({"10": 2, "50": 1}, title_th="t", legend_th="จำนวนข้อเสนอ"))
    legend = root.find(f"{NS}g[@class='legend']")
    assert legend is not None
    texts = [t.text for t in legend.iter(f"{NS}text")]
    # max 2: only the steps that a whole number can fall in are listed
    assert texts == ["จำนวนข้อเสนอ", "0 / ไม่มี", "1", "2"]


def test_accessible_title_and_roles() -> None:
    svg = render_map({}, title_th="จังหวัดที่เสนอเรื่องที่ดินทำกิน", legend_th="จำนวน")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "จังหวัดที่เสนอเรื่องที่ดินทำกิน"
    title = root.find(f"{NS}title")
    assert title is not None and title.text == "จังหวัดที่เสนอเรื่องที่ดินทำกิน"
    assert "style=" not in svg and "<script" not in svg


def test_links_wrap_each_province() -> None:
    svg = render_map({"10": 1}, title_th="t", legend_th="l", link=lambda c: f"/p/{c}?a=1&b=2")
    root = parse(svg)
    assert root.get("role") == "group"  # role=img would hide the links from screen readers
    anchors = list(root.iter(f"{NS}a"))
    assert len(anchors) == 77
    hrefs = {a.get("href") for a in anchors}
    assert "/p/10?a=1&b=2" in hrefs
    assert "&amp;b=2" in svg
    bangkok = next(a for a in anchors if a.get("href", "").startswith("/p/10?"))
    assert bangkok.get("aria-label") == "กรุงเทพมหานคร: l 1"


def test_escaping_of_title_legend_and_names() -> None:
    evil = "ข้อเสนอ <script>alert(\"x\")</script> & 'ที่ดิน'"
    svg = render_map({"10": 1}, title_th=evil, legend_th=evil)
    assert "<script>" not in svg
    root = parse(svg)
    assert root.get("aria-label") == evil
    title = root.find(f"{NS}title")
    assert title is not None and title.text == evil
    rects = provinces(root)
    names = {p.code: p.name_th for p in geography.provinces()}
    for code, rect in rects.items():  # every Thai name survives the round trip intact
        assert title_of(rect).startswith(f"{names[code]}: ")
    assert title_of(rects["10"]) == f"กรุงเทพมหานคร: {evil} 1"


def test_result_is_markup_for_jinja() -> None:
    svg = render_map({}, title_th="t", legend_th="l")
    assert isinstance(svg, Markup)
    assert str(Markup("{}").format(svg)) == str(svg)  # not escaped a second time


def test_unknown_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="99"):
        render_map({"99": 1}, title_th="t", legend_th="l")
    with pytest.raises(ValueError, match="00"):
        render_map({}, title_th="t", legend_th="l", highlight=["00"])


def test_size_and_render_time(capsys: pytest.CaptureFixture[str]) -> None:
    values = {p.code: (i * 37) % 101 for i, p in enumerate(geography.provinces())}

    def link(code: str) -> str:
        return f"/provinces/{code}"

    render_map(values, title_th="t", legend_th="l", link=link)  # warm the cache
    n = 200
    start = time.perf_counter()
    for _ in range(n):
        svg = render_map(values, title_th="แผนที่", legend_th="จำนวน", link=link, highlight=["50"])
    per_render_ms = (time.perf_counter() - start) / n * 1000
    size = len(svg.encode())
    assert size < 150_000
    with capsys.disabled():
        print(f"\nthaimap: {size:,} bytes, {per_render_ms:.2f} ms per render")

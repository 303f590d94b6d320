"""A map of Thailand's 77 provinces as an inline SVG tile grid, drawn by our own code.

No package on PyPI ships Thailand's province boundaries as data that can be used offline
(GeoThai has names and DOPA codes only), so the map is a tile grid: one square per province,
placed to keep the country's shape (the north on top, the northeast to the right, the Gulf
of Thailand as a gap, the southern peninsula below). The 77 positions and the provinces'
standard Thai abbreviations are our own table, `_TILES`; names come from
`assembly.geography` (GeoThai).

The SVG needs no script and no style attribute (presentation attributes and CSS classes
only), so it fits a strict Content-Security-Policy. Colours: ColorBrewer's YlGnBu, five
steps, colour-blind safe; provinces with 0 or no value are light grey.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from html import escape

from markupsafe import Markup

from assembly import geography

__all__ = ["NO_DATA", "PALETTE", "render_map"]

# DOPA code: (column, row, abbreviation). Column 0 is the west, row 0 the north.
_TILES: dict[str, tuple[int, int, str]] = {
    "10": (3, 7, "กทม"),
    "11": (4, 7, "สป"),
    "12": (3, 6, "นบ"),
    "13": (4, 6, "ปท"),
    "14": (4, 5, "อย"),
    "15": (3, 5, "อท"),
    "16": (4, 4, "ลบ"),
    "17": (3, 4, "สห"),
    "18": (2, 4, "ชน"),
    "19": (5, 5, "สบ"),
    "20": (4, 8, "ชบ"),
    "21": (5, 8, "รย"),
    "22": (6, 8, "จบ"),
    "23": (6, 9, "ตร"),
    "24": (5, 7, "ฉช"),
    "25": (6, 6, "ปจ"),
    "26": (5, 6, "นย"),
    "27": (6, 7, "สก"),
    "30": (6, 5, "นม"),
    "31": (7, 5, "บร"),
    "32": (7, 6, "สร"),
    "33": (8, 5, "ศก"),
    "34": (9, 5, "อบ"),
    "35": (8, 4, "ยส"),
    "36": (5, 4, "ชย"),
    "37": (9, 4, "อจ"),
    "38": (7, 1, "บก"),
    "39": (5, 3, "นภ"),
    "40": (6, 3, "ขก"),
    "41": (6, 2, "อด"),
    "42": (5, 2, "ลย"),
    "43": (6, 1, "นค"),
    "44": (6, 4, "มค"),
    "45": (7, 4, "รอ"),
    "46": (7, 3, "กส"),
    "47": (7, 2, "สน"),
    "48": (8, 2, "นพ"),
    "49": (8, 3, "มห"),
    "50": (1, 0, "ชม"),
    "51": (1, 1, "ลพ"),
    "52": (2, 1, "ลป"),
    "53": (3, 2, "อต"),
    "54": (3, 1, "พร"),
    "55": (4, 1, "นน"),
    "56": (3, 0, "พย"),
    "57": (2, 0, "ชร"),
    "58": (0, 0, "มส"),
    "60": (2, 3, "นว"),
    "61": (1, 4, "อน"),
    "62": (1, 3, "กพ"),
    "63": (1, 2, "ตก"),
    "64": (2, 2, "สท"),
    "65": (4, 2, "พล"),
    "66": (3, 3, "พจ"),
    "67": (4, 3, "พช"),
    "70": (1, 6, "รบ"),
    "71": (1, 5, "กจ"),
    "72": (2, 5, "สพ"),
    "73": (2, 6, "นฐ"),
    "74": (2, 7, "สค"),
    "75": (1, 7, "สส"),
    "76": (1, 8, "พบ"),
    "77": (1, 9, "ปข"),
    "80": (2, 12, "นศ"),
    "81": (1, 12, "กบ"),
    "82": (0, 12, "พง"),
    "83": (0, 13, "ภก"),
    "84": (1, 11, "สฎ"),
    "85": (0, 11, "รน"),
    "86": (1, 10, "ชพ"),
    "90": (2, 14, "สข"),
    "91": (1, 14, "สต"),
    "92": (1, 13, "ตง"),
    "93": (2, 13, "พท"),
    "94": (3, 14, "ปน"),
    "95": (3, 15, "ยล"),
    "96": (4, 15, "นธ"),
}

PALETTE: tuple[str, ...] = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_DATA = "#e0e0e0"
_STEPS = len(PALETTE)
_INK_LIGHT_FROM = 4  # steps 4 and 5 are dark enough for white labels (contrast > 4:1)

_PITCH = 40  # one grid cell, in SVG user units
_TILE = 36
_PAD = 8
_FONT = 13
_LEGEND_COL = 5.5  # the legend sits east of the peninsula, south of the east coast
_LEGEND_ROW = 10.5
_SWATCH = 16
_LINE = 22


@dataclass(frozen=True, slots=True)
class _Tile:
    code: str
    name_th: str
    abbr: str
    x: int
    y: int


@cache
def _tiles() -> tuple[_Tile, ...]:
    """The 77 tiles in DOPA code order, checked against GeoThai's province list."""
    names = {p.code: p.name_th for p in geography.provinces()}
    if set(names) != set(_TILES):
        raise RuntimeError(f"tile table and provinces differ: {set(names) ^ set(_TILES)}")
    cells = {(col, row) for col, row, _ in _TILES.values()}
    if len(cells) != len(_TILES):
        raise RuntimeError("two provinces share a tile")
    return tuple(
        _Tile(code, names[code], abbr, _PAD + col * _PITCH, _PAD + row * _PITCH)
        for code, (col, row, abbr) in sorted(_TILES.items())
    )


@cache
def _codes() -> frozenset[str]:
    return frozenset(_TILES)


def _number(value: float) -> str:
    """1234 -> '1,234'; 12.5 -> '12.5'; at most two decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _text_width(text: str, size: float) -> float:
    """A rough width: Thai marks above and below a consonant take no room."""
    return sum(0 if unicodedata.category(ch) == "Mn" else 0.6 * size for ch in text)


def _step(value: float, top: float, integral: bool) -> int:
    """1..5 for value > 0, in equal-width bins up to the largest value; 0 for none."""
    if value <= 0 or top <= 0:
        return 0
    if integral:
        return min(_STEPS, max(1, (_STEPS * int(value) + int(top) - 1) // int(top)))
    return min(_STEPS, max(1, math.ceil(_STEPS * value / top)))


def _legend_rows(top: float, integral: bool) -> list[tuple[str, str]]:
    """(fill, label) for the grey 'none' entry and each step that a value can fall in."""
    rows = [(NO_DATA, "0 / ไม่มี")]
    if top <= 0:
        return rows
    for k in range(1, _STEPS + 1):
        if integral:
            low, high = int(top) * (k - 1) // _STEPS + 1, int(top) * k // _STEPS
            if low > high:
                continue  # no whole number falls in this step
            label = _number(low) if low == high else f"{_number(low)}–{_number(high)}"
        else:
            label = f"{_number(top * (k - 1) / _STEPS)}–{_number(top * k / _STEPS)}"
        rows.append((PALETTE[k - 1], label))
    return rows


def _clean(values: Mapping[str, float | int]) -> dict[str, float | int]:
    unknown = set(values) - _codes()
    if unknown:
        raise ValueError(f"not DOPA province codes: {sorted(unknown)}")
    return {c: v for c, v in values.items() if not (isinstance(v, float) and math.isnan(v))}


def render_map(
    values: Mapping[str, float | int],
    *,
    title_th: str,
    legend_th: str,
    link: Callable[[str], str] | None = None,
    highlight: Iterable[str] = (),
) -> Markup:
    """An SVG tile map of the 77 provinces, coloured by `values` (DOPA code -> number).

    Provinces with 0, a negative number, NaN or no entry are grey. `highlight` codes get the
    class `is-highlight` and a black ring around the tile; their colour stays that of the
    value. With `link`, each tile is an <a> to `link(code)`, and the SVG is a labelled group
    (an image role would hide the links from screen readers); without it, the SVG has
    role="img". The result is escaped markup, safe to put in a Jinja page as it is.
    Unknown codes raise ValueError.
    """
    data = _clean(values)
    marked = set(highlight)
    if marked - _codes():
        raise ValueError(f"not DOPA province codes: {sorted(marked - _codes())}")
    integral = all(isinstance(v, int) or float(v).is_integer() for v in data.values())
    top = max((v for v in data.values() if v > 0), default=0)

    title = escape(title_th)
    legend = escape(legend_th)
    parts: list[str] = []
    for t in _tiles():
        value = data.get(t.code, 0)
        step = _step(value, top, integral)
        fill = PALETTE[step - 1] if step else NO_DATA
        ink = "#ffffff" if step >= _INK_LIGHT_FROM else "#333333"
        classes = f"province step-{step}" + (" is-highlight" if t.code in marked else "")
        label = escape(f"{t.name_th}: {legend_th} {_number(value)}")
        rect = (
            f'<rect class="{classes}" data-code="{t.code}" x="{t.x}" y="{t.y}" '
            f'width="{_TILE}" height="{_TILE}" rx="3" fill="{fill}">'
            f"<title>{label}</title></rect>"
            f'<text x="{t.x + _TILE // 2}" y="{t.y + _TILE // 2 + 4}" fill="{ink}" '
            f'pointer-events="none" aria-hidden="true">{escape(t.abbr)}</text>'
        )
        if t.code in marked:  # a ring in the white gap shows on any fill, light or dark
            rect += (
                f'<rect class="highlight-ring" x="{t.x - 1}" y="{t.y - 1}" '
                f'width="{_TILE + 2}" height="{_TILE + 2}" rx="4" fill="none" '
                f'stroke="#000000" stroke-width="2.5" pointer-events="none"/>'
            )
        if link is not None:
            href = escape(link(t.code))
            rect = f'<a href="{href}" aria-label="{label}">{rect}</a>'
        parts.append(rect)

    lx = round(_PAD + _LEGEND_COL * _PITCH)
    ly = round(_PAD + _LEGEND_ROW * _PITCH)
    rows = _legend_rows(top, integral)
    legend_parts = [
        f'<text class="legend-title" x="{lx}" y="{ly}" font-weight="bold">{legend}</text>'
    ]
    widest = _text_width(legend_th, _FONT)
    for i, (fill, text) in enumerate(rows):
        y = ly + 10 + i * _LINE
        legend_parts.append(
            f'<rect x="{lx}" y="{y}" width="{_SWATCH}" height="{_SWATCH}" fill="{fill}" '
            f'stroke="#999999" stroke-width="0.5"/>'
            f'<text x="{lx + _SWATCH + 6}" y="{y + _SWATCH - 3}">{escape(text)}</text>'
        )
        widest = max(widest, _SWATCH + 6 + _text_width(text, _FONT))

    cols = 1 + max(col for col, _, _ in _TILES.values())
    rows_n = 1 + max(row for _, row, _ in _TILES.values())
    width = math.ceil(max(2 * _PAD + cols * _PITCH, lx + widest + _PAD))
    height = math.ceil(max(2 * _PAD + rows_n * _PITCH, ly + 10 + len(rows) * _LINE + _PAD))
    role = 'role="group"' if link is not None else 'role="img"'
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="thaimap" {role} '
        f'aria-label="{title}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-size="{_FONT}">'
        f"<title>{title}</title>"
        f'<g class="provinces" text-anchor="middle">{"".join(parts)}</g>'
        f'<g class="legend">{"".join(legend_parts)}</g>'
        "</svg>"
    )

"""Provinces, amphoe/khet and tambon/khwaeng with DOPA codes, from PyPI's `geothai`.

Data: GeoThai (CC-BY-4.0). A leaf module that every room may import.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geothai


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    name_th: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Tambon:
    code: str
    name_th: str
    name_en: str
    district_code: str
    province_code: str


@cache
def provinces() -> tuple[Area, ...]:
    return tuple(Area(p.code, p.name_th, p.name_en) for p in geothai.provinces())


@cache
def _province_index() -> dict[str, Area]:
    return {p.code: p for p in provinces()}


@cache
def _district_index() -> dict[str, Area]:
    return {
        d.code: Area(d.code, d.name_th, d.name_en)
        for p in provinces()
        for d in geothai.districts(p.code)
    }


@cache
def _tambon_index() -> dict[str, Tambon]:
    return {
        s.code: Tambon(s.code, s.name_th, s.name_en, s.district_code, s.province_code)
        for d in _district_index()
        for s in geothai.subdistricts(d)
    }


def province(code: str) -> Area | None:
    return _province_index().get(code)


def province_name_th(code: str | None) -> str:
    """A province's Thai name for display; an unknown code shows as itself, none as ""."""
    found = province(code) if code else None
    return found.name_th if found else (code or "")


def district(code: str) -> Area | None:
    return _district_index().get(code)


def tambon(code: str) -> Tambon | None:
    return _tambon_index().get(code)


@cache
def districts_of(province_code: str) -> tuple[Area, ...]:
    return tuple(d for code, d in _district_index().items() if code[:2] == province_code)


def tambons() -> tuple[Tambon, ...]:
    return tuple(_tambon_index().values())

"""Agencies on the read side: the catalogue (code) and those the secretariat registered
(table `agencies`), as one lookup by code, and the text a person typed resolved to one."""

from __future__ import annotations

from typing import Any, ClassVar

import asyncpg

from assembly.agencies import CATALOGUE, Agency, AgencyRef, catalogued, name_key
from projections.projector import Projector, Statements, handles


class AgenciesProjector(Projector):
    name = "agencies"
    tables = ("agencies",)

    INSERT: ClassVar[str] = (
        "INSERT INTO agencies (code, name_th, abbreviations) VALUES (%s, %s, %s)"
        " ON CONFLICT (code) DO NOTHING"
    )

    @handles(Agency.Registered)
    def registered(self, e: Any, out: Statements) -> None:
        out.add(self.INSERT, (e.code, e.name_th, e.abbreviations))


async def registered(db: asyncpg.Pool) -> dict[str, AgencyRef]:
    rows = await db.fetch("SELECT code, name_th, abbreviations FROM agencies ORDER BY name_th")
    return {r[0]: AgencyRef(r[0], r[1], (r[2] or [""])[0]) for r in rows}


async def all_agencies(db: asyncpg.Pool) -> dict[str, AgencyRef]:
    """Every agency by code: the catalogue's, then the registered ones."""
    return {**CATALOGUE, **(await registered(db))}


async def find(db: asyncpg.Pool, text: str) -> AgencyRef | None:
    """The agency a code, Thai name or abbreviation names (as the write side resolves it)."""
    found = catalogued(text)
    if found is not None:
        return found
    key = name_key(text)
    rows = await db.fetch("SELECT code, name_th, abbreviations FROM agencies")
    for code, name_th, abbreviations in rows:
        if key in {name_key(n) for n in (code, name_th, *(abbreviations or []))}:
            return AgencyRef(code, name_th, (abbreviations or [""])[0])
    return None


def name_of(agencies: dict[str, AgencyRef], code: str) -> AgencyRef:
    """A code's agency; an unknown code (never expected) shows as itself."""
    return agencies.get(code) or AgencyRef(code, code, "")

"""The Atom 1.0 feed of public status changes (a submission finalized, a resolution made or
amended, an agency's answer sent, replaced or overdue), with Thai titles."""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

import asyncpg

from projections.public_detail import Change, changes

KINDS_TH = {
    "finalized": "เสนอคณะรัฐมนตรีแล้ว",
    "resolved": "คณะรัฐมนตรีมีมติ",
    "amended": "คณะรัฐมนตรีแก้ไขมติ",
    "answered": "หน่วยงานตอบข้อเสนอแนะ",
    "superseded": "หน่วยงานส่งความเห็นฉบับใหม่แทนฉบับเดิม",
    "overdue": "หน่วยงานเกินกำหนดตอบ",
}


def title_of(c: Change) -> str:
    what = KINDS_TH.get(c.kind, c.kind)
    if c.agency_th:
        what = f"{what}: {c.agency_th}"
    if c.recommendation_th:
        return f"{what} · {c.recommendation_th}"
    if c.document_number:
        return f"{what} · หนังสือที่ {c.document_number}"
    return f"{what} · ปี {c.year_be}"


def link_of(base: str, c: Change) -> str:
    if c.recommendation_id:
        return f"{base}/transparency/recommendations/{c.recommendation_id}"
    return f"{base}/transparency/{c.year_be}"


async def atom(db: asyncpg.Pool, base: str, year_be: int | None, now: datetime) -> bytes:
    found = await changes(db, year_be)
    scope = f"/{year_be}" if year_be else ""
    title = "ความเคลื่อนไหวของข้อเสนอแนะถึงคณะรัฐมนตรี" + (f" ปี {year_be}" if year_be else "")
    updated = found[0].occurred_at if found else now
    self_url, page_url = f"{base}/open{scope}/feed.atom", f"{base}/transparency{scope}"
    entries = "".join(
        "<entry>"
        f"<id>tag:assembly,2025:status/{escape(c.key)}</id>"
        f"<title>{escape(title_of(c))}</title>"
        f"<updated>{c.occurred_at.isoformat()}</updated>"
        f'<link rel="alternate" type="text/html" href="{escape(link_of(base, c))}"/>'
        f"<summary>{escape(title_of(c))}</summary>"
        "</entry>"
        for c in found
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="th">'
        f"<id>tag:assembly,2025:status{escape(scope)}</id>"
        f"<title>{escape(title)}</title>"
        f"<updated>{updated.isoformat()}</updated>"
        "<author><name>สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)</name></author>"
        f'<link rel="self" type="application/atom+xml" href="{escape(self_url)}"/>'
        f'<link rel="alternate" type="text/html" href="{escape(page_url)}"/>'
        f"{entries}</feed>"
    ).encode()

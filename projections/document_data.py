"""Build a submission's document (`projections.documents.SubmissionDocument`) from the read
model: the letter, each item with what stands behind it (provinces, councils, proposals,
households, and their ids for open data), and the summary of problems by province and theme.

A national document's items are recommendations and stand on provincial issues; a provincial
one's items are the province's issues themselves. Either way the rows below come from the
issues, so one pair of queries serves both.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import asyncpg

from assembly import geography
from assembly.thai import thai_date
from projections.documents import (
    Backing,
    Item,
    Letter,
    SubmissionDocument,
    SummaryRow,
    decode,
)
from projections.editions import get as edition_view
from projections.submissions import SubmissionView, signatory_names

NO_CATEGORY_TH = "ไม่ระบุหมวด"
TO_CABINET = "สมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ"

# item id -> its issues (for a provincial document, an issue stands for itself)
_ISSUES_OF_RECOMMENDATIONS = (
    "SELECT ri.recommendation_id::text, i.id::text, i.province_code, i.category"
    " FROM recommendation_issues ri JOIN issues i ON i.id = ri.issue_id"
    " WHERE ri.recommendation_id = ANY($1::uuid[])"
)
_ISSUES_THEMSELVES = (
    "SELECT i.id::text, i.id::text, i.province_code, i.category FROM issues i"
    " WHERE i.id = ANY($1::uuid[])"
)
_PROPOSALS = (
    "SELECT ip.issue_id::text, p.id::text, p.council_id::text,"
    " coalesce(p.affected_households, 0) FROM issue_proposals ip"
    " JOIN proposals p ON p.id = ip.proposal_id WHERE ip.issue_id = ANY($1::uuid[])"
    " ORDER BY p.id"
)


class _Behind:
    """What stands behind one item or one (province, theme): distinct everything."""

    def __init__(self) -> None:
        self.issues: set[str] = set()
        self.provinces: set[str] = set()
        self.proposals: dict[str, int] = {}  # proposal id -> households
        self.councils: set[str] = set()

    def add_issue(self, issue: str, province: str, proposals: list[tuple[str, str, int]]) -> None:
        self.issues.add(issue)
        self.provinces.add(province)
        for proposal, council, households in proposals:
            self.proposals[proposal] = households
            self.councils.add(council)

    def backing(self) -> Backing:
        return Backing(
            provinces=len(self.provinces),
            councils=len(self.councils),
            proposals=len(self.proposals),
            households=sum(self.proposals.values()),
        )


async def build(db: asyncpg.Pool, view: SubmissionView) -> SubmissionDocument:
    edition = await edition_view(db, view.year_be)
    categories = {c.code: c.name_th for c in edition.categories} if edition else {}
    ids = [i.id for i in view.items]
    rows = await db.fetch(
        _ISSUES_OF_RECOMMENDATIONS if view.province_code is None else _ISSUES_THEMSELVES, ids
    )
    issue_ids = sorted({r[1] for r in rows})
    proposals: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for issue, proposal, council, households in await db.fetch(_PROPOSALS, issue_ids):
        proposals[issue].append((proposal, council, households))

    per_item: dict[str, _Behind] = defaultdict(_Behind)
    per_theme: dict[tuple[str, str | None], _Behind] = defaultdict(_Behind)
    everything = _Behind()
    seen_issues: set[str] = set()
    for item, issue, province, category in rows:
        per_item[item].add_issue(issue, province, proposals[issue])
        if issue not in seen_issues:  # an issue behind two recommendations counts once
            seen_issues.add(issue)
            per_theme[(province, category)].add_issue(issue, province, proposals[issue])
            everything.add_issue(issue, province, proposals[issue])

    return SubmissionDocument(
        id=view.id,
        kind="national" if view.province_code is None else "provincial",
        year_be=view.year_be,
        edition_title_th=edition.title_th if edition else f"{TO_CABINET} ประจำปี {view.year_be}",
        province_code=view.province_code,
        province_th=_province(view.province_code),
        version=view.version,
        final=view.final,
        corrects=await _corrects(db, view.corrects),
        letter=await _letter(db, view),
        enclosure_title=_enclosure_title(view, edition.title_th if edition else None),
        summary=_summary(per_theme, categories),
        items=[_item(n, i, per_item[i.id]) for n, i in enumerate(view.items, 1)],
        totals=everything.backing(),
    )


def _province(code: str | None) -> str | None:
    if code is None:
        return None
    found = geography.province(code)
    return found.name_th if found else code


def _item(number: int, item: Any, behind: _Behind) -> Item:
    return Item(
        number=number,
        id=item.id,
        version=item.version,
        title_th=item.title_th,
        text_th=item.text_th,
        agencies=list(item.agencies),
        provinces=[_province(p) or p for p in sorted(behind.provinces)],
        backing=behind.backing(),
        issue_ids=sorted(behind.issues),
        proposal_ids=sorted(behind.proposals),
        council_ids=sorted(behind.councils),
    )


def _summary(
    per_theme: dict[tuple[str, str | None], _Behind], categories: dict[str, str]
) -> list[SummaryRow]:
    rows = [
        SummaryRow(
            province_code=province,
            province_th=_province(province) or province,
            category=category,
            category_th=categories.get(category or "", category or NO_CATEGORY_TH),
            issues=len(behind.issues),
            backing=behind.backing(),
        )
        for (province, category), behind in per_theme.items()
    ]
    return sorted(rows, key=lambda r: (r.province_code, r.category_th))


async def _letter(db: asyncpg.Pool, view: SubmissionView) -> Letter:
    fields = view.letter
    signer = fields.get("signatory_id")
    names = await signatory_names(db, [signer]) if signer else {}
    return Letter(
        number=view.document_number or "",
        owner_unit=fields.get("owner_unit", ""),
        dated=view.dated,
        subject=fields.get("subject_th", ""),
        to=fields.get("to_th", ""),
        reference=fields.get("reference_th", ""),
        enclosures=list(fields.get("enclosures", [])),
        body=list(fields.get("body", [])),
        signatory_name=names.get(signer, "") if signer else "",
        signatory_position=fields.get("signatory_position", ""),
        department=fields.get("department", ""),
        phone=fields.get("phone", ""),
        fax=fields.get("fax", ""),
        email=fields.get("email", ""),
    )


async def _corrects(db: asyncpg.Pool, corrected: str | None) -> str | None:
    if corrected is None:
        return None
    row = await db.fetchrow(
        "SELECT document_number, dated FROM submissions WHERE id = $1::uuid", corrected
    )
    if row is None or row[0] is None:
        return None
    return f"ที่ {row[0]} ลงวันที่ {thai_date(row[1])}"


def _enclosure_title(view: SubmissionView, edition_title: str | None) -> str:
    where = f" จังหวัด{_province(view.province_code)}" if view.province_code else ""
    return f"ข้อเสนอแนะจาก{edition_title or TO_CABINET}{where}"


async def document_of(db: asyncpg.Pool, view: SubmissionView) -> SubmissionDocument:
    """The document as it prints: a finalized submission's frozen one (the same bytes every
    time), a draft's as the read model stands now. Outside the web too (the CLI)."""
    if view.final and view.document_sha256:
        data = await db.fetchval("SELECT data FROM files WHERE sha256 = $1", view.document_sha256)
        if data is not None:
            return decode(bytes(data))
    return await build(db, view)

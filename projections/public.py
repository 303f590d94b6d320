"""The public transparency pages' read side: the revision their cache keys on, and the
national figures of an edition (what was asked, what came of it, counted by theme, province
and status) with, across every edition, how often each theme came back unanswered.

Only public facts are read here: open provincial issues, recommendations, finalized
submissions, resolutions and sent answers (`followups.standings` leaves drafts out).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, ClassVar

import asyncpg
import msgspec

from projections.followups import STATUS_TH, Standing, Status, standings, today
from projections.projector import Projector, Statements
from projections.recommendations import Backing, recommendations

# Events in these modules change what the public pages show; a draft answer does not.
_PUBLIC_MODULES = (
    "assembly.consolidation",
    "assembly.recommendations",
    "assembly.submissions",
    "assembly.responses",
    "assembly.agencies",
    "assembly.councils",
    "assembly.editions",
)
_PRIVATE = ("AnswerDrafted",)


class PublicProjector(Projector):
    """Bumps `public_revision` to the notification id of every event that changes a public
    page. The runner applies every projector of a batch in one transaction, so the new
    revision is never visible before the rows it stands for: a page cached under it is
    whole."""

    name = "public"
    tables = ("public_revision",)

    BUMP: ClassVar[str] = (
        "INSERT INTO public_revision (id, revision) VALUES (1, %s)"
        " ON CONFLICT (id) DO UPDATE SET revision = greatest(public_revision.revision,"
        " EXCLUDED.revision)"
    )

    def wants(self, topic: str) -> bool:
        module, _, name = topic.partition(":")
        return module.startswith(_PUBLIC_MODULES) and not name.endswith(_PRIVATE)

    def apply(self, topic: str, event: Any, out: Statements) -> None:
        # Once per batch (the newest id): a row updated a thousand times in one
        # transaction leaves a chain of versions that each later update walks.
        out.at_end(self.BUMP, (out.notification_id,))


async def revision(db: asyncpg.Pool) -> int:
    """The public pages' revision: one primary-key read."""
    return int(await db.fetchval("SELECT revision FROM public_revision WHERE id = 1") or 0)


# --- an edition's figures ---


class PublicRecommendation(msgspec.Struct, frozen=True, kw_only=True):
    """One recommendation as the public sees it: what was asked, by how many, what came."""

    id: str
    year_be: int
    title_th: str
    theme: str | None
    from_paper_record: bool
    backing: Backing
    status: Status
    status_th: str
    submission_id: str | None
    resolved_on: date | None
    decision_th: str | None
    agencies: int  # assigned
    answered: int
    overdue: int


class Count(msgspec.Struct, frozen=True):
    key: str
    label_th: str
    count: int


class UnansweredTheme(msgspec.Struct, frozen=True):
    """A theme across every edition: how many of its recommendations the Cabinet assigned,
    how many of those no agency answered or an agency let pass its date, in which years."""

    theme: str
    label_th: str
    assigned: int
    unanswered: int
    years: list[int]


class NationalFigures(msgspec.Struct, frozen=True, kw_only=True):
    year_be: int
    recommendations: list[PublicRecommendation]
    by_status: list[Count]
    by_theme: list[Count]
    by_province: dict[str, int]  # province code -> recommendations standing on its issues
    totals: Backing
    unanswered_themes: list[UnansweredTheme]


_THEMES = (
    "SELECT r.id::text, coalesce(r.category, (SELECT i.category FROM recommendation_issues ri"
    "  JOIN issues i ON i.id = ri.issue_id WHERE ri.recommendation_id = r.id"
    "  AND i.category IS NOT NULL GROUP BY i.category ORDER BY count(*) DESC, i.category"
    "  LIMIT 1), (SELECT p.category FROM recommendation_issues ri"
    "  JOIN issue_proposals ip ON ip.issue_id = ri.issue_id"
    "  JOIN proposals p ON p.id = ip.proposal_id"
    "  WHERE ri.recommendation_id = r.id AND p.category IS NOT NULL"
    "  GROUP BY p.category ORDER BY count(*) DESC, p.category LIMIT 1)) FROM recommendations r"
)


async def themes_of(db: asyncpg.Pool, year_be: int | None) -> dict[str, str | None]:
    """Each recommendation's theme: its own category (a paper record's), else the most
    common category of its provincial issues, else (issues with none) of their proposals."""
    if year_be is None:
        rows = await db.fetch(_THEMES)
    else:
        rows = await db.fetch(_THEMES + " WHERE r.year_be = $1", year_be)
    return {r[0]: r[1] for r in rows}


def public_recommendation(
    view: Any, theme: str | None, standing: Standing | None
) -> PublicRecommendation:
    answers = standing.answers if standing else []
    status = standing.status if standing else Status.DRAFTED
    resolution = standing.resolution if standing else None
    return PublicRecommendation(
        id=view.id,
        year_be=view.year_be,
        title_th=view.title_th,
        theme=theme,
        from_paper_record=view.from_paper_record,
        backing=view.backing,
        status=status,
        status_th=STATUS_TH[status],
        submission_id=standing.submission_id if standing else None,
        resolved_on=resolution.resolved_on if resolution else None,
        decision_th=resolution.decision_th if resolution else None,
        agencies=len(answers),
        answered=sum(1 for a in answers if a.number is not None),
        overdue=sum(1 for a in answers if a.overdue),
    )


async def edition_recommendations(
    db: asyncpg.Pool, year_be: int, on: date | None = None
) -> list[PublicRecommendation]:
    views = await recommendations(db, year_be)
    themes = await themes_of(db, year_be)
    where = await standings(db, [v.id for v in views], on)
    return [public_recommendation(v, themes.get(v.id), where.get(v.id)) for v in views]


async def national_figures(
    db: asyncpg.Pool, year_be: int, labels: dict[str, str], on: date | None = None
) -> NationalFigures:
    recs = await edition_recommendations(db, year_be, on)
    statuses = Counter(r.status for r in recs)
    themes = Counter(r.theme or "" for r in recs)
    rows = await db.fetch(
        "SELECT i.province_code, count(DISTINCT ri.recommendation_id)"
        " FROM recommendation_issues ri JOIN issues i ON i.id = ri.issue_id"
        " JOIN recommendations r ON r.id = ri.recommendation_id WHERE r.year_be = $1"
        " GROUP BY i.province_code",
        year_be,
    )
    totals = await db.fetchrow(
        "SELECT count(DISTINCT i.province_code), count(DISTINCT i.id),"
        " coalesce(sum(i.proposal_count), 0), coalesce(sum(i.households), 0)"
        " FROM issues i WHERE i.id IN (SELECT ri.issue_id FROM recommendation_issues ri"
        " JOIN recommendations r ON r.id = ri.recommendation_id WHERE r.year_be = $1)",
        year_be,
    )
    councils = await db.fetchval(
        "SELECT count(DISTINCT ip.council_id) FROM issue_proposals ip WHERE ip.issue_id IN"
        " (SELECT ri.issue_id FROM recommendation_issues ri JOIN recommendations r"
        " ON r.id = ri.recommendation_id WHERE r.year_be = $1)",
        year_be,
    )
    return NationalFigures(
        year_be=year_be,
        recommendations=recs,
        by_status=[Count(s.value, STATUS_TH[s], statuses[s]) for s in Status if statuses[s]],
        by_theme=[
            Count(t, theme_label(t, labels), n)
            for t, n in sorted(themes.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        by_province={r[0]: int(r[1]) for r in rows},
        totals=Backing(int(totals[0]), int(totals[1]), int(councils or 0), *map(int, totals[2:])),
        unanswered_themes=await unanswered_themes(db, labels, on),
    )


def theme_label(theme: str | None, labels: dict[str, str]) -> str:
    if not theme:
        return "ไม่ระบุหมวด"
    return labels.get(theme, theme)


async def unanswered_themes(
    db: asyncpg.Pool, labels: dict[str, str], on: date | None = None
) -> list[UnansweredTheme]:
    """Across every edition: per theme, the recommendations the Cabinet assigned, and those
    whose agencies never answered or let an answer pass its date."""
    now = on or today()
    rows = await db.fetch(
        "SELECT a.recommendation_id::text, min(a.year_be), count(a.number),"
        " count(*) FILTER (WHERE a.number IS NULL AND a.due_on < $1)"
        " FROM assignments a GROUP BY a.recommendation_id",
        now,
    )
    themes = await themes_of(db, None)
    found: dict[str, list[Any]] = {}
    for rid, year, answered, overdue in rows:
        theme = themes.get(rid) or ""
        entry = found.setdefault(theme, [0, 0, set()])
        entry[0] += 1
        if answered == 0 or overdue:
            entry[1] += 1
            entry[2].add(int(year))
    out = [
        UnansweredTheme(t, theme_label(t, labels), n, u, sorted(years))
        for t, (n, u, years) in found.items()
    ]
    out.sort(key=lambda t: (-t.unanswered, -t.assigned, t.theme))
    return out

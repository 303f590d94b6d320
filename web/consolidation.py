"""Consolidation over HTTP: the JSON API for provincial issues (create, attach, detach, move,
merge, split, dissolve, revise, rank), the machine's suggestions, provenance, and any issue or
province's consolidation as it stood at a chosen moment."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import anyio.to_thread
import msgspec
from litestar import Request, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from assembly import geography, policy
from assembly.actors import Actor, Role
from assembly.commands import Command, parse
from assembly.consolidation import (
    MAX_PROPOSALS,
    AttachProposal,
    CreateIssue,
    DetachProposal,
    DissolveIssue,
    IssueCommand,
    IssueText,
    IssueTitle,
    MergeIssues,
    MoveProposal,
    ProvincialIssue,
    RankIssues,
    RejectSuggestion,
    ReviseIssue,
    SplitIssue,
    as_of,
)
from assembly.editions import FinalizeEdition
from assembly.errors import DomainError, Forbidden, Invalid, NotFound, Unauthenticated
from assembly.proposals import CategoryCode
from assembly.thai import BANGKOK
from projections import consolidation, proposals, recommendations
from projections.consolidation import IssueEntry, IssueProposal, IssueView
from projections.recommendations import Up
from projections.suggestions import suggest
from web.pages import PUBLIC, fields_of, form_data, page, refusal_status, wants_block
from web.services import actor_of, run, services

# --- bodies (commands' shapes without what the path says) ---


class IssueIn(IssueCommand, kw_only=True):
    title_th: IssueTitle
    summary_th: IssueText = ""
    category: CategoryCode | None = None
    proposal_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=MAX_PROPOSALS)]
    from_suggestion: bool = False
    issue_id: UUID | None = None


class ReviseIn(IssueCommand, kw_only=True):
    version: Annotated[int, msgspec.Meta(ge=1)]
    title_th: IssueTitle
    summary_th: IssueText = ""
    recommendation_th: IssueText = ""
    category: CategoryCode | None = None


class ProposalRef(IssueCommand):
    proposal_id: UUID


class MoveIn(IssueCommand):
    to_issue_id: UUID


class MergeIn(IssueCommand):
    into_issue_id: UUID


class SplitIn(IssueCommand, kw_only=True):
    proposal_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=MAX_PROPOSALS)]
    title_th: IssueTitle
    new_issue_id: UUID | None = None


class RankingIn(IssueCommand):
    issue_ids: Annotated[list[UUID], msgspec.Meta(max_length=MAX_PROPOSALS)]


class ProposalIdsIn(IssueCommand):
    proposal_ids: Annotated[list[UUID], msgspec.Meta(min_length=2, max_length=MAX_PROPOSALS)]


# --- answers ---


class IssueRef(msgspec.Struct):
    id: str
    version: int
    status: str


class IssueOut(msgspec.Struct):
    issue: IssueView
    proposals: list[IssueProposal]
    councils: int
    history: list[IssueEntry]
    recommendations: list[Up]  # where it went: the national recommendations standing on it


class IssueList(msgspec.Struct):
    items: list[IssueView]


class Provenance(msgspec.Struct):
    """Where a proposal went: its issue (following merges) and the recommendations on it."""

    proposal_id: str
    status: str
    issue: IssueView | None
    recommendations: list[Up]


class IssueThen(msgspec.Struct):
    """An issue as it stood at a moment, and what changed since."""

    id: str
    existed: bool
    title_th: str | None
    status: str | None
    proposal_ids: list[str]
    title_now: str | None
    status_now: str | None
    added_since: list[str]  # proposals in it now that were not then
    removed_since: list[str]  # proposals in it then that are not now
    text_changed: bool  # title, summary, recommendation or theme changed since


class AsItStood(msgspec.Struct):
    at: datetime
    issues: list[IssueThen]


class Member(msgspec.Struct):
    id: str
    title_th: str


class SuggestionOut(msgspec.Struct):
    """A group of likely duplicates the machine proposes, and why (the words they share)."""

    proposal_ids: list[str]
    score: float
    key_words: list[str]
    title_th: str
    proposals: list[Member]


class SuggestionList(msgspec.Struct):
    items: list[SuggestionOut]
    unconsolidated: int


class ProvinceSummary(msgspec.Struct):
    """API.md's province summary: its issues, counts and statuses."""

    year_be: int
    province_code: str
    province_name_th: str
    issues: list[IssueView]
    proposals_by_status: dict[str, int]
    unconsolidated: int


# --- helpers ---


def _province(code: str) -> str:
    found = geography.province(code)
    if found is None:
        raise NotFound(f"ไม่พบจังหวัดรหัส {code}", field="province_code")
    return found.name_th


async def _issue_view(request: Request[Any, Any, Any], issue_id: UUID) -> IssueView:
    found = await consolidation.issue(services(request).db, str(issue_id))
    if found is None:
        raise NotFound("ไม่พบประเด็นนี้", field="issue_id")
    return found


async def _ref(request: Request[Any, Any, Any], issue_id: UUID) -> IssueRef:
    view = await _issue_view(request, issue_id)
    return IssueRef(view.id, view.version, view.status)


def _moment(at: str) -> datetime:
    """An ISO 8601 moment; one without an offset is Bangkok time."""
    text = at.strip()
    if re.search(r"\d [0-9]{2}:?[0-9]{2}$", text):  # a "+07:00" that arrived unencoded as " 07:00"
        text = text[: text.rindex(" ")] + "+" + text[text.rindex(" ") + 1 :]
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Invalid(
            "รูปแบบวันเวลาไม่ถูกต้อง ใช้แบบ ISO 8601 เช่น 2570-01-15T09:00 หรือ 2027-01-15T09:00+07:00",
            field="at",
        ) from None
    if moment.year > 2400:  # a Buddhist-era year
        moment = moment.replace(year=moment.year - 543)
    return moment if moment.tzinfo else moment.replace(tzinfo=BANGKOK)


# --- issues ---


@post(
    "/api/v1/editions/{year_be:int}/provinces/{code:str}/issues",
    status_code=201,
    tags=["consolidation"],
)
async def create_api(
    request: Request[Any, Any, Any],
    year_be: FromPath[int],
    code: FromPath[str],
    data: JSONBody[IssueIn],
) -> IssueRef:
    """Group submitted proposals of the province into a new provincial issue."""
    fields = fields_of(data, "issue_id")
    command = CreateIssue(year_be=year_be, province_code=code, **fields)
    await run(request, command)
    return await _ref(request, command.issue_id)


@get(
    "/api/v1/editions/{year_be:int}/provinces/{code:str}/issues",
    tags=["consolidation"],
    opt=PUBLIC,
)
async def list_api(
    request: Request[Any, Any, Any],
    year_be: FromPath[int],
    code: FromPath[str],
    include_closed: FromQuery[bool] = False,
) -> IssueList:
    """The province's issues in its ranking (merged and dissolved ones with `include_closed`)."""
    _province(code)
    found = await consolidation.issues_of_province(
        services(request).db, year_be, code, open_only=not include_closed
    )
    return IssueList(found)


@get("/api/v1/issues/{issue_id:uuid}", tags=["consolidation"], opt=PUBLIC)
async def issue_api(request: Request[Any, Any, Any], issue_id: FromPath[UUID]) -> IssueOut:
    """The issue with its proposals, councils, timeline and where it went."""
    return await issue_out(request, issue_id)


async def issue_out(request: Request[Any, Any, Any], issue_id: UUID) -> IssueOut:
    db = services(request).db
    view = await _issue_view(request, issue_id)
    held = (await consolidation.issue_proposals(db, [view.id]))[view.id]
    return IssueOut(
        view,
        held,
        len({p.council_id for p in held}),
        await consolidation.history(db, view.id),
        await recommendations.recommendations_of_issue(db, view.id),
    )


@put("/api/v1/issues/{issue_id:uuid}", tags=["consolidation"])
async def revise_api(
    request: Request[Any, Any, Any], issue_id: FromPath[UUID], data: JSONBody[ReviseIn]
) -> IssueRef:
    """Write the title, summary, recommendation and theme. `version` is the version you
    edited: if someone saved since, the answer is 409 `stale` and nothing is overwritten."""
    await run(request, ReviseIssue(issue_id=issue_id, **msgspec.structs.asdict(data)))
    return await _ref(request, issue_id)


@post("/api/v1/issues/{issue_id:uuid}/proposals", status_code=200, tags=["consolidation"])
async def attach_api(
    request: Request[Any, Any, Any], issue_id: FromPath[UUID], data: JSONBody[ProposalRef]
) -> IssueRef:
    """Attach a submitted proposal of the province that is in no issue yet."""
    await run(request, AttachProposal(issue_id=issue_id, proposal_id=data.proposal_id))
    return await _ref(request, issue_id)


@delete(
    "/api/v1/issues/{issue_id:uuid}/proposals/{proposal_id:uuid}",
    status_code=200,
    tags=["consolidation"],
)
async def detach_api(
    request: Request[Any, Any, Any], issue_id: FromPath[UUID], proposal_id: FromPath[UUID]
) -> IssueRef:
    """Detach a proposal: it goes back to the unconsolidated ones (its lineage is kept)."""
    await run(request, DetachProposal(issue_id=issue_id, proposal_id=proposal_id))
    return await _ref(request, issue_id)


@post("/api/v1/proposals/{proposal_id:uuid}/move", status_code=200, tags=["consolidation"])
async def move_api(
    request: Request[Any, Any, Any], proposal_id: FromPath[UUID], data: JSONBody[MoveIn]
) -> IssueRef:
    """Move a proposal from its issue into another issue of the province."""
    await run(request, MoveProposal(proposal_id=proposal_id, to_issue_id=data.to_issue_id))
    return await _ref(request, data.to_issue_id)


@post("/api/v1/issues/{issue_id:uuid}/merge", status_code=200, tags=["consolidation"])
async def merge_api(
    request: Request[Any, Any, Any], issue_id: FromPath[UUID], data: JSONBody[MergeIn]
) -> IssueRef:
    """Merge this issue into `into_issue_id` (answers the issue that holds them now)."""
    await run(request, MergeIssues(issue_id=issue_id, into_issue_id=data.into_issue_id))
    return await _ref(request, data.into_issue_id)


@post("/api/v1/issues/{issue_id:uuid}/split", status_code=201, tags=["consolidation"])
async def split_api(
    request: Request[Any, Any, Any], issue_id: FromPath[UUID], data: JSONBody[SplitIn]
) -> IssueRef:
    """Some of the issue's proposals become a new issue (answers the new one)."""
    fields = fields_of(data, "new_issue_id")
    command = SplitIssue(issue_id=issue_id, **fields)
    await run(request, command)
    return await _ref(request, command.new_issue_id)


@post("/api/v1/issues/{issue_id:uuid}/dissolve", status_code=200, tags=["consolidation"])
async def dissolve_api(request: Request[Any, Any, Any], issue_id: FromPath[UUID]) -> IssueRef:
    """Undo an issue: its proposals go back to the unconsolidated ones."""
    await run(request, DissolveIssue(issue_id=issue_id))
    return await _ref(request, issue_id)


@put("/api/v1/editions/{year_be:int}/provinces/{code:str}/ranking", tags=["consolidation"])
async def rank_api(
    request: Request[Any, Any, Any],
    year_be: FromPath[int],
    code: FromPath[str],
    data: JSONBody[RankingIn],
) -> IssueList:
    """The province's order of its issues, most important first."""
    await run(request, RankIssues(year_be=year_be, province_code=code, issue_ids=data.issue_ids))
    return IssueList(await consolidation.issues_of_province(services(request).db, year_be, code))


@post(
    "/api/v1/editions/{year_be:int}/provinces/{code:str}/suggestions/reject",
    status_code=200,
    tags=["consolidation"],
)
async def reject_api(
    request: Request[Any, Any, Any],
    year_be: FromPath[int],
    code: FromPath[str],
    data: JSONBody[ProposalIdsIn],
) -> dict[str, str]:
    """Turn a suggested group down: it will not be suggested again."""
    await run(
        request,
        RejectSuggestion(year_be=year_be, province_code=code, proposal_ids=data.proposal_ids),
    )
    return {"status": "rejected"}


@post("/api/v1/editions/{year_be:int}/finalize", status_code=200, tags=["consolidation"])
async def finalize_api(request: Request[Any, Any, Any], year_be: FromPath[int]) -> dict[str, str]:
    """The edition's submission is final: consolidation is frozen from now on."""
    await run(request, FinalizeEdition(year_be=year_be))
    return {"status": "finalized"}


# --- suggestions ---


async def suggestions_for(
    request: Request[Any, Any, Any], year_be: int, code: str
) -> SuggestionList:
    """The machine's groups for the province's unconsolidated proposals (computed in a
    thread; kept until the pile or the rejections change)."""
    actor = actor_of(request)
    if actor.role not in BOARD_ROLES:
        raise Forbidden("ข้อเสนอแนะการรวมสำหรับผู้ประสานงานจังหวัดและเจ้าหน้าที่")
    policy.check_scope(actor, province_code=code)
    _province(code)
    svc = services(request)
    items = await consolidation.pile_items(svc.db, year_be, code)
    rejected = await consolidation.rejected(svc.db, year_be, code)
    key = frozenset(i.id for i in items) | frozenset(f"x:{sorted(r)}" for r in rejected)
    kept = svc.suggestions.get((year_be, code))
    if kept is None or kept[0] != key:
        found = await anyio.to_thread.run_sync(lambda: suggest(items, rejected=rejected))
        svc.suggestions[(year_be, code)] = kept = (key, found)
    titles = {i.id: i.title for i in items}
    return SuggestionList(
        [
            SuggestionOut(
                s.proposal_ids,
                round(s.score, 3),
                s.key_words,
                s.title_th,
                [Member(pid, titles.get(pid, "")) for pid in s.proposal_ids],
            )
            for s in kept[1]
        ],
        len(items),
    )


@get(
    "/api/v1/editions/{year_be:int}/provinces/{code:str}/suggestions",
    tags=["consolidation"],
)
async def suggestions_api(
    request: Request[Any, Any, Any], year_be: FromPath[int], code: FromPath[str]
) -> SuggestionList:
    """Groups of likely duplicates among the province's unconsolidated proposals, each with
    the key words its members share. Accept one by creating an issue from its
    `proposal_ids` (with `from_suggestion`); turn it down with `suggestions/reject`."""
    return await suggestions_for(request, year_be, code)


# --- provenance and history ---


@get("/api/v1/proposals/{proposal_id:uuid}/provenance", tags=["consolidation"], opt=PUBLIC)
async def provenance_api(
    request: Request[Any, Any, Any], proposal_id: FromPath[UUID]
) -> Provenance:
    """Where the proposal went: its provincial issue and the national recommendations on it."""
    return await provenance(request, proposal_id)


async def provenance(request: Request[Any, Any, Any], proposal_id: UUID) -> Provenance:
    db = services(request).db
    view = await proposals.get(db, str(proposal_id), actor_of(request))
    if view is None:
        raise NotFound("ไม่พบข้อเสนอนี้ หรือคุณไม่มีสิทธิ์ดู", field="proposal_id")
    issue = await consolidation.issue_of_proposal(db, view.id)
    ups = await recommendations.recommendations_of_issue(db, issue.id) if issue else []
    return Provenance(view.id, view.status, issue, ups)


@get(
    "/api/v1/editions/{year_be:int}/provinces/{code:str}/summary",
    tags=["consolidation"],
    opt=PUBLIC,
)
async def summary_api(
    request: Request[Any, Any, Any], year_be: FromPath[int], code: FromPath[str]
) -> ProvinceSummary:
    """The province's issues, counts and statuses (public)."""
    name = _province(code)
    db = services(request).db
    counts = await proposals.counts(db, year_be, code)
    return ProvinceSummary(
        year_be,
        code,
        name,
        await consolidation.issues_of_province(db, year_be, code),
        counts["status"],
        counts["status"].get("submitted", 0),
    )


@get("/api/v1/issues/{issue_id:uuid}/as-of", tags=["consolidation"], opt=PUBLIC)
async def issue_as_of_api(
    request: Request[Any, Any, Any], issue_id: FromPath[UUID], at: FromQuery[str]
) -> AsItStood:
    """The issue as it stood at `at` (replayed from its events), with what changed since."""
    moment = _moment(at)
    await _issue_view(request, issue_id)
    return AsItStood(moment, await _as_it_stood(request, [issue_id], moment))


@get(
    "/api/v1/editions/{year_be:int}/provinces/{code:str}/as-of",
    tags=["consolidation"],
    opt=PUBLIC,
)
async def province_as_of_api(
    request: Request[Any, Any, Any], year_be: FromPath[int], code: FromPath[str], at: FromQuery[str]
) -> AsItStood:
    """The province's whole consolidation as it stood at `at`, with what changed since."""
    _province(code)
    moment = _moment(at)
    return AsItStood(moment, await province_as_it_stood(request, year_be, code, moment))


async def province_as_it_stood(
    request: Request[Any, Any, Any], year_be: int, code: str, moment: datetime
) -> list[IssueThen]:
    every = await consolidation.issues_of_province(
        services(request).db, year_be, code, open_only=False
    )
    ids = [UUID(i.id) for i in every if i.created_at <= moment or i.status == "open"]
    return await _as_it_stood(request, ids, moment)


async def _as_it_stood(
    request: Request[Any, Any, Any], issue_ids: list[UUID], moment: datetime
) -> list[IssueThen]:
    app = services(request).assembly

    def replay() -> list[tuple[ProvincialIssue | None, ProvincialIssue | None]]:
        pairs = []
        now = app.load_many(issue_ids)
        for iid in issue_ids:
            then = as_of(app, iid, moment)
            current = now.get(iid)
            pairs.append(
                (
                    then if isinstance(then, ProvincialIssue) else None,
                    current if isinstance(current, ProvincialIssue) else None,
                )
            )
        return pairs

    out = []
    for iid, (then, now) in zip(issue_ids, await anyio.to_thread.run_sync(replay), strict=True):
        then_ids = {str(p) for p in then.proposal_ids} if then else set()
        now_ids = {str(p) for p in now.proposal_ids} if now else set()
        out.append(
            IssueThen(
                id=str(iid),
                existed=then is not None,
                title_th=then.title_th if then else None,
                status=then.status.value if then else None,
                proposal_ids=sorted(then_ids),
                title_now=now.title_th if now else None,
                status_now=now.status.value if now else None,
                added_since=sorted(now_ids - then_ids),
                removed_since=sorted(then_ids - now_ids),
                text_changed=bool(then and now and _text(then) != _text(now)),
            )
        )
    return out


def _text(issue: ProvincialIssue) -> tuple[str, str, str, str | None]:
    return (issue.title_th, issue.summary_th, issue.recommendation_th, issue.category)


# --- pages: the coordinator's board and the issue page ---

BOARD_ROLES = (Role.COORDINATOR, Role.ORGANIZER, Role.ADMIN)
UNCONSOLIDATED_SHOWN = 200


def _may_edit(actor: Actor, province_code: str) -> bool:
    return policy.may(CreateIssue, actor) and (
        actor.role is not Role.COORDINATOR or actor.province_code == province_code
    )


async def _board_context(
    request: Request[Any, Any, Any], code: str, error: DomainError | None = None
) -> dict[str, Any]:
    actor = actor_of(request)
    if actor.role not in BOARD_ROLES:
        raise Forbidden("หน้านี้สำหรับผู้ประสานงานจังหวัดและเจ้าหน้าที่")
    policy.check_scope(actor, province_code=code)
    province = geography.province(code)
    if province is None:
        raise NotFound(f"ไม่พบจังหวัดรหัส {code}")
    svc = services(request)
    edition = await services(request).current_edition()
    issues = await consolidation.issues_of_province(svc.db, edition.year_be, code)
    return {
        "edition": edition,
        "province": province,
        "issues": issues,
        "held": await consolidation.issue_proposals(svc.db, [i.id for i in issues]),
        "pile": await consolidation.unconsolidated(
            svc.db, edition.year_be, code, limit=UNCONSOLIDATED_SHOWN
        ),
        "pile_count": await consolidation.unconsolidated_count(svc.db, edition.year_be, code),
        "categories": {c.code: c.name_th for c in edition.categories},
        "may_edit": _may_edit(actor, code) and edition.finalized_at is None,
        "finalized": edition.finalized_at is not None,
        "error": error,
        "status_th": consolidation.STATUS_TH,
    }


async def board_page_for(
    request: Request[Any, Any, Any], code: str, error: DomainError | None = None
) -> Template:
    context = await _board_context(request, code, error)
    status = refusal_status(error)
    return page(request, "consolidation/board.html", context, block="board", status_code=status)


@get("/provinces/{code:str}/board/suggestions", name="board_suggestions")
async def suggestions_fragment(
    request: Request[Any, Any, Any], code: FromPath[str], every: FromQuery[bool] = False
) -> Template:
    """The board's panel of suggestions (loaded after the board, as it may take a moment):
    the five strongest there, every one on its own page."""
    edition = await services(request).current_edition()
    found = await suggestions_for(request, edition.year_be, code)
    return page(
        request,
        "consolidation/suggestions.html",
        {
            "found": found,
            "code": code,
            "may_edit": _may_edit(actor_of(request), code) and edition.finalized_at is None,
            "limit": 1000 if every or not wants_block(request) else 5,
        },
        block="panel",
    )


@post("/provinces/{code:str}/board/suggestions/reject")
async def reject_form(request: Request[Any, Any, Any], code: FromPath[str]) -> Response[Any]:
    values = await form_data(request, multi=("proposal_ids",))
    edition = await services(request).current_edition()
    try:
        command = parse(
            RejectSuggestion,
            {
                "year_be": edition.year_be,
                "province_code": code,
                "proposal_ids": _ids(values, "proposal_ids"),
            },
        )
    except DomainError as exc:
        return await board_page_for(request, code, exc)
    return await _act(request, code, command, values)


@get("/provinces/{code:str}/board", name="board")
async def board_page(request: Request[Any, Any, Any], code: FromPath[str]) -> Template:
    """The coordinator's board: unconsolidated proposals beside the province's issues."""
    return await board_page_for(request, code)


def _back(values: dict[str, Any], fallback: str) -> str:
    """Where a plain form goes after the action: a local path only."""
    back = str(values.get("back") or "")
    return back if back.startswith("/") and not back.startswith("//") else fallback


def _ids(values: dict[str, Any], name: str) -> list[str]:
    found = values.get(name, [])
    return [str(v) for v in (found if isinstance(found, list) else [found]) if str(v).strip()]


async def _act(
    request: Request[Any, Any, Any], code: str, command: Command, values: dict[str, Any]
) -> Response[Any]:
    """Run a board action; htmx gets the board again, a plain form a redirect; a refusal
    comes back as the board (or issue page) with the reason in Thai."""
    back = _back(values, f"/provinces/{code}/board")
    try:
        await run(request, command)
    except (Unauthenticated, Forbidden, NotFound):
        raise
    except DomainError as exc:
        shown = _issue_in(back)
        if shown is not None:
            return await issue_page_for(request, shown, exc)
        return await board_page_for(request, code, exc)
    if wants_block(request) and _issue_in(back) is None:
        return await board_page_for(request, code)
    return Redirect(back, status_code=303)


def _issue_in(path: str) -> UUID | None:
    """The issue whose page `path` is (`/issues/{id}...`), if it is one."""
    match = re.match(r"/issues/([0-9a-fA-F-]{36})", path)
    try:
        return UUID(match.group(1)) if match else None
    except ValueError:
        return None


@post("/provinces/{code:str}/board/issues")
async def create_form(request: Request[Any, Any, Any], code: FromPath[str]) -> Response[Any]:
    values = await form_data(request, multi=("proposal_ids",))
    edition = await services(request).current_edition()
    try:
        command = parse(
            CreateIssue,
            {
                "year_be": edition.year_be,
                "province_code": code,
                "title_th": values.get("title_th", ""),
                "summary_th": values.get("summary_th", ""),
                "category": values.get("category") or None,
                "proposal_ids": _ids(values, "proposal_ids"),
                "from_suggestion": values.get("from_suggestion") == "1",
            },
        )
    except DomainError as exc:
        return await board_page_for(request, code, exc)
    return await _act(request, code, command, values)


async def _issue_command(
    request: Request[Any, Any, Any], issue_id: UUID, kind: type[Command], **extra: Any
) -> Response[Any]:
    """A form on the board or the issue page acting on one issue."""
    view = await _issue_view(request, issue_id)
    values = await form_data(request, multi=("proposal_ids",))
    fields = {"issue_id": str(issue_id), **{k: v(values) for k, v in extra.items()}}
    try:
        command = parse(kind, fields)
    except DomainError as exc:
        return await issue_page_for(request, issue_id, exc)
    return await _act(request, view.province_code, command, values)


@post("/provinces/{code:str}/board/attach")
async def attach_choice_form(request: Request[Any, Any, Any], code: FromPath[str]) -> Response[Any]:
    """Attach from the board, the issue chosen in a list (the keyboard-only way)."""
    values = await form_data(request)
    try:
        command = parse(
            AttachProposal,
            {"issue_id": values.get("issue_id", ""), "proposal_id": values.get("proposal_id", "")},
        )
    except DomainError as exc:
        return await board_page_for(request, code, exc)
    return await _act(request, code, command, values)


@post("/issues/{issue_id:uuid}/attach")
async def attach_form(request: Request[Any, Any, Any], issue_id: FromPath[UUID]) -> Response[Any]:
    return await _issue_command(
        request, issue_id, AttachProposal, proposal_id=lambda v: v.get("proposal_id", "")
    )


@post("/issues/{issue_id:uuid}/detach")
async def detach_form(request: Request[Any, Any, Any], issue_id: FromPath[UUID]) -> Response[Any]:
    return await _issue_command(
        request, issue_id, DetachProposal, proposal_id=lambda v: v.get("proposal_id", "")
    )


@post("/issues/{issue_id:uuid}/merge")
async def merge_form(request: Request[Any, Any, Any], issue_id: FromPath[UUID]) -> Response[Any]:
    return await _issue_command(
        request, issue_id, MergeIssues, into_issue_id=lambda v: v.get("into_issue_id", "")
    )


@post("/issues/{issue_id:uuid}/split")
async def split_form(request: Request[Any, Any, Any], issue_id: FromPath[UUID]) -> Response[Any]:
    return await _issue_command(
        request,
        issue_id,
        SplitIssue,
        proposal_ids=lambda v: _ids(v, "proposal_ids"),
        title_th=lambda v: v.get("title_th", ""),
    )


@post("/issues/{issue_id:uuid}/dissolve")
async def dissolve_form(request: Request[Any, Any, Any], issue_id: FromPath[UUID]) -> Response[Any]:
    return await _issue_command(request, issue_id, DissolveIssue)


@post("/issues/{issue_id:uuid}/revise")
async def revise_form(request: Request[Any, Any, Any], issue_id: FromPath[UUID]) -> Response[Any]:
    return await _issue_command(
        request,
        issue_id,
        ReviseIssue,
        version=lambda v: v.get("version", ""),
        title_th=lambda v: v.get("title_th", ""),
        summary_th=lambda v: v.get("summary_th", ""),
        recommendation_th=lambda v: v.get("recommendation_th", ""),
        category=lambda v: v.get("category") or None,
    )


@post("/proposals/{proposal_id:uuid}/move-to")
async def move_form(request: Request[Any, Any, Any], proposal_id: FromPath[UUID]) -> Response[Any]:
    values = await form_data(request)
    target = str(values.get("to_issue_id") or "")
    command = parse(MoveProposal, {"proposal_id": str(proposal_id), "to_issue_id": target})
    view = await _issue_view(request, command.to_issue_id)
    return await _act(request, view.province_code, command, values)


@post("/provinces/{code:str}/board/rank")
async def rank_form(request: Request[Any, Any, Any], code: FromPath[str]) -> Response[Any]:
    """Move one issue up or down the province's ranking."""
    values = await form_data(request)
    edition = await services(request).current_edition()
    order = [
        i.id
        for i in await consolidation.issues_of_province(services(request).db, edition.year_be, code)
    ]
    moved, direction = str(values.get("issue_id") or ""), str(values.get("direction") or "")
    if moved in order:
        at = order.index(moved)
        to = max(0, at - 1) if direction == "up" else min(len(order) - 1, at + 1)
        order.insert(to, order.pop(at))
    command = RankIssues(
        year_be=edition.year_be, province_code=code, issue_ids=[UUID(i) for i in order]
    )
    return await _act(request, code, command, values)


async def issue_page_for(
    request: Request[Any, Any, Any],
    issue_id: UUID,
    error: DomainError | None = None,
    at: str | None = None,
) -> Template:
    out = await issue_out(request, issue_id)
    svc = services(request)
    edition = await svc.editions()
    this = next((e for e in edition if e.year_be == out.issue.year_be), None)
    actor = actor_of(request)
    stood = None
    if at:
        try:
            moment = _moment(at)
            stood = (moment, (await _as_it_stood(request, [issue_id], moment))[0])
        except DomainError as exc:
            error = error or exc
    siblings = [
        i
        for i in await consolidation.issues_of_province(
            svc.db, out.issue.year_be, out.issue.province_code
        )
        if i.id != out.issue.id
    ]
    context = {
        "o": out,
        "i": out.issue,
        "province": geography.province(out.issue.province_code),
        "categories": {c.code: c.name_th for c in this.categories} if this else {},
        "may_edit": _may_edit(actor, out.issue.province_code)
        and out.issue.status == "open"
        and not (this and this.finalized_at),
        "siblings": siblings,
        "error": error,
        "stood": stood,
        "at": at or "",
        "status_th": consolidation.STATUS_TH,
        "event_th": ISSUE_EVENT_TH,
    }
    status = refusal_status(error)
    return page(request, "consolidation/issue.html", context, status_code=status)


ISSUE_EVENT_TH = {
    "Created": "สร้างประเด็น",
    "Revised": "แก้ไขสรุปและข้อเสนอ",
    "ProposalAttached": "เพิ่มข้อเสนอ",
    "ProposalDetached": "นำข้อเสนอออก",
    "MergedInto": "รวมเข้ากับประเด็นอื่น",
    "Absorbed": "รับข้อเสนอจากประเด็นที่รวมเข้ามา",
    "SplitOff": "แยกข้อเสนอออกเป็นประเด็นใหม่",
    "Dissolved": "ยกเลิกประเด็น",
}


@get("/issues/{issue_id:uuid}", name="issue", opt=PUBLIC)
async def issue_page(
    request: Request[Any, Any, Any], issue_id: FromPath[UUID], at: FromQuery[str | None] = None
) -> Template:
    """The issue: its proposals and councils, its timeline, where it went, and (with `at`)
    how it stood at a chosen moment against now."""
    return await issue_page_for(request, issue_id, at=at)


@get("/provinces/{code:str}/board/as-of", name="board_as_of", opt=PUBLIC)
async def board_as_of_page(
    request: Request[Any, Any, Any], code: FromPath[str], at: FromQuery[str | None] = None
) -> Template:
    """The province's consolidation as it stood at a chosen moment, against now."""
    name = _province(code)
    edition = await services(request).current_edition()
    stood: list[IssueThen] = []
    error: DomainError | None = None
    moment = None
    if at:
        try:
            moment = _moment(at)
            stood = await province_as_it_stood(request, edition.year_be, code, moment)
        except DomainError as exc:
            error = exc
    return page(
        request,
        "consolidation/as_of.html",
        {
            "code": code,
            "name": name,
            "stood": stood,
            "at": at or "",
            "moment": moment,
            "error": error,
        },
        status_code=200 if error is None else 422,
    )


ROUTES = [
    board_page,
    suggestions_fragment,
    reject_form,
    suggestions_api,
    create_form,
    attach_choice_form,
    attach_form,
    detach_form,
    merge_form,
    split_form,
    dissolve_form,
    revise_form,
    move_form,
    rank_form,
    issue_page,
    board_as_of_page,
    create_api,
    list_api,
    issue_api,
    revise_api,
    attach_api,
    detach_api,
    move_api,
    merge_api,
    split_api,
    dissolve_api,
    rank_api,
    reject_api,
    finalize_api,
    provenance_api,
    summary_api,
    issue_as_of_api,
    province_as_of_api,
]

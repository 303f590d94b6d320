"""Proposals: the JSON API of API.md, the council's pages (a form that saves itself as one
types) and the coordinator's review queue."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID, uuid4

import anyio.to_thread
import msgspec
from litestar import Request, Response, delete, get, post, put
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody, Parameter, QueryParameter
from litestar.response import Redirect, Template

from assembly import attachments, geography, policy
from assembly.actors import Actor, Role
from assembly.commands import parse
from assembly.errors import DomainError, Forbidden, Invalid, NotFound, Unauthenticated
from assembly.proposals import (
    AttachFile,
    Content,
    DraftBody,
    DraftProposal,
    Proposal,
    RemoveAttachment,
    ReturnProposal,
    ReviseBody,
    ReviseProposal,
    SubmitProposal,
    WithdrawProposal,
    check_editor,
)
from assembly.thai import BANGKOK
from projections import consolidation, editions, proposals, recommendations
from projections.editions import EditionView
from projections.proposals import LEVEL_TH, STATUS_TH, Filters, HistoryEntry, ProposalView
from web.pages import PUBLIC, form_data, page, wants_block
from web.services import actor_of, run, services

# --- API ---


class Drafted(msgspec.Struct):
    id: str
    status: str
    version: int


class ProposalOut(msgspec.Struct):
    proposal: ProposalView
    history: list[HistoryEntry]


class ProposalList(msgspec.Struct):
    items: list[ProposalView]
    next_cursor: str | None


class ReturnIn(msgspec.Struct, forbid_unknown_fields=True):
    reason_th: str


async def _visible(request: Request[Any, Any, Any], proposal_id: UUID) -> ProposalView:
    found = await proposals.get(services(request).db, str(proposal_id), actor_of(request))
    if found is None:
        raise NotFound("ไม่พบข้อเสนอนี้ หรือคุณไม่มีสิทธิ์ดู", field="proposal_id")
    return found


@post("/api/v1/editions/{year_be:int}/proposals", status_code=201, tags=["proposals"])
async def draft_api(
    request: Request[Any, Any, Any], year_be: FromPath[int], data: JSONBody[DraftBody]
) -> Drafted:
    """Start a proposal as a draft (a council for itself; a coordinator on a council's behalf)."""
    command = DraftProposal(year_be=year_be, **msgspec.structs.asdict(data))
    await run(request, command)
    view = await _visible(request, command.proposal_id)
    return Drafted(view.id, view.status, view.version)


@put("/api/v1/proposals/{proposal_id:uuid}", tags=["proposals"])
async def revise_api(
    request: Request[Any, Any, Any], proposal_id: FromPath[UUID], data: JSONBody[ReviseBody]
) -> Drafted:
    """Revise a draft or a returned proposal. `version` is the version you edited: if someone
    saved since, the answer is 409 `stale` and nothing is overwritten."""
    await run(request, ReviseProposal(proposal_id=proposal_id, **msgspec.structs.asdict(data)))
    view = await _visible(request, proposal_id)
    return Drafted(view.id, view.status, view.version)


@post("/api/v1/proposals/{proposal_id:uuid}/submit", status_code=200, tags=["proposals"])
async def submit_api(request: Request[Any, Any, Any], proposal_id: FromPath[UUID]) -> Drafted:
    """draft or returned -> submitted, inside the edition's window (409 outside it)."""
    await run(request, SubmitProposal(proposal_id=proposal_id))
    view = await _visible(request, proposal_id)
    return Drafted(view.id, view.status, view.version)


@post("/api/v1/proposals/{proposal_id:uuid}/withdraw", status_code=200, tags=["proposals"])
async def withdraw_api(request: Request[Any, Any, Any], proposal_id: FromPath[UUID]) -> Drafted:
    await run(request, WithdrawProposal(proposal_id=proposal_id))
    view = await _visible(request, proposal_id)
    return Drafted(view.id, view.status, view.version)


@post("/api/v1/proposals/{proposal_id:uuid}/return", status_code=200, tags=["proposals"])
async def return_api(
    request: Request[Any, Any, Any], proposal_id: FromPath[UUID], data: JSONBody[ReturnIn]
) -> Drafted:
    """The province's coordinator returns a submitted proposal for revision, with a reason."""
    await run(
        request,
        parse(ReturnProposal, {"proposal_id": str(proposal_id), "reason_th": data.reason_th}),
    )
    view = await _visible(request, proposal_id)
    return Drafted(view.id, view.status, view.version)


@get("/api/v1/proposals/{proposal_id:uuid}", tags=["proposals"], opt=PUBLIC)
async def proposal_api(request: Request[Any, Any, Any], proposal_id: FromPath[UUID]) -> ProposalOut:
    """The proposal, its status and its whole history (events with time and actor role)."""
    view = await _visible(request, proposal_id)
    return ProposalOut(view, await proposals.history(services(request).db, view.id))


Limit = Annotated[int, Parameter(ge=1, le=200)]


@get("/api/v1/editions/{year_be:int}/proposals", tags=["proposals"], opt=PUBLIC)
async def list_api(
    request: Request[Any, Any, Any],
    year_be: FromPath[int],
    province: FromQuery[str | None] = None,
    status: FromQuery[str | None] = None,
    category: FromQuery[str | None] = None,
    amphoe: FromQuery[str | None] = None,
    level: FromQuery[str | None] = None,
    q: FromQuery[str | None] = None,
    limit: FromQuery[Limit] = 50,
    cursor: FromQuery[str | None] = None,
) -> ProposalList:
    """List and Thai-aware search, newest first. `cursor` pages on."""
    offset = int(cursor) if cursor and cursor.isdigit() else 0
    f = Filters(province, status, category, amphoe, level, (q or "")[:200] or None)
    found = await proposals.search(
        services(request).db, year_be, actor_of(request), f, limit=limit + 1, offset=offset
    )
    more = len(found) > limit
    return ProposalList(found[:limit], str(offset + limit) if more else None)


# --- pages ---


def _council_actor(request: Request[Any, Any, Any]) -> Actor:
    actor = actor_of(request)
    if actor.role is not Role.COUNCIL or not actor.council_id:
        raise Forbidden("หน้านี้สำหรับผู้แทนสภาองค์กรชุมชนตำบล")
    return actor


def _context(edition: EditionView, now: datetime) -> dict[str, Any]:
    return {
        "edition": edition,
        "now": now,
        "phase": edition.phase(now),
        "status_th": STATUS_TH,
        "level_th": LEVEL_TH,
        "categories": {c.code: c.name_th for c in edition.categories},
    }


@get("/proposals", name="my_proposals")
async def my_proposals(request: Request[Any, Any, Any]) -> Template:
    actor = _council_actor(request)
    svc = services(request)
    edition = await services(request).current_edition()
    mine = await proposals.of_council(svc.db, str(actor.council_id), edition.year_be)
    return page(request, "proposals/mine.html", {**_context(edition, svc.now()), "proposals": mine})


@get("/proposals/new", name="proposal_new")
async def new_page(request: Request[Any, Any, Any]) -> Template:
    _council_actor(request)
    svc = services(request)
    edition = await services(request).current_edition()
    return page(
        request,
        "proposals/form.html",
        {
            **_context(edition, svc.now()),
            "proposal": None,
            "proposal_id": str(uuid4()),
            "values": {},
            "version": 0,
            "error": None,
        },
    )


@get("/proposals/{proposal_id:uuid}/edit", name="proposal_edit")
async def edit_page(request: Request[Any, Any, Any], proposal_id: FromPath[UUID]) -> Template:
    view = await _visible(request, proposal_id)
    svc = services(request)
    edition = await _edition_of(request, view.year_be)
    values = {f: getattr(view, f) for f in FORM_FIELDS}
    return page(
        request,
        "proposals/form.html",
        {
            **_context(edition, svc.now()),
            "proposal": view,
            "proposal_id": view.id,
            "values": values,
            "version": view.version,
            "error": None,
        },
    )


async def _edition_of(request: Request[Any, Any, Any], year_be: int) -> EditionView:
    found = await editions.get(services(request).db, year_be)
    if found is None:
        raise NotFound(f"ไม่พบการประชุมประจำปี {year_be}")
    return found


# The proposal's editable fields that the form shows (the tambon is the council's own).
FORM_FIELDS = tuple(f for f in Content.__struct_fields__ if f != "tambon_codes")


def _content(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values[k] for k in FORM_FIELDS if k in values and values[k] != ""}


@post("/proposals/{proposal_id:uuid}/autosave")
async def autosave(request: Request[Any, Any, Any], proposal_id: FromPath[UUID]) -> Template:
    """Saves the form as the council types (htmx, after a pause): the first save creates the
    draft, later ones revise it from the version the form holds."""
    values = await form_data(request)
    version = int(values.get("version") or 0)
    try:
        if version == 0:
            year = int(values.get("year_be") or 0)
            command: Any = parse(
                DraftProposal,
                {"proposal_id": str(proposal_id), "year_be": year, **_content(values)},
            )
        else:
            command = parse(
                ReviseProposal,
                {"proposal_id": str(proposal_id), "version": version, **_content(values)},
            )
        await run(request, command)
        view = await _visible(request, proposal_id)
        return page(
            request,
            "proposals/_saved.html",
            {"view": view, "error": None, "now": services(request).now()},
        )
    except (Unauthenticated, Forbidden):
        raise
    except DomainError as exc:
        return page(
            request,
            "proposals/_saved.html",
            {"view": None, "error": exc, "now": services(request).now()},
            status_code=409 if exc.code == "stale" else 422,
        )


@get("/proposals/{proposal_id:uuid}", name="proposal", opt=PUBLIC)
async def proposal_page(request: Request[Any, Any, Any], proposal_id: FromPath[UUID]) -> Template:
    return await _show(request, await _visible(request, proposal_id))


async def _show(
    request: Request[Any, Any, Any], view: ProposalView, error: DomainError | None = None
) -> Template:
    """The proposal with its timeline, and the actions this actor may take on it."""
    svc = services(request)
    edition = await _edition_of(request, view.year_be)
    actor = actor_of(request)
    mine = actor.role is Role.COUNCIL and actor.council_id == view.council_id
    reviewer = actor.role is Role.COORDINATOR and actor.province_code == view.province_code
    context = {
        **_context(edition, svc.now()),
        "p": view,
        "error": error,
        "history": await proposals.history(svc.db, view.id),
        "attachments": await proposals.attachments(svc.db, view.id),
        "mine": mine or (reviewer and view.on_behalf),
        "reviewer": reviewer,
        "province": geography.province(view.province_code),
        "district": geography.district(view.district_code),
        "went": await consolidation.issue_of_proposal(svc.db, view.id),
    }
    if context["went"]:
        context["ups"] = await recommendations.recommendations_of_issue(svc.db, context["went"].id)
    status = 200 if error is None else 422 if error.code == "incomplete" else 409
    return page(request, "proposals/show.html", context, status_code=status)


@post("/proposals/{proposal_id:uuid}/{action:str}")
async def proposal_action(
    request: Request[Any, Any, Any], proposal_id: FromPath[UUID], action: FromPath[str]
) -> Response[Any]:
    values = await form_data(request)
    commands: dict[str, Any] = {
        "submit": lambda: SubmitProposal(proposal_id=proposal_id),
        "withdraw": lambda: WithdrawProposal(proposal_id=proposal_id),
        "return": lambda: parse(
            ReturnProposal,
            {"proposal_id": str(proposal_id), "reason_th": values.get("reason_th", "")},
        ),
    }
    if action not in commands:
        raise NotFound("ไม่มีคำสั่งนี้")
    try:
        await run(request, commands[action]())
    except (Unauthenticated, Forbidden, NotFound):
        raise
    except DomainError as exc:
        return await _show(request, await _visible(request, proposal_id), exc)
    return Redirect(f"/proposals/{proposal_id}", status_code=303)


@get("/provinces/{code:str}/proposals", name="queue")
async def queue_page(
    request: Request[Any, Any, Any],
    code: FromPath[str],
    status: FromQuery[str | None] = None,
    category: FromQuery[str | None] = None,
    amphoe: FromQuery[str | None] = None,
    level: FromQuery[str | None] = None,
    q: FromQuery[str | None] = None,
    sort: FromQuery[str] = "updated",
    offset: FromQuery[int] = 0,
) -> Template:
    """The province's review queue (coordinators, organizers)."""
    actor = actor_of(request)
    if actor.role not in (Role.COORDINATOR, Role.ORGANIZER, Role.SECRETARIAT, Role.ADMIN):
        raise Forbidden("หน้านี้สำหรับผู้ประสานงานจังหวัดและเจ้าหน้าที่")
    policy.check_scope(actor, province_code=code)
    province = geography.province(code)
    if province is None:
        raise NotFound(f"ไม่พบจังหวัดรหัส {code}")
    svc = services(request)
    edition = await services(request).current_edition()
    f = Filters(
        code,
        status or None,
        category or None,
        amphoe or None,
        level or None,
        (q or "")[:200] or None,
        sort,
    )
    found = await proposals.listed(
        svc.db, edition.year_be, actor, f, limit=50, offset=max(0, offset)
    )
    # The rows fragment (a filter changed) shows no counts: don't count.
    counts = None if wants_block(request) else await proposals.counts(svc.db, edition.year_be, code)
    return page(
        request,
        "proposals/queue.html",
        {
            **_context(edition, svc.now()),
            "province": province,
            "proposals": found,
            "f": f,
            "counts": counts,
            "districts": geography.districts_of(code),
            "offset": max(0, offset),
            "bangkok": BANGKOK,
        },
        block="rows",
    )


# --- attachments ---


class AttachmentOut(msgspec.Struct):
    id: str
    filename: str
    media_type: str
    size: int


async def _attach(request: Request[Any, Any, Any], proposal_id: UUID, upload: Any) -> AttachmentOut:
    actor = actor_of(request)
    policy.authorize(AttachFile, actor)
    proposal = await anyio.to_thread.run_sync(
        services(request).assembly.load, proposal_id, Proposal
    )
    if proposal is None:
        raise NotFound("ไม่พบข้อเสนอนี้", field="proposal_id")
    check_editor(actor, proposal)  # before any byte is stored; `handle` checks it again
    if not isinstance(upload, UploadFile):
        raise Invalid("ต้องแนบไฟล์ในช่อง file", field="file")
    content = await upload.read()
    filename = (upload.filename or "file").rsplit("/", 1)[-1][:200] or "file"
    media_type = attachments.check(content, filename)
    clean = attachments.strip_metadata(content, media_type)
    svc = services(request)
    digest = await anyio.to_thread.run_sync(attachments.store, svc.assembly, clean, media_type)
    command = parse(
        AttachFile,
        {
            "proposal_id": str(proposal_id),
            "sha256": digest,
            "filename": filename,
            "media_type": media_type,
            "size": len(clean),
        },
    )
    await run(request, command)
    return AttachmentOut(str(command.attachment_id), filename, media_type, len(clean))


UPLOAD_LIMIT = attachments.MAX_BYTES + 64 * 1024


@post(
    "/api/v1/proposals/{proposal_id:uuid}/attachments",
    status_code=201,
    tags=["proposals"],
    request_max_body_size=UPLOAD_LIMIT,
)
async def attach_api(
    request: Request[Any, Any, Any],
    proposal_id: FromPath[UUID],
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
) -> AttachmentOut:
    """Attach a PDF, JPEG or PNG (multipart field `file`, at most 10 MB, 5 per proposal).
    The type is read from the bytes; images lose their location and other metadata."""
    return await _attach(request, proposal_id, data.get("file"))


@delete(
    "/api/v1/proposals/{proposal_id:uuid}/attachments/{attachment_id:uuid}",
    status_code=204,
    tags=["proposals"],
)
async def detach_api(
    request: Request[Any, Any, Any], proposal_id: FromPath[UUID], attachment_id: FromPath[UUID]
) -> None:
    await run(request, RemoveAttachment(proposal_id=proposal_id, attachment_id=attachment_id))


@post("/proposals/{proposal_id:uuid}/attachments", request_max_body_size=UPLOAD_LIMIT)
async def attach_form(
    request: Request[Any, Any, Any], proposal_id: FromPath[UUID]
) -> Response[Any]:
    form = await request.form()
    try:
        await _attach(request, proposal_id, form.get("file"))
    except (Unauthenticated, Forbidden, NotFound):
        raise
    except DomainError as exc:
        return await _show(request, await _visible(request, proposal_id), exc)
    return Redirect(f"/proposals/{proposal_id}", status_code=303)


@get("/attachments/{attachment_id:uuid}", opt=PUBLIC)
async def download(
    request: Request[Any, Any, Any], attachment_id: FromPath[UUID]
) -> Response[bytes]:
    """The file, to whoever may see its proposal; always downloaded, never run in the page."""
    found = await proposals.attachment_file(services(request).db, str(attachment_id))
    if found is None:
        raise NotFound("ไม่พบไฟล์แนบนี้")
    proposal_id, filename, media_type, data = found
    await _visible(request, UUID(proposal_id))
    return Response(
        data,
        media_type=media_type,
        headers={
            "content-disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "content-security-policy": "sandbox; default-src 'none'",
        },
    )


class SimilarOut(msgspec.Struct):
    id: str
    title_th: str
    council_name_th: str
    province_code: str
    status: str
    score: float
    shared_words: list[str]


SIMILAR_ROLES = (Role.COUNCIL, Role.COORDINATOR, Role.ORGANIZER, Role.SECRETARIAT, Role.ADMIN)


async def _similar(
    request: Request[Any, Any, Any],
    year_be: int,
    text: tuple[str, str, str],
    *,
    province_code: str | None,
    limit: int,
    exclude: str | None,
    category: str | None = None,
) -> list[SimilarOut]:
    if actor_of(request).role not in SIMILAR_ROLES:
        raise Forbidden("ดูข้อเสนอที่คล้ายกันได้เฉพาะสภาและผู้ประสานงาน")
    svc = services(request)
    index = await svc.similar.index(svc.db, year_be)
    found = index.similar(
        *text, category=category, province_code=province_code, limit=limit, exclude=exclude
    )
    details = await proposals.briefs(svc.db, [pid for pid, _ in found])
    out = []
    for pid, score in found:
        brief, other = details.get(pid), index.text(pid)
        if brief is not None:
            shared = index.explain(text, other) if other else []
            out.append(
                SimilarOut(
                    brief.id,
                    brief.title_th,
                    brief.council_name_th,
                    brief.province_code,
                    brief.status,
                    score,
                    shared,
                )
            )
    return out


@get("/api/v1/proposals/{proposal_id:uuid}/similar", tags=["proposals"])
async def similar_api(
    request: Request[Any, Any, Any],
    proposal_id: FromPath[UUID],
    area: Annotated[str, QueryParameter(name="scope")] = "national",
    limit: FromQuery[Annotated[int, Parameter(ge=1, le=20)]] = 5,
) -> list[SimilarOut]:
    """Submitted proposals most like this one, best first, with a score in [0, 1] and the
    shared words that make them alike. `scope=province` keeps to the proposal's province."""
    view = await _visible(request, proposal_id)
    text = (view.title_th, view.problem_th, view.recommendation_th)
    province = view.province_code if area == "province" else None
    return await _similar(
        request,
        view.year_be,
        text,
        province_code=province,
        limit=limit,
        exclude=view.id,
        category=view.category,
    )


@post("/proposals/similar")
async def similar_fragment(request: Request[Any, Any, Any]) -> Template:
    """While a council drafts: what has already been proposed, in the province and nationally."""
    values = await form_data(request)
    text = (
        str(values.get("title_th", ""))[:300],
        str(values.get("problem_th", ""))[:5000],
        str(values.get("recommendation_th", ""))[:5000],
    )
    year = int(str(values.get("year_be") or 0)) if str(values.get("year_be") or "").isdigit() else 0
    exclude = str(values.get("proposal_id") or "") or None
    province = actor_of(request).province_code
    context: dict[str, Any] = {
        "province": [],
        "national": [],
        "empty": not any(t.strip() for t in text),
    }
    if not context["empty"]:
        category = str(values.get("category") or "") or None
        for key, scope in (("province", province), ("national", None)):
            context[key] = await _similar(
                request,
                year,
                text,
                province_code=scope,
                limit=5,
                exclude=exclude,
                category=category,
            )
    return page(request, "proposals/_similar.html", context)


ROUTES = [
    attach_api,
    detach_api,
    attach_form,
    download,
    similar_api,
    similar_fragment,
    draft_api,
    revise_api,
    submit_api,
    withdraw_api,
    return_api,
    proposal_api,
    list_api,
    my_proposals,
    new_page,
    edit_page,
    autosave,
    proposal_page,
    proposal_action,
    queue_page,
]

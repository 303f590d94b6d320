"""The board's and the issue page's forms. Each builds its command, runs it, and answers:
htmx gets the board again, a plain form a redirect; a refusal comes back as the board (or
the issue page) with the reason in Thai."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Request, Response, post
from litestar.params import FromPath
from litestar.response import Redirect

from assembly.actors import Actor
from assembly.commands import Command, parse
from assembly.consolidation import (
    AttachProposal,
    CreateIssue,
    DetachProposal,
    DissolveIssue,
    MergeIssues,
    MoveProposal,
    RankIssues,
    ReviseIssue,
    SplitIssue,
)
from assembly.errors import DomainError, Invalid, NotFound
from projections import consolidation
from web.consolidation.api import issue_view
from web.consolidation.board import Notice, board_page_for
from web.consolidation.issues import issue_page_for
from web.pages import form_data, refusal, wants_block
from web.services import ActorDep, Services, SvcDep


def _back(values: dict[str, Any], fallback: str) -> str:
    """Where a plain form goes after the action: a local path only."""
    back = str(values.get("back") or "")
    return back if back.startswith("/") and not back.startswith("//") else fallback


def ids(values: dict[str, Any], name: str) -> list[str]:
    found = values.get(name, [])
    return [str(v) for v in (found if isinstance(found, list) else [found]) if str(v).strip()]


def _issue_in(path: str) -> UUID | None:
    """The issue whose page `path` is (`/issues/{id}...`), if it is one."""
    match = re.match(r"/issues/([0-9a-fA-F-]{36})", path)
    try:
        return UUID(match.group(1)) if match else None
    except ValueError:
        return None


def _shown(values: dict[str, Any], at: str) -> dict[str, Any]:
    """How the board is shown again: where a refusal goes (the form's `at`, else `at`), the
    proposals still ticked, the grouping the coordinator chose."""
    return {
        "at": str(values.get("at") or at)[:40],
        "picked": ids(values, "proposal_ids"),
        "group": str(values.get("group") or "category"),
    }


async def act(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    code: str,
    command: Command,
    values: dict[str, Any],
    notice: Notice | None = None,
    at: str = "bar",
) -> Response[Any]:
    """Run a board action and answer it (see the module's docstring). htmx gets the board
    with `notice` said by the thing changed (focus goes there); a refusal shows beside the
    form that asked (`at`)."""
    back = _back(values, f"/provinces/{code}/board")
    with refusal(also=(NotFound,)) as refused:
        await svc.run(command, actor)
    shown = _issue_in(back)
    if refused.error is not None:
        if shown is not None:
            return await issue_page_for(request, svc, actor, shown, refused.error)
        return await board_page_for(request, svc, actor, code, refused.error, **_shown(values, at))
    if wants_block(request) and shown is None:
        group = _shown(values, at)["group"]
        return await board_page_for(request, svc, actor, code, notice=notice, group=group)
    return Redirect(back, status_code=303)


async def board_form(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    code: str,
    kind: type[Command],
    fields: dict[str, Any],
    values: dict[str, Any],
    notice: Callable[[Any], Notice | None] = lambda command: None,
    at: str = "bar",
) -> Response[Any]:
    """A form on the board: a value refused shows beside it, else `act` runs it and says
    `notice(command)`."""
    with refusal() as refused:
        command = parse(kind, fields)
    if refused.error is not None:
        return await board_page_for(request, svc, actor, code, refused.error, **_shown(values, at))
    return await act(request, svc, actor, code, command, values, notice(command), at)


@post("/provinces/{code:str}/board/issues")
async def create_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, code: FromPath[str]
) -> Response[Any]:
    values = await form_data(request, multi=("proposal_ids",))
    edition = await svc.current_edition()
    fields = {
        "year_be": edition.year_be,
        "province_code": code,
        "title_th": values.get("title_th", ""),
        "summary_th": values.get("summary_th", ""),
        "category": values.get("category") or None,
        "proposal_ids": ids(values, "proposal_ids"),
        "from_suggestion": values.get("from_suggestion") == "1",
    }

    def made(c: CreateIssue) -> Notice:
        n = len(c.proposal_ids)
        return Notice(f"สร้างประเด็นนี้จาก {n:,} ข้อเสนอแล้ว", str(c.issue_id), fresh=True)

    at = "suggestions" if fields["from_suggestion"] else "bar"
    return await board_form(request, svc, actor, code, CreateIssue, fields, values, made, at)


@post("/provinces/{code:str}/board/attach")
async def attach_choice_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, code: FromPath[str]
) -> Response[Any]:
    """Attach from the board, the issue chosen in a list (the keyboard-only way)."""
    values = await form_data(request)
    fields = {"issue_id": values.get("issue_id", ""), "proposal_id": values.get("proposal_id", "")}
    return await board_form(
        request, svc, actor, code, AttachProposal, fields, values, _attached, "bar"
    )


def _attached(c: AttachProposal) -> Notice:
    return Notice("เพิ่มข้อเสนอเข้าประเด็นนี้แล้ว", str(c.issue_id))


@post("/provinces/{code:str}/board/attach-picked")
async def attach_picked_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, code: FromPath[str]
) -> Response[Any]:
    """Attach every ticked proposal to the issue chosen in the sticky bar's one list: one
    AttachProposal each, through the one write path, stopping at the first refusal (those
    before it stay attached, and the message says how many)."""
    values = await form_data(request, multi=("proposal_ids",))
    picked = ids(values, "proposal_ids")
    issue_id = str(values.get("issue_id") or "")
    error: DomainError | None = None
    if not picked:
        error = Invalid("เลือกข้อเสนออย่างน้อยหนึ่งรายการก่อน", field="proposal_ids")
    elif not issue_id:
        error = Invalid("เลือกประเด็นที่จะเพิ่มข้อเสนอเข้าไปก่อน", field="issue_id")
    done = 0
    for pid in picked if error is None else []:
        with refusal(also=(NotFound,)) as refused:
            await svc.run(parse(AttachProposal, {"issue_id": issue_id, "proposal_id": pid}), actor)
        if refused.error is not None:
            error = refused.error
            if done:
                error = type(error)(
                    f"เพิ่มแล้ว {done:,} รายการ รายการถัดไปไม่สำเร็จ: {error.message_th}",
                    field=error.field,
                )
            break
        done += 1
    if error is not None:
        shown = _shown(values, "bar") | {"picked": picked[done:]}
        return await board_page_for(request, svc, actor, code, error, **shown)
    if not wants_block(request):
        return Redirect(_back(values, f"/provinces/{code}/board"), status_code=303)
    notice = Notice(f"เพิ่ม {done:,} ข้อเสนอเข้าประเด็นนี้แล้ว", issue_id)
    group = str(values.get("group") or "category")
    return await board_page_for(request, svc, actor, code, notice=notice, group=group)


@post("/provinces/{code:str}/board/merge")
async def merge_choice_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, code: FromPath[str]
) -> Response[Any]:
    """Merge from the board's one chooser: both issues chosen, none preselected (the
    browser asks first, naming both)."""
    values = await form_data(request)
    fields = {
        "issue_id": values.get("issue_id", ""),
        "into_issue_id": values.get("into_issue_id", ""),
    }
    return await board_form(
        request, svc, actor, code, MergeIssues, fields, values, _merged, "merge"
    )


def _merged(c: MergeIssues) -> Notice:
    return Notice("รวมประเด็นเข้ามาในประเด็นนี้แล้ว", str(c.into_issue_id))


async def _issue_command(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    issue_id: UUID,
    kind: type[Command],
    notice: Notice | Callable[[Any], Notice] | None = None,
    **defaults: Any,
) -> Response[Any]:
    """A form on the board or the issue page acting on one issue; on the board its notice
    and its refusals show in that issue's card."""
    view = await issue_view(svc.db, issue_id)
    values = await form_data(request, multi=("proposal_ids",))
    # Each field of the command from the form (`defaults`: its name and its value when the
    # form left it out); lists of ids as lists.
    fields = {
        "issue_id": str(issue_id),
        **{
            name: ids(values, name) if name == "proposal_ids" else values.get(name, default)
            for name, default in defaults.items()
        },
    }
    with refusal() as refused:
        command = parse(kind, fields)
    if refused.error is not None:
        return await issue_page_for(request, svc, actor, issue_id, refused.error)
    said = notice(command) if callable(notice) else notice or Notice("บันทึกแล้ว", str(issue_id))
    return await act(request, svc, actor, view.province_code, command, values, said, str(issue_id))


@post("/issues/{issue_id:uuid}/attach")
async def attach_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, issue_id: FromPath[UUID]
) -> Response[Any]:
    return await _issue_command(
        request,
        svc,
        actor,
        issue_id,
        AttachProposal,
        Notice("เพิ่มข้อเสนอเข้าประเด็นนี้แล้ว", str(issue_id)),
        proposal_id="",
    )


@post("/issues/{issue_id:uuid}/detach")
async def detach_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, issue_id: FromPath[UUID]
) -> Response[Any]:
    return await _issue_command(
        request,
        svc,
        actor,
        issue_id,
        DetachProposal,
        Notice("นำข้อเสนอออกแล้ว: กลับไปอยู่ในกองข้อเสนอที่ยังไม่ได้รวม", str(issue_id)),
        proposal_id="",
    )


@post("/issues/{issue_id:uuid}/merge")
async def merge_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, issue_id: FromPath[UUID]
) -> Response[Any]:
    return await _issue_command(
        request,
        svc,
        actor,
        issue_id,
        MergeIssues,
        _merged,
        into_issue_id="",
    )


@post("/issues/{issue_id:uuid}/split")
async def split_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, issue_id: FromPath[UUID]
) -> Response[Any]:
    return await _issue_command(
        request,
        svc,
        actor,
        issue_id,
        SplitIssue,
        proposal_ids=[],
        title_th="",
    )


@post("/issues/{issue_id:uuid}/dissolve")
async def dissolve_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, issue_id: FromPath[UUID]
) -> Response[Any]:
    notice = Notice("ยกเลิกประเด็นแล้ว: ข้อเสนอของประเด็นกลับไปอยู่ในกองข้อเสนอ")
    return await _issue_command(request, svc, actor, issue_id, DissolveIssue, notice)


@post("/issues/{issue_id:uuid}/revise")
async def revise_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, issue_id: FromPath[UUID]
) -> Response[Any]:
    return await _issue_command(
        request,
        svc,
        actor,
        issue_id,
        ReviseIssue,
        version="",
        title_th="",
        summary_th="",
        recommendation_th="",
        category=None,
    )


@post("/proposals/{proposal_id:uuid}/move-to")
async def move_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID]
) -> Response[Any]:
    values = await form_data(request)
    target = str(values.get("to_issue_id") or "")
    command = parse(MoveProposal, {"proposal_id": str(proposal_id), "to_issue_id": target})
    view = await issue_view(svc.db, command.to_issue_id)
    notice = Notice("ย้ายข้อเสนอเข้าประเด็นนี้แล้ว", str(command.to_issue_id))
    return await act(request, svc, actor, view.province_code, command, values, notice)


@post("/provinces/{code:str}/board/rank")
async def rank_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, code: FromPath[str]
) -> Response[Any]:
    """Move one issue up or down the province's ranking."""
    values = await form_data(request)
    edition = await svc.current_edition()
    order = [i.id for i in await consolidation.issues_of_province(svc.db, edition.year_be, code)]
    moved, direction = str(values.get("issue_id") or ""), str(values.get("direction") or "")
    if moved in order:
        at = order.index(moved)
        to = max(0, at - 1) if direction == "up" else min(len(order) - 1, at + 1)
        order.insert(to, order.pop(at))
    command = RankIssues(
        year_be=edition.year_be, province_code=code, issue_ids=[UUID(i) for i in order]
    )
    said = "เลื่อนประเด็นนี้ขึ้นแล้ว" if direction == "up" else "เลื่อนประเด็นนี้ลงแล้ว"
    notice = Notice(said, moved) if moved in order else None
    return await act(request, svc, actor, code, command, values, notice, moved or "bar")


ROUTES = [
    create_form,
    attach_choice_form,
    attach_picked_form,
    merge_choice_form,
    attach_form,
    detach_form,
    merge_form,
    split_form,
    dissolve_form,
    revise_form,
    move_form,
    rank_form,
]

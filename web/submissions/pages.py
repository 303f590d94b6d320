"""Submissions as pages: the secretariat's composer (the year's list, a new submission from
recommendations, the letter, the items in order, changes taken or left, finalizing after a
question), a province's letter to its governor composed the same way from its issues, the
print preview, the versions and their diff, and the public page of a finalized submission.

Every write builds the same command as the JSON API (`web.submissions.api`) and goes through
`svc.run`; every refusal comes back beside the field it names (`web.pages.refusal`)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from assembly import geography, policy
from assembly.actors import Actor
from assembly.commands import parse
from assembly.errors import DomainError, Invalid, NotFound
from assembly.submissions import (
    LABELS,
    ComposeSubmission,
    LeaveChange,
    ReviseLetter,
    SetItems,
    TakeChange,
)
from assembly.thai import thai_date, to_bangkok
from assembly.visibility import Seen, sees, sees_submission
from projections import consolidation, recommendations, submissions
from projections import exports as jobs
from projections.submissions import SubmissionView
from web.pages import PUBLIC, field_errors, form_data, page, refusal, refusal_status
from web.services import ActorDep, Services, SvcDep
from web.submissions import service
from web.submissions.diff import words_diff
from web.submissions.exports import FORMATS

# What each action says it did (the page shows it in the section it changed); keys only
# come from the query string, never text.
NOTICES = {
    "composed": ("letter", "จัดทำร่างหนังสือแล้ว (ฉบับที่ {version}) กรอกหนังสือและจัดรายการต่อได้เลย"),
    "letter": ("letter", "บันทึกหนังสือแล้ว (ฉบับที่ {version})"),
    "items": ("items", "จัดรายการแล้ว (ฉบับที่ {version})"),
    "taken": ("items", "รับข้อความใหม่เข้าหนังสือแล้ว (ฉบับที่ {version})"),
    "left": ("items", "คงข้อความเดิมไว้แล้ว (ฉบับที่ {version})"),
    "finalized": ("top", "ออกเลขหนังสือ ที่ {number} ลงวันที่ {dated} แล้ว"),
    "correction": ("letter", "จัดทำหนังสือแก้ไขแล้ว แก้ข้อความแล้วออกเลขใหม่ได้"),
}
EVENTS_TH = {
    "Composed": "จัดทำร่าง",
    "LetterRevised": "แก้ไขหนังสือ",
    "ItemsSet": "จัดรายการ",
    "ChangeTaken": "รับข้อความใหม่",
    "ChangeLeft": "คงข้อความเดิม",
    "Finalized": "ออกเลขหนังสือ",
}
TEXT_FIELDS = (
    "subject_th",
    "to_th",
    "reference_th",
    "signatory_position",
    "owner_unit",
    "department",
    "phone",
    "fax",
    "email",
)
FORM_LABELS = {**LABELS, "signatory_name": "ชื่อผู้ลงนาม", "letter": "หนังสือ"}


# --- the letter form: typed text <-> the command's fields ---


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def paragraphs(text: str) -> list[str]:
    """Body paragraphs: a blank line between two."""
    parts = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    return [p.strip() for p in parts if p.strip()]


def letter_values(view: SubmissionView, signer: str) -> dict[str, str]:
    """The letter as the form shows it."""
    letter = view.letter
    values = {k: str(letter.get(k) or "") for k in TEXT_FIELDS}
    values["enclosures"] = "\n".join(letter.get("enclosures") or [])
    values["body"] = "\n\n".join(letter.get("body") or [])
    values["signatory_name"] = signer
    return values


async def typed_letter(request: Request[Any, Any, Any]) -> dict[str, str]:
    """What was typed, blanks included (a field emptied on purpose is emptied)."""
    form = await request.form()
    names = (*TEXT_FIELDS, "enclosures", "body", "signatory_name", "version")
    return {k: str(form.get(k) or "") for k in names}


async def signer_of(svc: Services, view: SubmissionView) -> str:
    signer = view.letter.get("signatory_id")
    names = await submissions.signatory_names(svc.db, [signer]) if signer else {}
    return names.get(signer, "") if signer else ""


async def revise_command(
    svc: Services, view: SubmissionView, typed: dict[str, str]
) -> ReviseLetter:
    fields: dict[str, Any] = {k: typed[k].strip() for k in TEXT_FIELDS}
    fields["enclosures"] = lines(typed["enclosures"])
    fields["body"] = paragraphs(typed["body"])
    name = typed["signatory_name"].strip()
    if name != await signer_of(svc, view):  # a new name only when it changed
        fields["signatory_id"] = str(await service.signatory(svc, name))
    fields.update(submission_id=view.id, version=typed["version"] or "0")
    return parse(ReviseLetter, fields)


# --- reading ---


def may_write(actor: Actor, view: SubmissionView) -> bool:
    return (
        not view.final
        and policy.may(ReviseLetter, actor)
        and sees_submission(actor, view.province_code, False)
    )


def province_name(code: str | None) -> str | None:
    found = geography.province(code) if code else None
    return found.name_th if found else code


async def candidates(svc: Services, view: SubmissionView) -> list[tuple[str, str, str]]:
    """What may still be added: (id, title, what stands behind it)."""
    taken = {i.id for i in view.items}
    if view.province_code is None:
        found = await recommendations.recommendations(svc.db, view.year_be)
        return [
            (r.id, r.title_th, f"{r.backing.provinces} จังหวัด · {r.backing.proposals} ข้อเสนอ")
            for r in found
            if r.id not in taken
        ]
    issues = await consolidation.issues_of_province(svc.db, view.year_be, view.province_code)
    return [
        (i.id, i.title_th, f"{i.proposal_count} ข้อเสนอ · {i.council_count} สภา")
        for i in issues
        if i.id not in taken
    ]


def notice_of(view: SubmissionView, key: str | None) -> tuple[str, str] | None:
    if key not in NOTICES:
        return None
    where, text = NOTICES[key]
    dated = thai_date(view.dated) if view.dated else ""
    return where, text.format(version=view.version, number=view.document_number, dated=dated)


async def show_page(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    view: SubmissionView,
    *,
    error: DomainError | None = None,
    typed: dict[str, str] | None = None,
    form: str | None = None,
    notice: str | None = None,
) -> Template:
    """The submission: its editor while a draft (for those who write it), else its public
    page. `form` names the form a refusal belongs to (letter, items, finalize)."""
    writer = may_write(actor, view)
    signer = await signer_of(svc, view)
    context: dict[str, Any] = {
        "view": view,
        "province_th": province_name(view.province_code),
        "signer": signer,
        "may_write": writer,
        "may_correct": view.final
        and policy.may(ComposeSubmission, actor)
        and bool(
            sees(
                actor,
                Seen.PROVINCIAL_DRAFTS if view.province_code else Seen.NATIONAL_DRAFTS,
                province_code=view.province_code,
            )
        ),
        "notice": notice_of(view, notice),
        "error": error,
        "form": form,
        "errors": field_errors(error, FORM_LABELS),
        "values": typed or letter_values(view, signer),
        "exports": await jobs.done_of(svc.db, view.id, view.version),
        "formats": list(FORMATS),
        "corrected_by": await submissions.corrected_by(svc.db, view.id),
        "corrects": (
            await submissions.submission(svc.db, view.corrects) if view.corrects else None
        ),
    }
    if writer:
        changed = await service.changes(svc, view)
        items = {i.id: i for i in view.items}
        context["changes"] = {
            item_id: words_diff(
                f"{items[item_id].title_th}\n{items[item_id].text_th}",
                f"{now.title_th}\n{now.text_th}",
            )
            for item_id, now in changed.items()
        }
        context["candidates"] = await candidates(svc, view)
        context["today"] = to_bangkok(svc.now()).date().isoformat()
    template = "submissions/show.html" if writer else "submissions/final.html"
    return page(request, template, context, status_code=refusal_status(error))


@get("/submissions/{submission_id:uuid}", name="submission", opt=PUBLIC)
async def submission_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    submission_id: FromPath[UUID],
    notice: FromQuery[str | None] = None,
) -> Template:
    """A finalized submission for anyone; a draft for those who write it (its editor)."""
    view = await service.visible(svc, actor, submission_id)
    return await show_page(request, svc, actor, view, notice=notice)


def _back(view: SubmissionView, notice: str, anchor: str) -> Redirect:
    return Redirect(f"/submissions/{view.id}?notice={notice}#{anchor}", status_code=303)


@post("/submissions/{submission_id:uuid}/letter")
async def letter_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID]
) -> Response[Any]:
    """Save the letter from the version it was loaded at: a save from an older one is
    refused (someone else saved first) and what was typed stays in the form."""
    view = await service.visible(svc, actor, submission_id)
    typed = await typed_letter(request)
    with refusal() as refused:
        await svc.run(await revise_command(svc, view, typed), actor)
    if refused.error is not None:
        return await show_page(
            request, svc, actor, view, error=refused.error, typed=typed, form="letter"
        )
    return _back(await service.visible(svc, actor, submission_id), "letter", "letter")


def reordered(ids: list[str], item_id: str, action: str) -> list[str]:
    """The items after one move (up, down), removal or addition."""
    if action == "add":
        return [*ids, item_id] if item_id not in ids else ids
    if item_id not in ids:
        raise NotFound("รายการนี้ไม่ได้อยู่ในหนังสือ", field="item_ids")
    if action == "remove":
        return [i for i in ids if i != item_id]
    n = ids.index(item_id)
    m = n - 1 if action == "up" else n + 1
    if 0 <= m < len(ids):
        ids = list(ids)
        ids[n], ids[m] = ids[m], ids[n]
    return ids


@post("/submissions/{submission_id:uuid}/items/{action:str}")
async def items_form(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    submission_id: FromPath[UUID],
    action: FromPath[str],
) -> Response[Any]:
    """Move an item up or down, remove it, or add (one or several) from the rest; each posts
    the version it was shown at."""
    if action not in ("up", "down", "remove", "add"):
        raise NotFound("ไม่มีคำสั่งนี้")
    view = await service.visible(svc, actor, submission_id)
    values = await form_data(request, multi=("item_id",))
    with refusal() as refused:
        ids = [i.id for i in view.items]
        picked = values.get("item_id") or []
        if not picked:
            raise Invalid("เลือกรายการก่อน", field="item_ids")
        for item_id in picked:
            ids = reordered(ids, str(item_id), action)
        command = parse(
            SetItems,
            {"submission_id": view.id, "version": values.get("version", "0"), "item_ids": ids},
        )
        await svc.run(command, actor)
    if refused.error is not None:
        return await show_page(request, svc, actor, view, error=refused.error, form="items")
    return _back(await service.visible(svc, actor, submission_id), "items", "items")


@post("/submissions/{submission_id:uuid}/changes/{item_id:uuid}/{choice:str}")
async def change_form(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    submission_id: FromPath[UUID],
    item_id: FromPath[UUID],
    choice: FromPath[str],
) -> Response[Any]:
    """Take the item's new text (take), or keep the one taken before (leave)."""
    commands = {"take": TakeChange, "leave": LeaveChange}
    if choice not in commands:
        raise NotFound("ไม่มีคำสั่งนี้")
    view = await service.visible(svc, actor, submission_id)
    with refusal() as refused:
        await svc.run(commands[choice](submission_id=submission_id, item_id=item_id), actor)
    if refused.error is not None:
        return await show_page(request, svc, actor, view, error=refused.error, form="items")
    notice = "taken" if choice == "take" else "left"
    return _back(await service.visible(svc, actor, submission_id), notice, "items")


@post("/submissions/{submission_id:uuid}/finalize")
async def finalize_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID]
) -> Response[Any]:
    """Give the number and the date (the page asked first: this cannot be undone)."""
    view = await service.visible(svc, actor, submission_id)
    values = await form_data(request)
    number = str(values.get("document_number", ""))
    with refusal() as refused:
        try:
            dated = date.fromisoformat(str(values.get("dated", "")))
        except ValueError:
            raise Invalid("กรุณาเลือกวันที่ของหนังสือ", field="dated") from None
        view = await service.finalize(svc, actor, submission_id, number, dated)
    if refused.error is not None:
        typed = {**letter_values(view, await signer_of(svc, view)), **values}
        return await show_page(
            request, svc, actor, view, error=refused.error, typed=typed, form="finalize"
        )
    return Redirect(f"/submissions/{view.id}?notice=finalized", status_code=303)


@post("/submissions/{submission_id:uuid}/correct")
async def correct_form(svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID]) -> Redirect:
    """A correction of a finalized submission: a new draft with its letter and items."""
    view = await service.visible(svc, actor, submission_id)
    command = ComposeSubmission(
        year_be=view.year_be, province_code=view.province_code, corrects=UUID(view.id)
    )
    await svc.run(command, actor)
    return Redirect(f"/submissions/{command.submission_id}?notice=correction", status_code=303)


# --- the year's submissions (national) and a province's letters ---


async def list_page(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    year_be: int,
    province_code: str | None,
    *,
    error: DomainError | None = None,
    values: dict[str, Any] | None = None,
) -> Template:
    edition = next((e for e in await svc.editions() if e.year_be == year_be), None)
    if edition is None:
        raise NotFound(f"ไม่พบการประชุมประจำปี {year_be}")
    found = await submissions.submissions(svc.db, year_be, province_code=province_code)
    shown = [v for v in found if sees_submission(actor, v.province_code, v.final)]
    writer = policy.may(ComposeSubmission, actor) and sees_submission(actor, province_code, False)
    if province_code is None:
        choices = [
            (r.id, r.title_th, f"{r.backing.provinces} จังหวัด · {r.backing.proposals} ข้อเสนอ")
            for r in await recommendations.recommendations(svc.db, year_be)
        ]
    else:
        issues = await consolidation.issues_of_province(svc.db, year_be, province_code)
        choices = [
            (i.id, i.title_th, f"{i.proposal_count} ข้อเสนอ · {i.council_count} สภา") for i in issues
        ]
    context = {
        "edition": edition,
        "province_code": province_code,
        "province_th": province_name(province_code),
        "submissions": shown,
        "may_write": writer,
        "choices": choices if writer else [],
        "error": error,
        "errors": field_errors(error, FORM_LABELS),
        "values": values or {},
        "picked": set(map(str, (values or {}).get("item_ids", []))),
    }
    status = refusal_status(error)
    return page(request, "submissions/index.html", context, status_code=status)


@get("/submissions", name="submissions_now")
async def submissions_now(svc: SvcDep) -> Redirect:
    """The newest edition's submissions (the header's link)."""
    edition = await svc.current_edition()
    return Redirect(f"/editions/{edition.year_be}/submissions", status_code=302)


@get("/editions/{year_be:int}/submissions", name="submissions", opt=PUBLIC)
async def national_list(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, year_be: FromPath[int]
) -> Template:
    """The year's submissions to the Cabinet: finalized ones for everyone, drafts and the
    form for a new one for the secretariat."""
    return await list_page(request, svc, actor, year_be, None)


@get("/provinces/{code:str}/submissions", name="province_submissions", opt=PUBLIC)
async def province_list(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, code: FromPath[str]
) -> Template:
    """A province's letters to its governor (this year's), and its coordinator's form."""
    if geography.province(code) is None:
        raise NotFound(f"ไม่พบจังหวัดรหัส {code}")
    edition = await svc.current_edition()
    return await list_page(request, svc, actor, edition.year_be, code)


async def _compose(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    year_be: int,
    province_code: str | None,
) -> Response[Any]:
    values = await form_data(request, multi=("item_ids",))
    items_key = "issue_ids" if province_code else "recommendation_ids"
    with refusal() as refused:
        data = {
            "year_be": year_be,
            "submission_id": str(uuid4()),
            "subject_th": values.get("subject_th", ""),
            items_key: values.get("item_ids", []),
        }
        if province_code:
            data["province_code"] = province_code
        command = parse(ComposeSubmission, data)
        await svc.run(command, actor)
    if refused.error is not None:
        return await list_page(
            request, svc, actor, year_be, province_code, error=refused.error, values=values
        )
    return Redirect(f"/submissions/{command.submission_id}?notice=composed", status_code=303)


@post("/editions/{year_be:int}/submissions")
async def compose_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, year_be: FromPath[int]
) -> Response[Any]:
    return await _compose(request, svc, actor, year_be, None)


@post("/provinces/{code:str}/submissions")
async def compose_provincial_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, code: FromPath[str]
) -> Response[Any]:
    edition = await svc.current_edition()
    return await _compose(request, svc, actor, edition.year_be, code)


# --- the print preview and the versions ---


@get("/submissions/{submission_id:uuid}/preview", name="submission_preview", opt=PUBLIC)
async def preview_page(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID]
) -> Template:
    """The document as it will print (the same view model every format renders)."""
    view = await service.visible(svc, actor, submission_id)
    document = await service.document(svc, view)
    emblem = await submissions.emblem(svc.db)
    context = {"view": view, "doc": document, "has_emblem": emblem is not None}
    return page(request, "submissions/preview.html", context)


@get("/submissions/{submission_id:uuid}/versions", name="submission_versions", opt=PUBLIC)
async def versions_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    submission_id: FromPath[UUID],
    from_version: FromQuery[int | None] = None,
    to_version: FromQuery[int | None] = None,
) -> Template:
    """Every version (when, by which role, what happened); two chosen: what changed."""
    view = await service.visible(svc, actor, submission_id)
    versions = await submissions.versions(svc.db, view.id)
    diff, error = None, None
    if from_version and to_version:
        with refusal() as refused:
            diff = await service.version_diff(svc, view, from_version, to_version)
        error = refused.error
    context = {
        "view": view,
        "versions": versions,
        "events_th": EVENTS_TH,
        "diff": diff,
        "error": error,
        "from_version": from_version or max(1, view.version - 1),
        "to_version": to_version or view.version,
    }
    return page(request, "submissions/versions.html", context, status_code=refusal_status(error))


ROUTES = [
    submissions_now,
    national_list,
    province_list,
    compose_form,
    compose_provincial_form,
    submission_page,
    letter_form,
    items_form,
    change_form,
    finalize_form,
    correct_form,
    preview_page,
    versions_page,
]

"""One submission as a page: for those who write it, its editor (the letter, the items in
order, changes taken or left, finalizing after a question, a correction of a finalized one);
for everyone else, the public page of a finalized one. The lists, the form that composes a
new one, the print preview and the versions are in `lists`; exports and the emblem in
`downloads`.

Every write builds the same command as the JSON API (`web.submissions.api`) and goes through
`svc.run`; every refusal comes back beside the field it names (`web.pages.refusal`)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from assembly import geography, policy
from assembly.actors import Actor
from assembly.commands import parse
from assembly.errors import DomainError, Invalid, NotFound
from assembly.meetings.national_commands import OUTCOME_TH, Outcome
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
from projections.meetings import national_desk
from projections.submissions import SubmissionView
from web.pages import PUBLIC, field_errors, form_data, page, refusal, refusal_status
from web.services import ActorDep, Services, SvcDep
from web.submissions import service
from web.submissions.diff import words_diff
from web.submissions.downloads import job_context
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


async def choices(
    svc: Services, year_be: int, province_code: str | None
) -> list[tuple[str, str, str]]:
    """What a submission may hold: (id, title, what stands behind it): the year's
    recommendations, or a province's open issues."""
    if province_code is None:
        found = await recommendations.recommendations(svc.db, year_be)
        resolved = await national_desk.outcomes(svc.db, year_be)
        return [
            (
                r.id,
                r.title_th,
                f"{r.backing.provinces} จังหวัด · {r.backing.proposals} ข้อเสนอ"
                + (
                    f" · มติที่ประชุมระดับชาติ: {OUTCOME_TH[Outcome(resolved[r.id])]}"
                    if r.id in resolved
                    else ""
                ),
            )
            for r in found
        ]
    issues = await consolidation.issues_of_province(svc.db, year_be, province_code)
    return [
        (i.id, i.title_th, f"{i.proposal_count} ข้อเสนอ · {i.council_count} สภา") for i in issues
    ]


async def candidates(svc: Services, view: SubmissionView) -> list[tuple[str, str, str]]:
    """What may still be added to it."""
    taken = {i.id for i in view.items}
    found = await choices(svc, view.year_be, view.province_code)
    return [c for c in found if c[0] not in taken]


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
        "going": [job_context(svc, j) for j in await jobs.going_of(svc.db, view.id, view.version)],
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


ROUTES = [
    submission_page,
    letter_form,
    items_form,
    change_form,
    finalize_form,
    correct_form,
]

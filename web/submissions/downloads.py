"""Downloads of a submission on the web: an export starts as a job in the worker process and
the page follows it (a progress bar polled every second by htmx) until its download link
appears; and the organization's emblem, uploaded once, printed at the top of its letters."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, Response, get, post, put
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from assembly import attachments, policy
from assembly.actors import Actor
from assembly.commands import parse
from assembly.errors import DomainError, Invalid, NotFound
from assembly.submissions import SetEmblem
from projections import submissions
from projections.attachments import store_file
from projections.exports import FOLLOWUP, SUBMISSION, ExportJob
from web.pages import PUBLIC, field_errors, page, refusal, refusal_status
from web.services import ActorDep, Services, SvcDep
from web.submissions import service


def job_context(svc: Services, job: ExportJob) -> dict[str, Any]:
    done, what = service.progress_of(svc, job)
    return {
        "job": job,
        "percent": round(done * 100),
        "what": what,
        "label": ("สรุปผลการพิจารณา " if job.kind == FOLLOWUP else "") + job.format.upper(),
        "running": job.status in ("queued", "running"),
    }


@post("/submissions/{submission_id:uuid}/exports", opt=PUBLIC)
async def start_export(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID]
) -> Template:
    """Start making the document in one format; the answer follows its progress. Anyone
    who may read the submission may ask (a finalized one is made once, then served again)."""
    form = await request.form()
    fmt = str(form.get("format") or "")
    kind = str(form.get("kind") or SUBMISSION)  # or FOLLOWUP: สรุปผลการพิจารณา
    job = await service.export(svc, actor, submission_id, fmt, kind)
    return page(request, "submissions/job.html", job_context(svc, job), block="job")


@get("/exports/{job_id:uuid}", name="export_job", opt=PUBLIC)
async def export_job(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, job_id: FromPath[UUID]
) -> Template:
    """How far an export is (htmx asks every second until it is done or failed)."""
    job = await service.job_of(svc, actor, job_id)
    return page(request, "submissions/job.html", job_context(svc, job), block="job")


# --- the emblem ---

EMBLEM_TYPES = ("image/png", "image/jpeg")


async def emblem_page_for(
    request: Request[Any, Any, Any], svc: Services, error: DomainError | None, done: bool = False
) -> Template:
    context = {
        "has_emblem": await submissions.emblem(svc.db) is not None,
        "error": error,
        "errors": field_errors(error),
        "done": done,
    }
    return page(request, "submissions/emblem.html", context, status_code=refusal_status(error))


def _may_set(actor: Actor) -> None:
    policy.authorize(SetEmblem, actor)


@get("/letterhead", name="letterhead")
async def emblem_page(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, done: FromQuery[bool] = False
) -> Template:
    """The emblem printed at the top of the organization's letters: the one in use, and
    the form to upload it (PNG or JPEG)."""
    _may_set(actor)
    return await emblem_page_for(request, svc, None, done)


async def set_emblem(svc: Services, actor: Actor, upload: Any) -> str:
    """Keep the uploaded image (PNG or JPEG, metadata stripped) and make it the emblem."""
    _may_set(actor)  # before reading anybody's bytes
    if upload is None or isinstance(upload, str):
        raise Invalid("กรุณาเลือกไฟล์ภาพตรา (PNG หรือ JPEG)", field="file")
    content = await upload.read()
    media_type = attachments.check(content, upload.filename or "file")
    if media_type not in EMBLEM_TYPES:
        raise Invalid("ตราต้องเป็นภาพ PNG หรือ JPEG", field="file", code="bad_file_type")
    clean = attachments.strip_metadata(content, media_type)
    digest = await store_file(svc.db, clean, media_type)
    await svc.run(parse(SetEmblem, {"sha256": digest}), actor)
    return digest


@post("/letterhead", request_max_body_size=attachments.MAX_BYTES + 64 * 1024)
async def emblem_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep
) -> Response[Any]:
    _may_set(actor)
    form = await request.form()
    with refusal() as refused:
        await set_emblem(svc, actor, form.get("file"))
    if refused.error is not None:
        return await emblem_page_for(request, svc, refused.error)
    return Redirect("/letterhead?done=true", status_code=303)


class EmblemOut(msgspec.Struct):
    sha256: str


@put(
    "/api/v1/letterhead/emblem",
    request_max_body_size=attachments.MAX_BYTES + 64 * 1024,
    tags=["submissions"],
)
async def emblem_api(
    svc: SvcDep,
    actor: ActorDep,
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
) -> EmblemOut:
    """Upload the organization's emblem once (multipart field `file`, PNG or JPEG): it is
    printed at the top centre of its letters from then on."""
    return EmblemOut(await set_emblem(svc, actor, data.get("file")))


@get("/letterhead/emblem", name="emblem_image", opt=PUBLIC)
async def emblem_image(svc: SvcDep) -> Response[bytes]:
    """The emblem itself (it prints on public documents: anyone may see it)."""
    data = await submissions.emblem(svc.db)
    if data is None:
        raise NotFound("ยังไม่มีตราของหน่วยงาน")
    return Response(
        data,
        media_type=attachments.sniff(data) or "application/octet-stream",
        headers={"content-security-policy": "sandbox; default-src 'none'"},
    )


ROUTES = [start_export, export_job, emblem_page, emblem_form, emblem_api, emblem_image]

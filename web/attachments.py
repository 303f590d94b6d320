"""Attachments of proposals: upload (API and form), remove, and download by whoever may see
the proposal. The bytes are checked and stripped of metadata before anything is stored."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID

import msgspec
from litestar import Request, Response, delete, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect

from assembly import attachments, policy
from assembly.actors import Actor
from assembly.commands import parse
from assembly.errors import Invalid, NotFound
from assembly.proposals import AttachFile, RemoveAttachment, check_editor
from projections.attachments import attachment_file, owners_of, store_file
from web.pages import PUBLIC, refusal
from web.proposals.api import visible
from web.proposals.pages import show
from web.services import ActorDep, Services, SvcDep


class AttachmentOut(msgspec.Struct):
    id: str
    filename: str
    media_type: str
    size: int


async def _attach(svc: Services, actor: Actor, proposal_id: UUID, upload: Any) -> AttachmentOut:
    policy.authorize(AttachFile, actor)
    owners = await owners_of(svc.db, str(proposal_id))
    if owners is None:
        raise NotFound("ไม่พบข้อเสนอนี้", field="proposal_id")
    # Before any byte is stored; `handle` checks it again on the aggregate.
    check_editor(
        actor,
        province_code=owners.province_code,
        council_id=owners.council_id,
        on_behalf=owners.on_behalf,
    )
    if not isinstance(upload, UploadFile):
        raise Invalid("ต้องแนบไฟล์ในช่อง file", field="file")
    content = await upload.read()
    filename = (upload.filename or "file").rsplit("/", 1)[-1][:200] or "file"
    media_type = attachments.check(content, filename)
    clean = attachments.strip_metadata(content, media_type)
    digest = await store_file(svc.db, clean, media_type)
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
    await svc.run(command, actor)
    return AttachmentOut(str(command.attachment_id), filename, media_type, len(clean))


UPLOAD_LIMIT = attachments.MAX_BYTES + 64 * 1024


@post(
    "/api/v1/proposals/{proposal_id:uuid}/attachments",
    status_code=201,
    tags=["proposals"],
    request_max_body_size=UPLOAD_LIMIT,
)
async def attach_api(
    svc: SvcDep,
    actor: ActorDep,
    proposal_id: FromPath[UUID],
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
) -> AttachmentOut:
    """Attach a PDF, JPEG or PNG (multipart field `file`, at most 10 MB, 5 per proposal).
    The type is read from the bytes; images lose their location and other metadata."""
    return await _attach(svc, actor, proposal_id, data.get("file"))


@delete(
    "/api/v1/proposals/{proposal_id:uuid}/attachments/{attachment_id:uuid}",
    status_code=204,
    tags=["proposals"],
)
async def detach_api(
    svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID], attachment_id: FromPath[UUID]
) -> None:
    await svc.run(RemoveAttachment(proposal_id=proposal_id, attachment_id=attachment_id), actor)


@post("/proposals/{proposal_id:uuid}/attachments", request_max_body_size=UPLOAD_LIMIT)
async def attach_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID]
) -> Response[Any]:
    form = await request.form()
    with refusal(also=(NotFound,)) as refused:
        await _attach(svc, actor, proposal_id, form.get("file"))
    if refused.error is not None:
        view = await visible(svc.db, actor, proposal_id)
        return await show(request, svc, actor, view, refused.error)
    return Redirect(f"/proposals/{proposal_id}", status_code=303)


@get("/attachments/{attachment_id:uuid}", opt=PUBLIC)
async def download(svc: SvcDep, actor: ActorDep, attachment_id: FromPath[UUID]) -> Response[bytes]:
    """The file, to whoever may see its proposal; always downloaded, never run in the page."""
    found = await attachment_file(svc.db, str(attachment_id))
    if found is None:
        raise NotFound("ไม่พบไฟล์แนบนี้")
    proposal_id, filename, media_type, data = found
    await visible(svc.db, actor, UUID(proposal_id))
    return Response(
        data,
        media_type=media_type,
        headers={
            "content-disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "content-security-policy": "sandbox; default-src 'none'",
        },
    )


ROUTES = [attach_api, detach_api, attach_form, download]

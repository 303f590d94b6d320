"""The follow-up of a finalized submission over JSON: "สรุปผลการพิจารณา", each recommendation
with its numbered agency opinions, in PDF, DOCX, XLSX or JSON.

Public once the submission is finalized (anyone, no sign-in: what the agencies answered the
Cabinet is public record). One with no resolution yet is still a valid document: it says so
(200, not an error). A draft's is refused (409), as is a provincial letter's (the governor
has no Cabinet resolution). Made by the same export jobs as the submission's documents (the
worker process, with progress), once per revision of what came back.
"""

from __future__ import annotations

from uuid import UUID

from litestar import Response, get, post
from litestar.params import FromPath, FromQuery

from projections.exports import FOLLOWUP
from web.pages import PUBLIC
from web.services import ActorDep, SvcDep
from web.submissions import service
from web.submissions.api import JobOut, file_of, job_out


@get("/api/v1/submissions/{submission_id:uuid}/follow-up", tags=["submissions"], opt=PUBLIC)
async def followup_api(
    svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID], format: FromQuery[str] = "pdf"
) -> Response[bytes]:
    """The follow-up document (`format`: pdf, docx, xlsx or json), made off the event loop
    and kept: asked again with nothing new, the same bytes. 409 before the submission is
    finalized; with no resolution yet, a document that says so."""
    job = await service.export(svc, actor, submission_id, format, FOLLOWUP)
    job = await svc.exporter.wait(svc.db, job.id)
    return await file_of(svc, job)


@post(
    "/api/v1/submissions/{submission_id:uuid}/follow-up/exports",
    status_code=202,
    tags=["submissions"],
    opt=PUBLIC,
)
async def start_followup_api(
    svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID], format: FromQuery[str] = "pdf"
) -> JobOut:
    """Start making the follow-up and answer at once (a big PDF takes a while); follow it at
    `/api/v1/exports/{job}`, as the submission's own exports."""
    return job_out(svc, await service.export(svc, actor, submission_id, format, FOLLOWUP))


ROUTES = [followup_api, start_followup_api]

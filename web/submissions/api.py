"""Submissions over JSON: compose, revise the letter and the items, take or leave a change,
versions and their diff, finalize, export (at once, or as a job with progress)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID, uuid4

import msgspec
from litestar import Response, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from assembly.errors import Conflict
from assembly.submissions import (
    ComposeSubmission,
    LeaveChange,
    ReviseLetter,
    SetItems,
    SubmissionCommand,
    TakeChange,
)
from assembly.submissions.commands import (
    DocumentNumber,
    ItemIds,
    LetterText,
    ProvinceCode,
)
from assembly.visibility import sees_submission
from projections import exports as jobs
from projections import submissions
from projections.exports import ExportJob
from projections.submissions import SourceState, SubmissionView, VersionView
from web.errors import StorageFull
from web.pages import PUBLIC
from web.services import ActorDep, Services, SvcDep
from web.submissions import service
from web.submissions.diff import Diff
from web.submissions.exports import FORMATS, STORAGE_FULL_TH

Name = Annotated[str, msgspec.Meta(max_length=200)]
Version = Annotated[int, msgspec.Meta(ge=1)]


class LetterIn(LetterText, kw_only=True):
    """The letter's fields; any left out stay as they are. `signatory_name` is kept apart
    from the record of events (personal data)."""

    signatory_name: Name | None = None


class ComposeIn(LetterIn, kw_only=True):
    recommendation_ids: ItemIds = msgspec.field(default_factory=list)
    corrects: UUID | None = None
    submission_id: UUID | None = None


class ProvincialIn(LetterIn, kw_only=True):
    issue_ids: ItemIds = msgspec.field(default_factory=list)
    corrects: UUID | None = None
    submission_id: UUID | None = None


class ReviseIn(LetterIn, kw_only=True):
    version: Version


class ItemsIn(SubmissionCommand, kw_only=True):
    version: Version
    item_ids: ItemIds


class FinalizeIn(SubmissionCommand, kw_only=True):
    document_number: DocumentNumber
    dated: date


class SubmissionRef(msgspec.Struct):
    id: str
    version: int
    status: str


class SubmissionOut(msgspec.Struct):
    """The submission, and the items whose recommendation (or issue) changed after it was
    taken: finalizing waits until each is taken or left. `exports`: each format made of this
    version, with its SHA-256."""

    submission: SubmissionView
    signatory_name: str | None
    changed: dict[str, SourceState]
    exports: list[ExportJob]


class SubmissionList(msgspec.Struct):
    items: list[SubmissionView]


class VersionList(msgspec.Struct):
    items: list[VersionView]


class JobOut(msgspec.Struct):
    job: ExportJob
    progress: float
    message_th: str
    download: str | None  # where the file is, once done


def _ref(view: SubmissionView) -> SubmissionRef:
    return SubmissionRef(view.id, view.version, view.status)


async def _letter_fields(svc: Services, data: LetterIn) -> dict[str, Any]:
    fields = {
        k: v for k, v in msgspec.structs.asdict(data).items() if k in LetterIn.__struct_fields__
    }
    fields["signatory_id"] = await service.signatory(svc, fields.pop("signatory_name"))
    return fields


async def _after(
    svc: Services, actor: ActorDep, command: SubmissionCommand, submission_id: UUID
) -> SubmissionRef:
    """Run the command, then answer with the submission as it now stands."""
    await svc.run(command, actor)
    return _ref(await service.visible(svc, actor, submission_id))


async def _composed(svc: Services, actor: ActorDep, command: ComposeSubmission) -> SubmissionRef:
    return await _after(svc, actor, command, command.submission_id)


@post("/api/v1/editions/{year_be:int}/submissions", status_code=201, tags=["submissions"])
async def compose_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], data: JSONBody[ComposeIn]
) -> SubmissionRef:
    """A Cabinet submission from national recommendations, in the order given."""
    command = ComposeSubmission(
        year_be=year_be,
        submission_id=data.submission_id or uuid4(),
        recommendation_ids=data.recommendation_ids,
        corrects=data.corrects,
        **await _letter_fields(svc, data),
    )
    return await _composed(svc, actor, command)


@post(
    "/api/v1/editions/{year_be:int}/provinces/{province_code:str}/submissions",
    status_code=201,
    tags=["submissions"],
)
async def compose_provincial_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    province_code: FromPath[ProvinceCode],
    data: JSONBody[ProvincialIn],
) -> SubmissionRef:
    """A province's letter to its governor, from the province's own issues."""
    command = ComposeSubmission(
        year_be=year_be,
        submission_id=data.submission_id or uuid4(),
        province_code=province_code,
        issue_ids=data.issue_ids,
        corrects=data.corrects,
        **await _letter_fields(svc, data),
    )
    return await _composed(svc, actor, command)


@get("/api/v1/editions/{year_be:int}/submissions", tags=["submissions"], opt=PUBLIC)
async def list_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], province: FromQuery[str | None] = None
) -> SubmissionList:
    """The year's submissions, newest first: finalized ones for everyone, drafts for those
    who write them."""
    found = await submissions.submissions(svc.db, year_be, province_code=province)
    shown = []
    for view in found:
        if sees_submission(actor, view.province_code, view.final):
            shown.append(view)
    return SubmissionList(shown)


@get("/api/v1/submissions/{submission_id:uuid}", tags=["submissions"], opt=PUBLIC)
async def submission_api(
    svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID]
) -> SubmissionOut:
    view = await service.visible(svc, actor, submission_id)
    signer = view.letter.get("signatory_id")
    names = await submissions.signatory_names(svc.db, [signer]) if signer else {}
    return SubmissionOut(
        view,
        names.get(signer) if signer else None,
        await service.changes(svc, view),
        await jobs.done_of(svc.db, view.id, view.version),
    )


@put("/api/v1/submissions/{submission_id:uuid}/letter", tags=["submissions"])
async def revise_api(
    svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID], data: JSONBody[ReviseIn]
) -> SubmissionRef:
    """Edit the letter from `version`: an edit from an older version is refused (409), so two
    tabs never overwrite each other silently."""
    await service.visible(svc, actor, submission_id)
    fields = await _letter_fields(svc, data)
    command = ReviseLetter(submission_id=submission_id, version=data.version, **fields)
    return await _after(svc, actor, command, submission_id)


@put("/api/v1/submissions/{submission_id:uuid}/items", tags=["submissions"])
async def items_api(
    svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID], data: JSONBody[ItemsIn]
) -> SubmissionRef:
    """Choose and order the items (recommendations, or a province's issues)."""
    command = SetItems(submission_id=submission_id, version=data.version, item_ids=data.item_ids)
    return await _after(svc, actor, command, submission_id)


@post(
    "/api/v1/submissions/{submission_id:uuid}/items/{item_id:uuid}/take",
    status_code=200,
    tags=["submissions"],
)
async def take_api(
    svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID], item_id: FromPath[UUID]
) -> SubmissionRef:
    """Take the item's changed text into the draft."""
    return await _after(
        svc, actor, TakeChange(submission_id=submission_id, item_id=item_id), submission_id
    )


@post(
    "/api/v1/submissions/{submission_id:uuid}/items/{item_id:uuid}/leave",
    status_code=200,
    tags=["submissions"],
)
async def leave_api(
    svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID], item_id: FromPath[UUID]
) -> SubmissionRef:
    """Keep the text taken before: the change has been seen."""
    return await _after(
        svc, actor, LeaveChange(submission_id=submission_id, item_id=item_id), submission_id
    )


@get("/api/v1/submissions/{submission_id:uuid}/versions", tags=["submissions"], opt=PUBLIC)
async def versions_api(svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID]) -> VersionList:
    view = await service.visible(svc, actor, submission_id)
    return VersionList(await submissions.versions(svc.db, view.id))


@get("/api/v1/submissions/{submission_id:uuid}/diff", tags=["submissions"], opt=PUBLIC)
async def diff_api(
    svc: SvcDep,
    actor: ActorDep,
    submission_id: FromPath[UUID],
    from_version: Annotated[int, QueryParameter(name="from", ge=1)],
    to_version: Annotated[int, QueryParameter(name="to", ge=1)],
) -> Diff:
    """What changed between two versions: letter fields and items, word by word."""
    view = await service.visible(svc, actor, submission_id)
    return await service.version_diff(svc, view, from_version, to_version)


@post("/api/v1/submissions/{submission_id:uuid}/finalize", status_code=200, tags=["submissions"])
async def finalize_api(
    svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID], data: JSONBody[FinalizeIn]
) -> SubmissionRef:
    """Fix the document number and date: frozen from then on."""
    view = await service.finalize(svc, actor, submission_id, data.document_number, data.dated)
    return _ref(view)


@get("/api/v1/submissions/{submission_id:uuid}/export", tags=["submissions"], opt=PUBLIC)
async def export_api(
    svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID], format: FromQuery[str] = "pdf"
) -> Response[bytes]:
    """The document (`format`: pdf, docx, xlsx or json); made off the event loop, and once
    only for a finalized submission."""
    job = await service.export(svc, actor, submission_id, format)
    job = await svc.exporter.wait(svc.db, job.id)
    return await file_of(svc, job)


@post("/api/v1/submissions/{submission_id:uuid}/exports", status_code=202, tags=["submissions"])
async def start_export_api(
    svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID], format: FromQuery[str] = "pdf"
) -> JobOut:
    """Start an export and answer at once; follow it at `/api/v1/exports/{job}`."""
    return job_out(svc, await service.export(svc, actor, submission_id, format))


@get("/api/v1/exports/{job_id:uuid}", tags=["submissions"], opt=PUBLIC)
async def job_api(svc: SvcDep, actor: ActorDep, job_id: FromPath[UUID]) -> JobOut:
    return job_out(svc, await service.job_of(svc, actor, job_id))


@get("/api/v1/exports/{job_id:uuid}/file", tags=["submissions"], opt=PUBLIC)
async def job_file_api(svc: SvcDep, actor: ActorDep, job_id: FromPath[UUID]) -> Response[bytes]:
    return await file_of(svc, await service.job_of(svc, actor, job_id))


def job_out(svc: Services, job: ExportJob) -> JobOut:
    done, what = service.progress_of(svc, job)
    link = f"/api/v1/exports/{job.id}/file" if job.status == "done" else None
    return JobOut(job, done, what, link)


async def file_of(svc: Services, job: ExportJob) -> Response[bytes]:
    found = await jobs.file(svc.db, job.sha256) if job.status == "done" and job.sha256 else None
    if found is None:
        if job.status == "failed" and job.error_th == STORAGE_FULL_TH:
            raise StorageFull(job.error_th, message_en="no room to store the file")
        raise Conflict(job.error_th or "เอกสารยังไม่เสร็จ", code="export_not_ready")
    view = await submissions.submission(svc.db, job.submission_id)
    assert view is not None
    name = service.filename(view, job.format, job.kind, job.revision)
    return Response(
        found[1],
        media_type=FORMATS[job.format][0],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-SHA256": job.sha256 or "",
        },
    )


ROUTES = [
    compose_api,
    compose_provincial_api,
    list_api,
    submission_api,
    revise_api,
    items_api,
    take_api,
    leave_api,
    versions_api,
    diff_api,
    finalize_api,
    export_api,
    start_export_api,
    job_api,
    job_file_api,
]

"""What the submission pages and the API share: reading a submission as the actor may see it,
its document (built from the read model, or the frozen one once final), writing through
`handle` with the signatory's name kept out of events, finalizing, and exporting."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec

from assembly import policy
from assembly.actors import Actor
from assembly.errors import Conflict, Invalid, NotFound
from assembly.submissions import FinalizeSubmission
from assembly.thai import normalize_line
from assembly.visibility import check_submission
from projections import exports as jobs
from projections import followup_document, submissions
from projections.attachments import store_file
from projections.document_data import build
from projections.documents import SubmissionDocument, decode, encode
from projections.exports import ExportJob
from projections.submissions import SourceState, SubmissionView
from web.services import Services
from web.submissions.diff import Diff, diff
from web.submissions.exports import FORMATS

MAX_SIGNATORY = 200


async def visible(svc: Services, actor: Actor, submission_id: UUID | str) -> SubmissionView:
    view = await submissions.submission(svc.db, str(submission_id))
    if view is None:
        raise NotFound("ไม่พบหนังสือนี้", field="submission_id")
    check_submission(actor, view.province_code, view.final)
    return view


async def signatory(svc: Services, name: str | None) -> UUID | None:
    """Keep a signatory's name out of events: stored aside, only its id goes on."""
    if name is None:
        return None
    clean = normalize_line(name)
    if not clean or len(clean) > MAX_SIGNATORY:
        raise Invalid(f"ชื่อผู้ลงนาม: ต้องมี 1 ถึง {MAX_SIGNATORY} ตัวอักษร", field="signatory_name")
    return UUID(await submissions.remember_signatory(svc.db, clean))


async def document(svc: Services, view: SubmissionView) -> SubmissionDocument:
    """The document as it prints: the frozen one once final, else as the read model stands."""
    if view.final:
        return decode(await document_bytes(svc, view))
    return await build(svc.db, view)


async def document_bytes(svc: Services, view: SubmissionView) -> bytes:
    """The same, encoded: a final one's kept bytes as they are (the exports render those)."""
    if view.final and view.document_sha256:
        found = await jobs.file(svc.db, view.document_sha256)
        if found is not None:
            return found[1]
    return encode(await build(svc.db, view))


async def changes(svc: Services, view: SubmissionView) -> dict[str, SourceState]:
    """Items whose source moved on since it was taken and nobody has looked: id -> now."""
    if view.final:
        return {}
    now = await submissions.sources(svc.db, view)
    return {i.id: now[i.id] for i in view.items if i.id in now and now[i.id].version != i.seen}


async def finalize(
    svc: Services, actor: Actor, submission_id: UUID, number: str, dated: date
) -> SubmissionView:
    """Freeze the document this version makes (number and date in it), keep it, then
    finalize naming it: every later export renders those same bytes."""
    policy.authorize(FinalizeSubmission, actor)
    view = await visible(svc, actor, submission_id)
    if view.final:
        raise Conflict(
            "หนังสือนี้ออกเลขแล้ว แก้ไขไม่ได้ หากต้องแก้ให้จัดทำหนังสือแก้ไขที่อ้างถึงฉบับนี้",
            code="finalized",
        )
    draft = await build(svc.db, view)
    frozen = msgspec.structs.replace(
        draft,
        version=view.version + 1,
        final=True,
        letter=msgspec.structs.replace(draft.letter, number=normalize_line(number), dated=dated),
    )
    sha = await store_file(svc.db, encode(frozen), "application/json")
    command = FinalizeSubmission(
        submission_id=submission_id,
        version=view.version,
        document_number=number,
        dated=dated,
        document_sha256=sha,
    )
    await svc.run(command, actor)
    for fmt in FORMATS:  # made once, now: the page shows each format's SHA-256 when done
        await export(svc, actor, submission_id, fmt)
    return await visible(svc, actor, submission_id)


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Invalid(
            f"ไม่มีรูปแบบ “{fmt}” เลือกได้: {', '.join(FORMATS)}",
            message_en=f"format must be one of {', '.join(FORMATS)}",
            field="format",
        )
    return fmt


def check_followup(view: SubmissionView) -> None:
    """A follow-up is of a finalized submission to the Cabinet (one without a resolution
    yet has an empty one: still a valid document)."""
    if not view.final:
        raise Conflict(
            "หนังสือนี้ยังไม่ออกเลข จึงยังไม่มีสรุปผลการพิจารณา",
            message_en="the submission is not finalized: no follow-up yet",
            field="submission_id",
            code="not_finalized",
        )
    if view.province_code is not None:
        raise Conflict(
            "หนังสือถึงผู้ว่าราชการจังหวัดไม่มีมติคณะรัฐมนตรี จึงไม่มีสรุปผลการพิจารณา",
            message_en="a provincial submission has no Cabinet follow-up",
            field="submission_id",
            code="not_national",
        )


async def export(
    svc: Services, actor: Actor, submission_id: UUID, fmt: str, kind: str = jobs.SUBMISSION
) -> ExportJob:
    """Start (or find) the export of the submission's current version in `fmt`: the letter
    (`SUBMISSION`, its ความเห็น column filled once answers come back) or its follow-up
    (`FOLLOWUP`), each kept per revision of what came back."""
    check_format(fmt)
    if kind not in jobs.KINDS:
        raise Invalid(f"ไม่มีเอกสารชนิด “{kind}”", field="kind")
    view = await visible(svc, actor, submission_id)
    if kind == jobs.FOLLOWUP:
        check_followup(view)
    revision = await followup_document.revision(svc.db, view)
    made = await jobs.made(svc.db, view.id, view.version, fmt, kind, revision)
    if made is not None and (view.final or made.status != "done"):
        return made  # a final document is made once a revision; a draft's again when it changed
    if view.final:
        revision, full = await followup_document.with_answers(
            svc.db, view, followup=kind == jobs.FOLLOWUP
        )
        data = encode(full)
    else:
        data = await document_bytes(svc, view)
    emblem = await submissions.emblem(svc.db)
    job_id = await svc.exporter.start(
        svc.db, view.id, view.version, fmt, data, emblem, kind, revision
    )
    found = await jobs.job(svc.db, job_id)
    assert found is not None
    return found


async def job_of(svc: Services, actor: Actor, job_id: UUID) -> ExportJob:
    found = await jobs.job(svc.db, str(job_id))
    if found is None:
        raise NotFound("ไม่พบงานสร้างเอกสารนี้", field="job_id")
    await visible(svc, actor, found.submission_id)
    return found


def progress_of(svc: Services, job: ExportJob) -> tuple[float, str]:
    """How far a running job is (the worker reports it to this process)."""
    if job.status in ("done", "failed"):
        return (1.0, job.error_th or job.message_th)
    return svc.exporter.progress(job.id) or (job.progress, job.message_th)


def filename(view: SubmissionView, fmt: str, kind: str = jobs.SUBMISSION, revision: int = 0) -> str:
    to = f"province-{view.province_code}" if view.province_code else "cabinet"
    name = f"{kind}-{view.year_be}-{to}-v{view.version}"
    return f"{name}{f'-r{revision}' if revision else ''}.{FORMATS[fmt][1]}"


async def version_diff(
    svc: Services, view: SubmissionView, from_version: int, to_version: int
) -> Diff:
    versions = {v.version: v for v in await submissions.versions(svc.db, view.id)}
    for field, wanted in (("from", from_version), ("to", to_version)):
        if wanted not in versions:
            raise NotFound(f"ไม่มีฉบับที่ {wanted} (หนังสือนี้มี {len(versions)} ฉบับ)", field=field)
    before, after = versions[from_version], versions[to_version]
    signers = [str(v.letter.get("signatory_id")) for v in (before, after)]
    names = await submissions.signatory_names(svc.db, [s for s in signers if s != "None"])
    return diff(before, after, names)

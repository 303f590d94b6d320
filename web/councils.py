"""The council registry: register one, import many from CSV, list by province."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody, Parameter
from litestar.response import Redirect, Template

from assembly import geography, visibility
from assembly.actors import Actor
from assembly.commands import parse
from assembly.councils import (
    MAX_CSV_BYTES,
    ImportCouncils,
    RegisterCouncil,
    council_id,
    read_csv,
)
from assembly.errors import DomainError, Invalid, NotFound
from assembly.visibility import Seen
from projections import councils, invitations
from projections.councils import CouncilView
from projections.invitations import STATE_TH
from web.guards import may_issue
from web.pages import PUBLIC, form_data, page, refusal
from web.services import ActorDep, DbDep, Services, SvcDep

UPLOAD_LIMIT = MAX_CSV_BYTES + 64 * 1024  # the file plus the form around it


class CouncilOut(msgspec.Struct):
    """A registered council as the public API shows it (API.md's fields, and place names)."""

    id: str
    code: str
    name_th: str
    province_code: str
    district_code: str
    subdistrict_code: str
    district_name_th: str
    subdistrict_name_th: str

    @classmethod
    def of(cls, view: CouncilView) -> CouncilOut:
        return cls(*(getattr(view, f) for f in cls.__struct_fields__))


class CouncilPage(msgspec.Struct):
    items: list[CouncilOut]
    next_cursor: str | None


class CouncilRef(msgspec.Struct):
    id: str


class ImportResult(msgspec.Struct):
    imported: int
    rejected: int


@get("/api/v1/councils", tags=["councils"], opt=PUBLIC)
async def councils_api(
    db: DbDep,
    province: Annotated[str, Parameter(pattern=r"^[0-9]{2}$")],
    limit: Annotated[int, Parameter(ge=1, le=1000)] = 100,
    cursor: FromQuery[str | None] = None,
) -> CouncilPage:
    """Registered councils of a province, by code; page with `cursor`."""
    found = await councils.of_province(db, province, limit=limit, cursor=cursor)
    return CouncilPage([CouncilOut.of(c) for c in found.items], found.next_cursor)


@post("/api/v1/councils", status_code=201, tags=["councils"])
async def register_api(svc: SvcDep, actor: ActorDep, data: JSONBody[RegisterCouncil]) -> CouncilRef:
    """Register one council (organizer)."""
    await svc.run(data, actor)
    return CouncilRef(str(data.id))


async def _import(svc: Services, actor: Actor, content: bytes) -> ImportResult:
    command = read_csv(content)
    await svc.run(command, actor)
    return ImportResult(imported=len(command.rows), rejected=0)


@post(
    "/api/v1/councils/import",
    status_code=201,
    tags=["councils"],
    request_max_body_size=UPLOAD_LIMIT,
    guards=[may_issue(ImportCouncils)],
)
async def import_api(
    svc: SvcDep,
    actor: ActorDep,
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
) -> ImportResult:
    """Import councils from a UTF-8 CSV (multipart field `file`). All rows or none;
    a refusal lists the rejected rows by line number (422, `error.details`)."""
    upload = data.get("file")
    if not isinstance(upload, UploadFile):
        raise Invalid("ต้องแนบไฟล์ CSV ในช่อง file", field="file")
    return await _import(svc, actor, await upload.read())


@get("/councils/new", name="council_new", guards=[may_issue(RegisterCouncil)])
async def new_council_page(request: Request[Any, Any, Any]) -> Template:
    return _form(request, {}, None)


def _form(
    request: Request[Any, Any, Any], values: dict[str, Any], error: DomainError | None
) -> Template:
    return page(
        request,
        "councils/new.html",
        {"values": values, "error": error, "provinces": geography.provinces()},
        status_code=422 if error else 200,
    )


@post("/councils", guards=[may_issue(RegisterCouncil)])
async def register_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep
) -> Response[Any]:
    values = await form_data(request)
    with refusal() as refused:
        command = parse(RegisterCouncil, values)
        await svc.run(command, actor)
    if refused.error is not None:
        return _form(request, values, refused.error)
    return Redirect(f"/councils/{command.id}", status_code=303)


@get("/councils/import", name="council_import", guards=[may_issue(ImportCouncils)])
async def import_page(request: Request[Any, Any, Any]) -> Template:
    return page(request, "councils/import.html", {"result": None, "error": None})


@post(
    "/councils/import",
    request_max_body_size=UPLOAD_LIMIT,
    guards=[may_issue(ImportCouncils)],
)
async def import_form(request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep) -> Template:
    form = await request.form()
    upload = form.get("file")
    result = None
    with refusal() as refused:
        if not isinstance(upload, UploadFile):
            raise Invalid("กรุณาเลือกไฟล์ CSV", field="file")
        result = await _import(svc, actor, await upload.read())
    return page(
        request,
        "councils/import.html",
        {"result": result, "error": refused.error},
        block="result",
        status_code=422 if refused.error else 200,
    )


@get("/councils/{council_id:uuid}", name="council", opt=PUBLIC)
async def council_page(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, council_id: FromPath[UUID]
) -> Template:
    found = await councils.get(svc.db, str(council_id))
    if found is None:
        raise NotFound("ไม่พบสภาองค์กรชุมชนตำบลนี้")
    province = geography.province(found.province_code)
    onboarding = visibility.sees(actor, Seen.INVITATIONS, province_code=found.province_code)
    codes = await invitations.of_council(svc.db, str(council_id)) if onboarding else []
    return page(
        request,
        "councils/show.html",
        {
            "council": found,
            "province": province,
            "onboarding": onboarding,
            "invitations": [(i, i.state(svc.now())) for i in codes],
            "state_th": STATE_TH,
        },
    )


__all__ = ["council_id"]

ROUTES = [
    councils_api,
    register_api,
    import_api,
    new_council_page,
    register_form,
    import_page,
    import_form,
    council_page,
]

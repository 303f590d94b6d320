"""The yearly calendar: the line under every page's header (where the newest edition stands and
what comes next), the organizer's timeline editor, and its JSON.

The rules (order, the edition's years, a begun phase moved only with a reason, a passed one
never) are the Edition's (`assembly.calendar`, `assembly.timeline`); this module only shows
them and sends `SetTimeline` / `CloseProposalWindow` through the one write path.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from litestar import Request, Response, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from assembly.calendar import CloseProposalWindow, SetTimeline
from assembly.commands import Command, parse
from assembly.errors import DomainError, NotFound
from assembly.thai import BANGKOK, thai_date, thai_datetime, to_bangkok
from assembly.timeline import MOMENTS, ORDER, PHASE_SHORT_TH, PHASE_TH, Phase
from projections import calendar, editions
from projections.calendar import Amendment, PhaseView
from projections.editions import EditionView
from web.filters import left
from web.guards import may_issue
from web.pages import PUBLIC, field_errors, form_data, page, refusal, refusal_status
from web.services import ActorDep, Services, SvcDep

# --- where the newest edition stands: the line under every page's header ---


class CalendarLine(msgspec.Struct, frozen=True):
    """What the header shows: short segments, each kept whole when the line wraps."""

    year_be: int
    segments: list[str]


def last_day(ends_at: datetime) -> datetime:
    """A window that ends at midnight ends on the day before ("ถึง 31 ม.ค.", not "1 ก.พ.")."""
    local = to_bangkok(ends_at)
    return local - timedelta(microseconds=1) if local.time() == datetime.min.time() else local


def line_of(year_be: int, phases: list[PhaseView], now: datetime) -> CalendarLine | None:
    stands = calendar.where(phases, now)
    segments = []
    if stands.current is not None:
        name = PHASE_SHORT_TH[Phase(stands.current.phase)]
        until = thai_date(last_day(stands.current.ends_at), short=True)
        segments += [f"ช่วงนี้: {name} ถึง {until}", f"เหลือ {left(stands.current.ends_at, now)}"]
    if stands.next is not None:
        name = PHASE_SHORT_TH[Phase(stands.next.phase)]
        segments.append(f"ถัดไป: {name} {thai_date(stands.next.starts_at, short=True)}")
        if stands.current is None:
            segments.append(f"อีก {left(stands.next.starts_at, now)}")
    return CalendarLine(year_be, segments) if segments else None


async def calendar_line(svc: Services) -> CalendarLine | None:
    """The newest edition's line, from the cached editions and phases (no query most times)."""
    found = await svc.editions()
    if not found:
        return None
    newest = found[0]
    return line_of(newest.year_be, (await svc.timelines()).get(newest.year_be, []), svc.now())


# --- JSON shapes ---


def local_phase(p: PhaseView) -> PhaseView:
    return msgspec.structs.replace(
        p, starts_at=p.starts_at.astimezone(BANGKOK), ends_at=p.ends_at.astimezone(BANGKOK)
    )


def local_amendment(a: Amendment) -> Amendment:
    return msgspec.structs.replace(
        a,
        starts_at=a.starts_at.astimezone(BANGKOK),
        ends_at=a.ends_at.astimezone(BANGKOK),
        amended_at=a.amended_at.astimezone(BANGKOK),
    )


class TimelineOut(msgspec.Struct):
    year_be: int
    timeline: list[PhaseView]  # each phase set so far, in order
    current_phase: str | None  # the phase running now (none between phases)
    next_phase: str | None  # the next to begin (or the due date to come)
    amendments: list[Amendment]  # begun phases moved, with their reasons, oldest first


async def timeline_out(svc: Services, year_be: int) -> TimelineOut:
    phases = await calendar.timeline(svc.db, year_be)
    stands = calendar.where(phases, svc.now())
    return TimelineOut(
        year_be=year_be,
        timeline=[local_phase(p) for p in phases],
        current_phase=stands.current.phase if stands.current else None,
        next_phase=stands.next.phase if stands.next else None,
        amendments=[local_amendment(a) for a in await calendar.amendments(svc.db, year_be)],
    )


class TimelineIn(Command, kw_only=True):
    """SetTimeline's fields without the year (the path says it). A phase left out stays."""

    labels = SetTimeline.labels
    multiline = SetTimeline.multiline

    proposals_starts_at: datetime | None = None
    proposals_ends_at: datetime | None = None
    provincial_starts_at: datetime | None = None
    provincial_ends_at: datetime | None = None
    national_starts_at: datetime | None = None
    national_ends_at: datetime | None = None
    submission_due_at: datetime | None = None
    answers_due_at: datetime | None = None
    reason_th: Annotated[str, msgspec.Meta(max_length=1_000)] | None = None


async def _edition(svc: Services, year_be: int) -> EditionView:
    found = await editions.get(svc.db, year_be)
    if found is None:
        raise NotFound(f"ไม่พบการประชุมประจำปี {year_be}", field="year_be")
    return found


@get("/api/v1/editions/{year_be:int}/timeline", tags=["calendar"], opt=PUBLIC)
async def timeline_api(svc: SvcDep, year_be: FromPath[int]) -> TimelineOut:
    """The edition's phases with their dates, where today stands, and the amendments."""
    await _edition(svc, year_be)
    return await timeline_out(svc, year_be)


@put("/api/v1/editions/{year_be:int}/timeline", tags=["calendar"])
async def set_timeline_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], data: JSONBody[TimelineIn]
) -> TimelineOut:
    """Set the edition's calendar (organizer). A phase left out stays as it is; moving a begun
    phase needs `reason_th` (recorded as an amendment); a passed phase never moves."""
    fields = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not None}
    await svc.run(parse(SetTimeline, {"year_be": year_be, **fields}), actor)
    return await timeline_out(svc, year_be)


class Closed(msgspec.Struct):
    year_be: int
    status: str
    closes_at: datetime


@post("/api/v1/editions/{year_be:int}/close-window", status_code=200, tags=["calendar"])
async def close_window_api(svc: SvcDep, actor: ActorDep, year_be: FromPath[int]) -> Closed:
    """Record the proposal window's close (409 before its time; again changes nothing)."""
    await svc.run(CloseProposalWindow(year_be=year_be), actor)
    view = await _edition(svc, year_be)
    return Closed(year_be, "closed", view.proposal_closes_at.astimezone(BANGKOK))


# --- the organizer's timeline editor ---


def fields_of_phase(phase: Phase) -> list[tuple[str, str]]:
    """(field, which end) of a phase's inputs: a due date has one."""
    if phase in MOMENTS:
        return [(f"{phase.value}_due_at", "ends")]
    return [(f"{phase.value}_starts_at", "starts"), (f"{phase.value}_ends_at", "ends")]


def input_value(moment: datetime) -> str:
    """<input type=datetime-local>'s value: Bangkok time to the minute."""
    return f"{to_bangkok(moment):%Y-%m-%dT%H:%M}"


class PhaseRow(msgspec.Struct, frozen=True):
    """One phase of the editor: its inputs and whether it may still move."""

    phase: str
    name_th: str
    state: str  # unset | upcoming | running | passed
    view: PhaseView | None
    # (field, label, the input's value, the stored date in Thai): a phone's date picker shows
    # the Gregorian year in the phone's own format, so the page says the date in the BE too.
    fields: list[tuple[str, str, str, str]]


def state_of(view: PhaseView | None, now: datetime, from_paper: bool) -> str:
    if view is None:
        return "unset"
    if from_paper:  # a past edition entered from paper is written down freely
        return "upcoming"
    if now >= view.ends_at:
        return "passed"
    return "running" if now >= view.starts_at else "upcoming"


def rows_of(phases: list[PhaseView], now: datetime, from_paper: bool) -> list[PhaseRow]:
    by_phase = {Phase(p.phase): p for p in phases}
    rows = []
    for phase in ORDER:
        view = by_phase.get(phase)
        stored = [
            (n, getattr(view, f"{end}_at") if view else None) for n, end in fields_of_phase(phase)
        ]
        fields = [
            (
                name,
                SetTimeline.labels[name],
                input_value(at) if at else "",
                f"ตอนนี้: {thai_datetime(at)}" if at else "",
            )
            for name, at in stored
        ]
        rows.append(
            PhaseRow(phase.value, PHASE_TH[phase], state_of(view, now, from_paper), view, fields)
        )
    return rows


def changed_fields(values: dict[str, Any], phases: list[PhaseView]) -> dict[str, Any]:
    """The posted phases that differ from the read model: the form sends every phase, but
    only those changed go into the command (a minute-precision input would otherwise "move"
    a phase set to the second). An input left as it was keeps its exact moment."""
    by_phase = {Phase(p.phase): p for p in phases}
    data: dict[str, Any] = {}
    for phase in ORDER:
        view = by_phase.get(phase)
        names = fields_of_phase(phase)
        posted = {name: values.get(name) for name, _ in names}
        current = {name: getattr(view, f"{end}_at") if view else None for name, end in names}
        if all(posted[n] in (None, input_value(c) if c else None) for n, c in current.items()):
            continue
        for name, moment in current.items():
            if posted[name] is None or (moment and posted[name] == input_value(moment)):
                if moment is not None:
                    data[name] = moment
            else:
                data[name] = from_input(posted[name])
    if data and values.get("reason_th"):
        data["reason_th"] = values["reason_th"]
    return data


def from_input(value: Any) -> Any:
    """datetime-local sends 2027-01-31T16:30: a Bangkok time without seconds."""
    return value + ":00" if isinstance(value, str) and len(value) == 16 else value


def phases_in(data: dict[str, Any]) -> list[Phase]:
    return [p for p in ORDER if any(name in data for name, _ in fields_of_phase(p))]


def saved_notice(saved: str, amended: str, phases: list[PhaseView]) -> str | None:
    """ "บันทึกแล้ว: …" naming each phase set now with its new dates (from the redirect's query)."""
    names = {p.strip() for p in saved.split(",")}
    moved = {p.strip() for p in amended.split(",")}
    said = []
    for view in phases:
        if view.phase not in names:
            continue
        dates = thai_datetime(view.starts_at)
        if not view.moment:
            dates += f" ถึง {thai_datetime(view.ends_at)}"
        how = " (บันทึกเป็นการแก้ไขพร้อมเหตุผล)" if view.phase in moved else ""
        said.append(f"{PHASE_TH[Phase(view.phase)]} {dates}{how}")
    return "บันทึกปฏิทินแล้ว: " + "; ".join(said) if said else None


def _editor(
    request: Request[Any, Any, Any],
    svc: Services,
    edition: EditionView,
    phases: list[PhaseView],
    *,
    values: dict[str, Any] | None = None,
    error: DomainError | None = None,
    notice: str | None = None,
) -> Template:
    rows = rows_of(phases, svc.now(), edition.from_paper)
    if values:  # shown again after a refusal: what was typed, not what is stored
        rows = [
            msgspec.structs.replace(
                r, fields=[(n, lbl, values.get(n, v), th) for n, lbl, v, th in r.fields]
            )
            for r in rows
        ]
    return page(
        request,
        "calendar/edit.html",
        {
            "edition": edition,
            "rows": rows,
            "running": [r for r in rows if r.state == "running"],
            "errors": field_errors(error, SetTimeline.labels),
            "error": error,
            "reason": (values or {}).get("reason_th", ""),
            "notice": notice,
            "now": svc.now(),
        },
        status_code=refusal_status(error),
    )


@get("/editions/{year_be:int}/timeline", name="timeline_edit", guards=[may_issue(SetTimeline)])
async def timeline_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    year_be: FromPath[int],
    saved: FromQuery[str] = "",
    amended: FromQuery[str] = "",
) -> Template:
    edition = await _edition(svc, year_be)
    phases = await calendar.timeline(svc.db, year_be)
    notice = saved_notice(saved, amended, phases) if saved else None
    return _editor(request, svc, edition, phases, notice=notice)


@post("/editions/{year_be:int}/timeline", guards=[may_issue(SetTimeline)])
async def timeline_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, year_be: FromPath[int]
) -> Response[Any]:
    edition = await _edition(svc, year_be)
    phases = await calendar.timeline(svc.db, year_be)
    values = await form_data(request)
    data = changed_fields(values, phases)
    if not phases_in(data):
        return _editor(request, svc, edition, phases, notice="ไม่มีวันที่เปลี่ยน จึงไม่ได้บันทึกอะไร")
    now = svc.now()
    begun = [p.phase for p in phases if not edition.from_paper and p.starts_at <= now < p.ends_at]
    with refusal() as refused:
        await svc.run(parse(SetTimeline, {"year_be": year_be, **data}), actor)
    if refused.error is not None:
        return _editor(request, svc, edition, phases, values=values, error=refused.error)
    saved = [p.value for p in phases_in(data)]
    query = {"saved": ",".join(saved), "amended": ",".join(p for p in saved if p in begun)}
    return Redirect(f"/editions/{year_be}/timeline?{urlencode(query)}", status_code=303)


ROUTES = [timeline_api, set_timeline_api, close_window_api, timeline_page, timeline_form]

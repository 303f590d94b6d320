"""Reading a record: the whole file is checked before anything is written, and every problem
is listed with its JSON path (`$.answers[3].agency`) and a Thai message.

First each field on its own (present, of its type, inside its limits), then what ties the
parts together: the window is past, the year is not a live edition, every agency resolves,
every `recommendation` number names one in the file, the dates follow one another."""

from __future__ import annotations

import types
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Union, get_args, get_origin

import msgspec

from assembly.agencies import resolve
from assembly.categories import DEFAULT_CATEGORIES
from assembly.commands import _reason_th
from assembly.editions import Edition, OpenEdition, aware, edition_id
from assembly.errors import DomainError, Invalid, Malformed, TooLarge
from assembly.store import Store
from assembly.thai import be_year, thai_date, to_bangkok
from web.records.record import FORMAT, LABELS, MAX_BYTES, Record


class Problem(msgspec.Struct, frozen=True):
    path: str
    message_th: str

    def detail(self) -> dict[str, object]:
        # `line` and `field` as the pages' refusal table reads them
        return {"path": self.path, "line": self.path, "field": "", "message_th": self.message_th}


Problems = list[Problem]


def read(content: bytes, store: Store, now: datetime) -> Record:
    """The record, or one `Invalid` whose `details` list every problem (nothing written)."""
    if len(content) > MAX_BYTES:
        raise TooLarge(f"ไฟล์ใหญ่เกิน {MAX_BYTES // (1024 * 1024)} MB", field="file")
    try:
        data = msgspec.json.decode(content)
    except msgspec.DecodeError as exc:
        raise Malformed(
            f"อ่านไฟล์ JSON ไม่ได้ ({exc})", message_en="malformed JSON", field="file"
        ) from None
    problems: Problems = []
    _walk(data, Record, "$", problems)
    if problems:
        raise _refusal(problems)
    record = msgspec.convert(data, Record, strict=False)
    consistency(record, store, now, problems)
    if problems:
        raise _refusal(problems)
    return record


def _refusal(problems: Problems) -> Invalid:
    return Invalid(
        f"บันทึกนี้มีปัญหา {len(problems)} ข้อ ยังไม่ได้นำเข้าสิ่งใด แก้ไฟล์แล้วส่งใหม่",
        message_en=f"{len(problems)} problems; nothing was imported",
        field="file",
        code="record_invalid",
        details=[p.detail() for p in problems],
    )


def _label(name: str) -> str:
    return LABELS.get(name, name)


# --- each field on its own ---


def _struct_of(kind: Any) -> type[msgspec.Struct] | None:
    return kind if isinstance(kind, type) and issubclass(kind, msgspec.Struct) else None


def _unwrap(kind: Any) -> Any:
    """`X | None` -> X; Annotated[...] -> its type (for recursing into structs and lists)."""
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        rest = [a for a in get_args(kind) if a is not type(None)]
        return _unwrap(rest[0]) if len(rest) == 1 else kind
    if hasattr(kind, "__metadata__"):
        return _unwrap(get_args(kind)[0])
    return kind


def _walk(value: Any, kind: Any, path: str, problems: Problems) -> None:
    inner = _unwrap(kind)
    struct = _struct_of(inner)
    if struct is not None and value is not None:
        if not isinstance(value, dict):
            problems.append(Problem(path, "ต้องเป็นออบเจ็กต์ JSON ({…})"))
            return
        fields = {f.encode_name: f for f in msgspec.structs.fields(struct)}
        for key in value:
            if key not in fields:
                problems.append(Problem(f"{path}.{key}", f"ไม่รู้จักช่องข้อมูล “{key}”"))
        for name, field in fields.items():
            if name not in value:
                if field.required:
                    problems.append(Problem(f"{path}.{name}", f"ต้องระบุ{_label(name)}"))
                continue
            _walk(value[name], field.type, f"{path}.{name}", problems)
        return
    if get_origin(inner) is list and isinstance(value, list):
        element = get_args(inner)[0]
        if _struct_of(_unwrap(element)) is not None:
            _convert(value, _outer_limits(kind), path, problems)  # its own length first
            for i, item in enumerate(value):
                _walk(item, element, f"{path}[{i}]", problems)
            return
    _convert(value, kind, path, problems)


def _outer_limits(kind: Any) -> Any:
    """A list of structs checked only for its length (elements are walked one by one)."""
    bare = _strip_none(kind)
    meta = getattr(bare, "__metadata__", None)
    return Annotated[list[Any], *meta] if meta else list[Any]


def _strip_none(kind: Any) -> Any:
    if get_origin(kind) in (Union, types.UnionType):
        rest = [a for a in get_args(kind) if a is not type(None)]
        return rest[0] if len(rest) == 1 else kind
    return kind


def _convert(value: Any, kind: Any, path: str, problems: Problems) -> None:
    name = path.rsplit(".", 1)[-1].split("[")[0]
    try:
        msgspec.convert(value, kind, strict=False)
    except msgspec.ValidationError as exc:
        message = str(exc)
        if path == "$.format":
            problems.append(Problem(path, f"รูปแบบไฟล์ต้องเป็น “{FORMAT}”"))
        elif "date" in message and "datetime" not in message:
            problems.append(Problem(path, f"{_label(name)}: วันที่ไม่ถูกต้อง (เช่น 2022-11-01)"))
        else:
            problems.append(Problem(path, f"{_label(name)}: {_reason_th(message)}"))


# --- what ties the parts together ---


def consistency(record: Record, store: Store, now: datetime, problems: Problems) -> None:
    e = record.edition
    year = e.year_be
    today = to_bangkok(now).date()
    _edition(record, store, now, problems)
    codes = {c.code for c in e.categories} if e.categories else {c for c, _ in DEFAULT_CATEGORIES}
    count = len(record.recommendations)

    def agency(text: str, path: str) -> None:
        try:
            resolve(store, text)
        except DomainError as exc:
            problems.append(Problem(path, exc.message_th))

    def number(n: int, path: str) -> bool:
        if n > count:
            problems.append(Problem(path, f"ไม่มีข้อเสนอแนะที่ {n} ในไฟล์ (มี {count} ข้อ)"))
            return False
        return True

    for i, r in enumerate(record.recommendations):
        at = f"$.recommendations[{i}]"
        if r.category is not None and r.category not in codes:
            problems.append(Problem(f"{at}.category", f"ไม่มีหมวดหมู่ “{r.category}” ในการประชุมปีนี้"))
        for j, text in enumerate(r.agencies):
            agency(text, f"{at}.agencies[{j}]")
    s = record.submission
    if be_year(s.dated.year) != year:
        problems.append(
            Problem("$.submission.dated", f"วันที่ของหนังสือต้องอยู่ในปี พ.ศ. {year} ของการประชุม")
        )
    _not_future(s.dated, "$.submission.dated", today, problems)
    resolution = record.resolution
    if resolution is not None:
        at = "$.resolution"
        _not_future(resolution.resolved_on, f"{at}.resolved_on", today, problems)
        if resolution.resolved_on < s.dated:
            problems.append(Problem(f"{at}.resolved_on", "วันที่มีมติต้องไม่ก่อนวันที่ของหนังสือเสนอคณะรัฐมนตรี"))
        if resolution.notified_on is not None and resolution.notified_on < resolution.resolved_on:
            problems.append(Problem(f"{at}.notified_on", "วันที่แจ้งหน่วยงานต้องไม่ก่อนวันที่มีมติ"))
        seen: set[int] = set()
        for i, a in enumerate(resolution.assignments):
            here = f"{at}.assignments[{i}]"
            if number(a.recommendation, f"{here}.recommendation") and a.recommendation in seen:
                problems.append(Problem(f"{here}.recommendation", "ข้อเสนอแนะนี้ถูกมอบหมายซ้ำในมติ"))
            seen.add(a.recommendation)
            agency(a.lead_agency, f"{here}.lead_agency")
            for j, text in enumerate(a.agencies):
                agency(text, f"{here}.agencies[{j}]")
            if a.due_on is not None and a.due_on < resolution.resolved_on:
                problems.append(Problem(f"{here}.due_on", "กำหนดตอบต้องไม่ก่อนวันที่มีมติคณะรัฐมนตรี"))
    _answers(record, store, today, problems, agency, number)


def _edition(record: Record, store: Store, now: datetime, problems: Problems) -> None:
    e = record.edition
    try:
        OpenEdition(
            year_be=e.year_be,
            title_th=e.title_th,
            proposal_opens_at=e.proposal_opens_at,
            proposal_closes_at=e.proposal_closes_at,
            **({"categories": e.categories} if e.categories is not None else {}),
        )
    except DomainError as exc:
        problems.append(Problem(f"$.edition.{exc.field or 'year_be'}", exc.message_th))
        return
    if aware(e.proposal_closes_at) > now:
        problems.append(
            Problem(
                "$.edition.proposal_closes_at",
                "ช่วงรับข้อเสนอยังไม่ปิด บันทึกย้อนหลังได้เฉพาะการประชุมที่ผ่านไปแล้ว",
            )
        )
    found = store.load(edition_id(e.year_be), Edition)
    if found is not None and not found.from_paper:
        problems.append(
            Problem(
                "$.edition.year_be",
                f"ปี {e.year_be} เป็นการประชุมที่ดำเนินการในระบบ (ไม่ใช่บันทึกย้อนหลัง) นำเข้าทับไม่ได้",
            )
        )


def _answers(
    record: Record,
    store: Store,
    today: date,
    problems: Problems,
    agency: Callable[[str, str], None],
    number: Callable[[int, str], bool],
) -> None:
    resolution = record.resolution
    if record.answers and resolution is None:
        problems.append(Problem("$.resolution", "มีความเห็นของหน่วยงาน จึงต้องมีมติคณะรัฐมนตรีด้วย"))
    given: set[tuple[int, str]] = set()
    for i, a in enumerate(record.answers):
        at = f"$.answers[{i}]"
        number(a.recommendation, f"{at}.recommendation")
        agency(a.agency, f"{at}.agency")
        _not_future(a.received_on, f"{at}.received_on", today, problems)
        if resolution is not None and a.received_on < resolution.resolved_on:
            problems.append(
                Problem(
                    f"{at}.received_on",
                    f"วันที่ได้รับความเห็นต้องไม่ก่อนวันที่มีมติ ({thai_date(resolution.resolved_on)})",
                )
            )
        try:
            key = (a.recommendation, resolve(store, a.agency).code)
        except DomainError:
            continue
        if key in given:
            problems.append(Problem(f"{at}.agency", "หน่วยงานนี้มีความเห็นต่อข้อเสนอแนะนี้ในไฟล์แล้ว (ซ้ำ)"))
        given.add(key)


def _not_future(day: date, path: str, today: date, problems: Problems) -> None:
    if day > today:
        problems.append(Problem(path, "ต้องไม่เป็นวันในอนาคต"))

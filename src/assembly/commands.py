"""Commands are `msgspec.Struct`s that validate their own input.

`parse` turns untrusted data (a JSON body or a form) into a command, and turns every
validation failure into one `Invalid` with a Thai message that names the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from functools import cache
from typing import Any, ClassVar, TypeVar

import msgspec
from eventsourcing.domain import Aggregate

from assembly.actors import Actor
from assembly.errors import Invalid, Malformed
from assembly.store import Store
from assembly.thai import normalize, normalize_line


class Command(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of every command. `labels` name the fields in Thai for error messages."""

    labels: ClassVar[dict[str, str]] = {}
    # One-line text fields are folded to one line; the rest keep their line breaks.
    multiline: ClassVar[frozenset[str]] = frozenset()
    # A command that only creates or only sets can be retried after a concurrent write.
    retry_safe: ClassVar[bool] = True

    def __post_init__(self) -> None:
        # msgspec checked lengths and patterns on the raw text; check them again on the
        # normalized text, which is what gets stored.
        limits = _string_limits(type(self))
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if isinstance(value, str) and not isinstance(value, Enum):
                clean = normalize(value) if name in self.multiline else normalize_line(value)
                if not clean and value:
                    raise Invalid(
                        f"{self.label(name)}: ต้องไม่เป็นช่องว่างล้วน",
                        message_en=f"{name} must not be blank",
                        field=name,
                    )
                if name in limits:
                    _check(type(self), name, clean, limits[name])
                setattr(self, name, clean)

    @classmethod
    def label(cls, field: str) -> str:
        return cls.labels.get(field, field)


C = TypeVar("C", bound=Command)


@cache
def _string_limits(cls: type) -> dict[str, msgspec.inspect.StrType]:
    """The string constraints of each field (also inside `X | None`), read once per class."""
    info = msgspec.inspect.type_info(cls)
    limits: dict[str, msgspec.inspect.StrType] = {}
    for field in getattr(info, "fields", ()):
        kinds = (
            field.type.types if isinstance(field.type, msgspec.inspect.UnionType) else (field.type,)
        )
        for kind in kinds:
            if isinstance(kind, msgspec.inspect.StrType):
                limits[field.name] = kind
    return limits


def _check(cls: type[Command], name: str, value: str, limit: msgspec.inspect.StrType) -> None:
    problem = None
    if limit.min_length is not None and len(value) < limit.min_length:
        problem = f"Expected `str` of length >= {limit.min_length}"
    elif limit.max_length is not None and len(value) > limit.max_length:
        problem = f"Expected `str` of length <= {limit.max_length}"
    elif limit.pattern is not None and not re.search(limit.pattern, value):
        problem = f"Expected `str` matching regex {limit.pattern!r}"
    if problem:
        raise invalid(cls, problem, name)


def _normalized(data: Any) -> Any:
    """Thai digits and invisible characters out before msgspec checks patterns and lengths."""
    if isinstance(data, str):
        # Blank text is left as it is, for __post_init__ to call it blank by name.
        return normalize(data) or data
    if isinstance(data, dict):
        return {k: _normalized(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_normalized(v) for v in data]
    return data


# A feature's handler: (the store, its command, the actor) -> the aggregates to save.
Handler = Callable[[Store, C, Actor], list[Aggregate]]


def route(command: type[C], handler: Handler[C]) -> tuple[type[Command], Handler[Any]]:
    """One row of a feature's handler table (mypy checks the handler takes this command)."""
    return command, handler


def changed(*aggregates: Aggregate) -> list[Aggregate]:
    """Those with new events: a command that changes nothing saves nothing (idempotent)."""
    return [a for a in aggregates if a.pending_events]


_FIELD = re.compile(r"at `\$\.([A-Za-z_]+)")
_MISSING = re.compile(r"missing required field `([A-Za-z_]+)`")
_UNKNOWN = re.compile(r"unknown field `([^`]+)`")


def _reason_th(message: str) -> str:
    if m := re.search(r"length >= (\d+)", message):
        return "ต้องไม่ว่าง" if m.group(1) == "1" else f"ต้องมีอย่างน้อย {m.group(1)} ตัวอักษร"
    if m := re.search(r"length <= (\d+)", message):
        return f"ยาวได้ไม่เกิน {int(m.group(1)):,} ตัวอักษร"
    if "matching regex" in message:
        return "รูปแบบไม่ถูกต้อง"
    if m := re.search(r"`int` >= (-?\d+)", message):
        return f"ต้องไม่น้อยกว่า {m.group(1)}"
    if m := re.search(r"`int` <= (-?\d+)", message):
        return f"ต้องไม่เกิน {m.group(1)}"
    if "Expected `int`" in message or "Expected `float`" in message:
        return "ต้องเป็นตัวเลข"
    if "datetime" in message:
        return "วันเวลาไม่ถูกต้อง (ต้องระบุวันที่และเวลาพร้อมเขตเวลา)"
    if "Invalid enum value" in message:
        return "ไม่อยู่ในตัวเลือกที่มี"
    if "Expected `array`" in message:
        return "ต้องเป็นรายการ"
    return "ค่าไม่ถูกต้อง"


def parse(cls: type[C], data: Any) -> C:
    """Build a command from untrusted data (dict from JSON or a form)."""
    if not isinstance(data, dict):
        raise Malformed("ข้อมูลที่ส่งมาต้องเป็นออบเจ็กต์ JSON", message_en="body must be an object")
    try:
        return msgspec.convert(_normalized(data), cls, strict=False)
    except msgspec.ValidationError as exc:
        raise invalid(cls, str(exc)) from None


def invalid(cls: type[Command], message: str, field: str | None = None) -> Invalid:
    """Translate a msgspec validation message into a Thai `Invalid` naming the field."""
    if m := _MISSING.search(message):
        field = m.group(1)
        return Invalid(f"ต้องระบุ{cls.label(field)}", message_en=message, field=field)
    if m := _UNKNOWN.search(message):
        field = m.group(1)
        return Invalid(f"ไม่รู้จักช่องข้อมูล “{field}”", message_en=message, field=field)
    if field is None and (m := _FIELD.search(message)):
        field = m.group(1)
    label = cls.label(field) if field else "ข้อมูล"
    return Invalid(f"{label}: {_reason_th(message)}", message_en=message, field=field)


def decode(cls: type[C], body: bytes) -> C:
    """Build a command from a raw JSON body."""
    try:
        data = msgspec.json.decode(body)
    except msgspec.DecodeError:
        raise Malformed("อ่านข้อมูล JSON ไม่ได้", message_en="malformed JSON") from None
    return parse(cls, data)

"""Template filters and globals: Thai dates in the Buddhist era, Thai digits, role names."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from litestar.plugins.jinja import JinjaTemplateEngine

from assembly import thai, visibility
from assembly.actors import ROLE_NAMES_TH, Role
from assembly.visibility import Seen


def number(value: Any) -> str:
    return f"{int(value):,}" if value is not None else "–"


def time_left(until: datetime, now: datetime) -> str:
    """'เหลือเวลาอีก 3 วัน': Arabic digits, as everywhere in the pages (Thai digits are for
    official documents only: see the README, "Digits")."""
    seconds = int((until - now).total_seconds())
    if seconds <= 0:
        return "หมดเวลาแล้ว"
    days, rest = divmod(seconds, 86400)
    hours = rest // 3600
    if days:
        return f"เหลือเวลาอีก {days} วัน"
    if hours:
        return f"เหลือเวลาอีก {hours} ชั่วโมง"
    return f"เหลือเวลาอีก {max(1, rest // 60)} นาที"


def left(until: datetime, now: datetime) -> str:
    """'12 วัน', '5 ชั่วโมง', '20 นาที': the calendar's short "how long" (Arabic digits)."""
    seconds = max(0, int((until - now).total_seconds()))
    days, rest = divmod(seconds, 86400)
    if days:
        return f"{days} วัน"
    if rest >= 3600:
        return f"{rest // 3600} ชั่วโมง"
    return f"{max(1, rest // 60)} นาที"


def role_th(role: str | Role) -> str:
    try:
        return ROLE_NAMES_TH[Role(role)]
    except ValueError:
        return str(role)


def configure_templates(engine: JinjaTemplateEngine) -> None:
    env = engine.engine
    env.filters["thai_date"] = lambda d, **kw: (
        thai.thai_date(d, **kw) if isinstance(d, date) else ""
    )
    env.filters["thai_datetime"] = lambda d, **kw: (
        thai.thai_datetime(d, **kw) if isinstance(d, datetime) else ""
    )
    # Pages use Arabic digits; `thai_digits` is for official documents (letters, PDF) only.
    # '09.30 น.' in Bangkok time (the end of a sitting on the proposal's timeline)
    env.filters["thai_time"] = lambda d: (
        f"{thai.to_bangkok(d):%H.%M} น." if isinstance(d, datetime) else ""
    )
    env.filters["thai_digits"] = thai.thai_digits
    env.filters["number"] = number
    env.filters["role_th"] = role_th
    env.globals["time_left"] = time_left
    env.globals["left"] = left
    # The read policy, for links and parts of pages that not everyone may open.
    env.globals["sees"] = lambda actor, seen, **scope: visibility.sees(actor, Seen(seen), **scope)
    env.trim_blocks = True
    env.lstrip_blocks = True

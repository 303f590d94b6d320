"""Rendering helpers: a whole page, or just one block of it for an HTMX request; and the one
way a form answers a refusal (`refusal`)."""

from __future__ import annotations

from typing import Any

import msgspec
from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Request
from litestar.response import Template

from assembly.errors import DomainError, Forbidden, Invalid, Unauthenticated


def page(
    request: Request[Any, Any, Any],
    template: str,
    context: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> Template:
    """The full page normally; only `block` when HTMX asks for a part of the page."""
    if block and wants_block(request):
        return HTMXBlockTemplate(
            template_name=template, block_name=block, context=context, status_code=status_code
        )
    return Template(template_name=template, context=context, status_code=status_code)


def refusal_status(error: DomainError | None) -> int:
    """The status of a page shown again with a refusal: 422 a bad value, 409 a state."""
    if error is None:
        return 200
    return 422 if isinstance(error, Invalid) else 409


def wants_block(request: Request[Any, Any, Any]) -> bool:
    """HTMX asks for a part of the page (not a boosted whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx and not htmx.boosted)


def fields_of(data: msgspec.Struct, *optional_ids: str) -> dict[str, Any]:
    """A request body's fields for its command, without the ids the client left out (the
    command then makes its own)."""
    fields = msgspec.structs.asdict(data)
    for name in optional_ids:
        if fields.get(name) is None:
            fields.pop(name, None)
    return fields


PUBLIC = {"public": True}  # route opt: anyone may open it (every other route needs sign-in)


class Refusal:
    """The one way a form answers a refusal: `with refusal() as refused:` around the form's
    parse and write. A domain refusal is kept in `refused.error`, to show beside the form in
    Thai; not being signed in or allowed is no form error and raises on to the error page,
    as does whatever `also` names (e.g. NotFound where the form's page could not be shown).
    `only` keeps just the refusals it names (the sign-in form's: wrong password, too many)."""

    def __init__(
        self,
        also: tuple[type[DomainError], ...] = (),
        only: tuple[type[DomainError], ...] | None = None,
    ) -> None:
        self.raises: tuple[type[DomainError], ...] = (
            (Unauthenticated, Forbidden, *also) if only is None else ()
        )
        self.shows: tuple[type[DomainError], ...] = only or (DomainError,)
        self.error: DomainError | None = None

    def __enter__(self) -> Refusal:
        return self

    def __exit__(self, kind: object, exc: BaseException | None, traceback: object) -> bool:
        if isinstance(exc, self.shows) and not isinstance(exc, self.raises):
            self.error = exc  # type: ignore[assignment]  # one of `shows`: a DomainError
            return True
        return False


def refusal(
    *,
    also: tuple[type[DomainError], ...] = (),
    only: tuple[type[DomainError], ...] | None = None,
) -> Refusal:
    return Refusal(also, only)


async def form_data(request: Request[Any, Any, Any], multi: tuple[str, ...] = ()) -> dict[str, Any]:
    """A submitted form as a plain dict, without the CSRF field and empty optional values;
    the fields named in `multi` (checkboxes) as lists of every value sent."""
    form = await request.form()
    values: dict[str, Any] = {k: v for k, v in form.items() if k != "_csrf" and v != ""}
    for name in multi:
        values[name] = [v for v in form.getall(name, []) if v != ""]
    return values


def field_errors(error: DomainError | None, labels: dict[str, str] | None = None) -> dict[str, str]:
    """A refusal as {field: Thai message}, to show beside each field (the `field` macro of
    _macros.html). Details that name a field (several refusals at once) each go beside their
    own; the refusal's own message beside the field it names. Given the fields' `labels`, a
    message that starts by naming its field ("จำนวนคน…: ต้องไม่น้อยกว่า 0") loses that name
    beside the field, which already says it."""
    if error is None:
        return {}
    found: list[tuple[str, str]] = [
        (str(d["field"]), str(d["message_th"]))
        for d in error.details
        if d.get("field") and d.get("message_th")
    ]
    if error.field:
        found.append((error.field, error.message_th))
    out: dict[str, str] = {}
    for name, message in found:
        prefix = f"{(labels or {}).get(name)}: "
        out.setdefault(name, message.removeprefix(prefix) if labels else message)
    return out

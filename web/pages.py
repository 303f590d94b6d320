"""Rendering helpers: a whole page, or just one block of it for an HTMX request."""

from __future__ import annotations

from typing import Any

import msgspec
from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Request
from litestar.response import Template

from assembly.commands import C, parse
from assembly.errors import DomainError, Forbidden, Invalid, Unauthenticated
from web.services import run


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


async def submit(
    request: Request[Any, Any, Any], command_type: type[C], data: dict[str, Any]
) -> tuple[C | None, DomainError | None]:
    """A form's write: (the command, None) when done, (None, the refusal) to show beside the
    form. Not being signed in or allowed is not a form error: that raises to the error page."""
    try:
        command = parse(command_type, data)
        await run(request, command)
    except (Unauthenticated, Forbidden):
        raise
    except DomainError as exc:
        return None, exc
    return command, None


async def form_data(request: Request[Any, Any, Any], multi: tuple[str, ...] = ()) -> dict[str, Any]:
    """A submitted form as a plain dict, without the CSRF field and empty optional values;
    the fields named in `multi` (checkboxes) as lists of every value sent."""
    form = await request.form()
    values: dict[str, Any] = {k: v for k, v in form.items() if k != "_csrf" and v != ""}
    for name in multi:
        values[name] = [v for v in form.getall(name, []) if v != ""]
    return values

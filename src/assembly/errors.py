"""Domain errors. Each carries a stable code and a Thai message for the person who caused it.

The web maps the class to an HTTP status; the domain only says what went wrong.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refused command. Nothing was written."""

    code = "refused"

    def __init__(
        self,
        message_th: str,
        *,
        message_en: str = "",
        field: str | None = None,
        code: str | None = None,
        details: list[dict[str, object]] | None = None,
    ) -> None:
        super().__init__(message_en or message_th)
        self.message_th = message_th
        self.message_en = message_en or message_th
        self.field = field
        self.details = details or []
        if code:
            self.code = code


class Malformed(DomainError):
    """The input could not be read at all (400)."""

    code = "malformed"


class Invalid(DomainError):
    """A value is not acceptable (422)."""

    code = "invalid"


class Conflict(DomainError):
    """The state of things does not allow it, or someone changed it first (409)."""

    code = "conflict"


class NotFound(DomainError):
    code = "not_found"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class Forbidden(DomainError):
    code = "forbidden"


class TooLarge(DomainError):
    code = "too_large"

"""The meetings in the web room: the national meeting (`national_*`: api, pages, badges) and
the provincial meetings (`provincial_*`)."""

from __future__ import annotations

from web.meetings import national_api

ROUTES = [
    *national_api.ROUTES,
]

"""Meetings on the web (issue 14): the provincial meeting's pages and API (provincial_*),
the national meeting's (national_*)."""

from web.meetings import provincial_api, provincial_pages

ROUTES = [*provincial_api.ROUTES, *provincial_pages.ROUTES]

"""Meetings on the web (issue 14): the provincial meeting's pages and API (provincial_*),
the national meeting's (national_*), and its hall screen and live board (hall)."""

from web.meetings import hall, national_api, provincial_api, provincial_pages

ROUTES = [*provincial_api.ROUTES, *provincial_pages.ROUTES, *national_api.ROUTES, *hall.ROUTES]

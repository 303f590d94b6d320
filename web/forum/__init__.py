"""The forum before the meetings over HTTP: `api` (JSON) and `pages` (the subject's page, the
indexes, the moderators' list)."""

from web.forum import api, pages

ROUTES = [*api.ROUTES, *pages.ROUTES]

"""The forum before the meetings over HTTP: `api` (JSON), `pages` (the subject's page and its
forms) and `indexes` (a province's and an edition's subjects, the moderators' list)."""

from web.forum import api, indexes, pages

ROUTES = [*api.ROUTES, *pages.ROUTES, *indexes.ROUTES]

"""The loop back from the Cabinet over HTTP: `api` (JSON), `pages` (the resolution, an
agency's work, answers entered from paper), `service` (what both share)."""

from web.responses import answers, api, pages

ROUTES = [*api.ROUTES, *pages.ROUTES, *answers.ROUTES]

"""Proposals over HTTP: the JSON API, the council's pages and a province's review queue."""

from web.proposals import api, pages, queue

ROUTES = [*api.ROUTES, *pages.ROUTES, *queue.ROUTES]

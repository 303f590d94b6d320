"""Consolidation over HTTP: the JSON API for provincial issues, the coordinator's board, the
issue page, the forms on both, and history (provenance and how things stood at a moment).
The machine's suggestions are `web.suggestions`."""

from web.consolidation import api, board, forms, history, issues

ROUTES = [*board.ROUTES, *forms.ROUTES, *issues.ROUTES, *history.ROUTES, *api.ROUTES]

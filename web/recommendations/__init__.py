"""National recommendations over HTTP: `api` (JSON) and `pages` (the national board and a
recommendation's page)."""

from __future__ import annotations

from web.recommendations.api import (
    add_issue_api,
    create_api,
    list_api,
    national_api,
    recommendation_api,
    remove_issue_api,
    revise_api,
)
from web.recommendations.pages import (
    create_form,
    national_now,
    national_page,
    recommendation_action,
    recommendation_page,
)

ROUTES = [
    national_now,
    national_page,
    create_form,
    recommendation_page,
    recommendation_action,
    create_api,
    list_api,
    recommendation_api,
    revise_api,
    add_issue_api,
    remove_issue_api,
    national_api,
]

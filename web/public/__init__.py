"""Public transparency (no sign-in): what each edition asked and what came of it, per
province and recommendation, as pages, open data, an Atom feed and JSON."""

from web.public import api, opendata, pages

ROUTES = [*pages.ROUTES, *opendata.ROUTES, *api.ROUTES]

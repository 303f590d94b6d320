"""Meetings on the read side (issue 14): `provincial` (projector and queries), `national`
(queries) and `national_projector` for the national meeting."""

"""Meetings on the read side (issue 14): `provincial` (projector and queries), `national`."""

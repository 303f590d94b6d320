"""Submissions on the web: the JSON API, the secretariat's composer and the public page."""

from __future__ import annotations

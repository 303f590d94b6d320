"""Interfaces: the Litestar app (HTMX pages and JSON API), the `assembly` CLI, documents."""

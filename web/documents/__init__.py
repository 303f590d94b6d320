"""Renderers of official documents (PDF, DOCX, XLSX, JSON), each from one view model."""

from __future__ import annotations

from collections.abc import Callable

# Progress of a long export: (fraction done 0..1, what is happening, in Thai).
Progress = Callable[[float, str], None]


def no_progress(_done: float, _what: str) -> None:
    """The default: nobody is watching."""

"""The submission as open data (JSON): every field of the document, and for each
recommendation the ids of everything behind it, so anyone can follow a row back to the
issues, proposals and councils it came from.

UTF-8 (Thai stays readable, not \\u-escaped), keys sorted, dates ISO 8601: the same document
always gives the same bytes. `format_version` changes when a field changes meaning.
"""

from __future__ import annotations

from typing import Any

import msgspec

from projections.documents import SubmissionDocument

FORMAT_VERSION = 1


def open_data(document: SubmissionDocument) -> dict[str, Any]:
    """The document as plain data, with the format's version."""
    data = msgspec.to_builtins(document)
    data["format_version"] = FORMAT_VERSION
    return data


def render_json(document: SubmissionDocument) -> bytes:
    compact = msgspec.json.encode(open_data(document), order="sorted")
    return msgspec.json.format(compact, indent=2) + b"\n"

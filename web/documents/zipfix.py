"""Deterministic zip containers (DOCX, XLSX): the same content gives the same bytes.

python-docx and openpyxl stamp every member with the time of saving and keep their own member
order; an export that is re-rendered from a frozen document must hash the same, so the archive
is rewritten with a fixed timestamp, fixed attributes and a fixed member order.
"""

from __future__ import annotations

import io
import zipfile

# The earliest time a zip entry can hold; any fixed value would do.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# OPC readers look for the content types and the package relationships first.
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def _order(name: str) -> tuple[int, str]:
    return (_FIRST.index(name) if name in _FIRST else len(_FIRST), name)


def normalize_zip(data: bytes) -> bytes:
    """Rewrite the archive `data`: members sorted (content types first), fixed timestamps and
    attributes, deflated at a fixed level."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target,
    ):
        for name in sorted(source.namelist(), key=_order):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the same on every platform
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()

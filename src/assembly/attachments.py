"""Attachments of proposals: PDF, JPEG and PNG, told apart by their bytes, never by name.

The bytes live once, content-addressed, in the durable `files` table (kept by
`projections.attachments.store_file`); events carry only the hash and the facts about the
file. Images lose their metadata (EXIF, XMP, IPTC, PNG text
chunks) before they are stored: a phone photo's GPS position is personal data.
"""

from __future__ import annotations

import struct

from assembly.errors import Invalid, TooLarge

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_PROPOSAL = 5
KINDS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
_PNG = b"\x89PNG\r\n\x1a\n"
# PNG chunks that carry text or EXIF (where cameras and phones put the place and the person).
_PNG_DROP = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}


def sniff(data: bytes) -> str | None:
    """The media type the bytes really are (None: not one we accept)."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(_PNG):
        return "image/png"
    return None


def check(data: bytes, filename: str) -> str:
    """Refuse what we don't take, in Thai; returns the media type."""
    if len(data) > MAX_BYTES:
        raise TooLarge(
            f"ไฟล์ “{filename}” ใหญ่เกิน 10 MB ({len(data) / 1_048_576:.1f} MB)", field="file"
        )
    if not data:
        raise Invalid(f"ไฟล์ “{filename}” ว่างเปล่า", field="file")
    media_type = sniff(data)
    if media_type is None:
        raise Invalid(
            f"ไฟล์ “{filename}” ไม่ใช่ PDF, JPEG หรือ PNG (ตรวจจากเนื้อไฟล์ ไม่ใช่จากชื่อ)",
            field="file",
            code="bad_file_type",
        )
    return media_type


def strip_metadata(data: bytes, media_type: str) -> bytes:
    if media_type == "image/jpeg":
        return _strip_jpeg(data)
    if media_type == "image/png":
        return _strip_png(data)
    return data


def _strip_jpeg(data: bytes) -> bytes:
    """Drop APP1..APP15 and comment segments before the image data (keep APP0/JFIF)."""
    out = bytearray(data[:2])
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xDA:  # start of scan: the rest is image data
            break
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        segment = data[i : i + 2 + length]
        if not (0xE1 <= marker <= 0xEF or marker == 0xFE):
            out += segment
        i += 2 + length
    out += data[i:]
    return bytes(out)


def _strip_png(data: bytes) -> bytes:
    out = bytearray(_PNG)
    i = len(_PNG)
    while i + 8 <= len(data):
        length = struct.unpack(">I", data[i : i + 4])[0]
        kind = data[i + 4 : i + 8]
        chunk = data[i : i + 12 + length]
        if kind not in _PNG_DROP:
            out += chunk
        i += 12 + length
        if kind == b"IEND":
            break
    return bytes(out)

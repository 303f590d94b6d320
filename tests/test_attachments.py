"""Files attached to a proposal: checked by content, stripped of metadata, private with their
draft, five at the most, and never stored when refused."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from assembly.settings import Settings
from tests.conftest import (
    FULL,
    PHRA_SING,
    SRI_PHUM,
    council_client,
    event_count,
    register_council,
    services_app,
    setup_http,
    wait_for_projections,
)


def _jpeg_with_gps() -> bytes:
    exif = b"Exif\x00\x00MM\x00\x2a" + b"GPS 13.7563N 100.5018E" * 4
    app1 = b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    scan = b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\x34" * 50 + b"\xff\xd9"
    return b"\xff\xd8" + app0 + app1 + scan


def _png_with_text() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"tEXt", b"Author\x00Somchai")
        + chunk(b"eXIf", b"MM\x00\x2aGPS")
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_attachments(client: TestClient[Any], settings: Settings) -> None:
    from tests.conftest import rows

    setup_http(client)
    council = council_client(client, "files-council", SRI_PHUM)
    pid = client.post("/api/v1/editions/2569/proposals", json=FULL, headers=council).json()["id"]
    url = f"/api/v1/proposals/{pid}/attachments"
    pdf = client.post(
        url,
        files={"file": ("แผนตำบล.pdf", b"%PDF-1.4\n%test\n", "application/pdf")},
        headers=council,
    )
    assert pdf.status_code == 201, pdf.text
    download = client.get(f"/attachments/{pdf.json()['id']}", headers=council)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert download.headers["content-disposition"].startswith("attachment;")
    assert client.get(f"/attachments/{pdf.json()['id']}").status_code == 404  # a draft is private
    files_before, events_before = (
        rows(settings, "SELECT count(*) FROM files"),
        event_count(settings),
    )
    exe = client.post(
        url,
        files={"file": ("report.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf")},
        headers=council,
    )
    assert exe.status_code == 422 and exe.json()["error"]["code"] == "bad_file_type"
    assert "ไม่ใช่ PDF" in exe.json()["error"]["message_th"]
    big = client.post(
        url,
        files={"file": ("big.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024), "application/pdf")},
        headers=council,
    )
    assert big.status_code == 413
    app = services_app(client)
    register_council(app, "T500102", "500102")
    wait_for_projections(app)
    stranger = council_client(client, "files-stranger", PHRA_SING)
    refused = client.post(
        url, files={"file": ("x.pdf", b"%PDF-1.4 other", "application/pdf")}, headers=stranger
    )
    assert refused.status_code == 403
    assert rows(settings, "SELECT count(*) FROM files") == files_before
    # Only the new council and its account: no file stored, no attachment event.
    assert event_count(settings) == events_before + 2
    jpeg = client.post(
        url, files={"file": ("photo.jpg", _jpeg_with_gps(), "image/jpeg")}, headers=council
    )
    png = client.post(
        url, files={"file": ("map.png", _png_with_text(), "image/png")}, headers=council
    )
    assert jpeg.status_code == png.status_code == 201
    stored_jpeg = client.get(f"/attachments/{jpeg.json()['id']}", headers=council).content
    stored_png = client.get(f"/attachments/{png.json()['id']}", headers=council).content
    assert (
        b"Exif" not in stored_jpeg
        and b"GPS" not in stored_jpeg
        and stored_jpeg.startswith(b"\xff\xd8")
    )
    assert b"JFIF" in stored_jpeg and stored_jpeg.endswith(b"\xff\xd9")
    assert b"Somchai" not in stored_png and b"eXIf" not in stored_png and b"IDAT" in stored_png
    for n in range(2):
        assert (
            client.post(
                url,
                files={"file": (f"{n}.pdf", b"%PDF-1.4 " + bytes([n]), "application/pdf")},
                headers=council,
            ).status_code
            == 201
        )
    sixth = client.post(
        url, files={"file": ("6.pdf", b"%PDF-1.4 six", "application/pdf")}, headers=council
    )
    assert sixth.status_code == 409 and sixth.json()["error"]["code"] == "too_many_files"
    assert client.delete(f"{url}/{pdf.json()['id']}", headers=council).status_code == 204
    assert (
        client.post(
            url, files={"file": ("6.pdf", b"%PDF-1.4 six", "application/pdf")}, headers=council
        ).status_code
        == 201
    )
    shown = client.get(f"/api/v1/proposals/{pid}", headers=council).json()
    assert [h["event_type"] for h in shown["history"]].count("AttachmentAdded") == 6

"""Delegates' badges as a printable A4 PDF (eight to a page, cut along the lines), through the
documents' machinery: Sarabun, the fonts-only fetcher, exact Thai in the text layer. Each
badge has the name (from the people table at print time: an erased person prints as erased),
the province or "ผู้ทรงคุณวุฒิ", the kind, a QR code of the badge code (PyPI `segno`, as a PNG
data URI) and the code typed beside it, for a door whose phone has no camera.

The code stays in Arabic digits and Latin letters: it is what the door types on a keyboard.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

import anyio.to_thread
import segno
from litestar import Response

from assembly.meetings.national_commands import KIND_TH, DelegateKind
from assembly.thai import thai_digits
from projections.meetings import national_desk
from web.documents.weasy import font_values, image_data_uri, lay_out, pdf_bytes, print_templates
from web.services import Services

TEMPLATE = "meetings/national/badges_print.html"
ERASED = "(ลบข้อมูลบุคคลแล้ว)"


@dataclass(frozen=True, slots=True)
class BadgeView:
    name: str
    province: str
    kind: str
    code: str
    qr: str  # data:image/png;base64,…


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    badges: list[BadgeView]


def qr_png(code: str) -> bytes:
    """The code as a QR symbol: level M survives a scuffed badge; a quiet zone of 4."""
    buffer = io.BytesIO()
    segno.make_qr(code, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


async def sheet_of(svc: Services, year_be: int, account_ids: Sequence[UUID] | None = None) -> Sheet:
    found = await national_desk.badges(svc.db, year_be, account_ids)
    return Sheet(
        title=f"สมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี {thai_digits(year_be)}",
        badges=[
            BadgeView(
                name=b.display_name or ERASED,
                province=b.province_th,
                # an expert's "province" already says ผู้ทรงคุณวุฒิ
                kind=KIND_TH[DelegateKind.ELECTED] if b.kind == DelegateKind.ELECTED else "",
                code=b.badge_code,
                qr=image_data_uri(qr_png(b.badge_code)),
            )
            for b in found
        ],
    )


def render_pdf(sheet: Sheet) -> bytes:
    html = print_templates.get_template(TEMPLATE).render(s=sheet, **font_values())
    return pdf_bytes(lay_out(html, images=tuple(b.qr for b in sheet.badges)))


async def download(
    svc: Services, year_be: int, account_ids: Sequence[UUID] | None, name: str
) -> Response[bytes]:
    """The badges (all, or those named) as an A4 PDF, opened in the browser to print."""
    sheet = await sheet_of(svc, year_be, account_ids)
    content = await anyio.to_thread.run_sync(render_pdf, sheet)
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )

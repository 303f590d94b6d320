"""The provincial meeting's checks that need nothing of the meeting but what they are given:
its date against the edition's window, a council against its province, a ranking against
its agenda. The aggregate (`provincial`) asks them before it records anything."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from assembly.councils import Council
from assembly.editions import Edition
from assembly.errors import Conflict, Invalid
from assembly.thai import thai_datetime
from assembly.timeline import Phase


def check_window(edition: Edition, starts_at: datetime) -> None:
    """A meeting is dated inside the edition's provincial meetings window (once it is set)."""
    span = edition.phases.get(Phase.PROVINCIAL)
    if span is None:
        raise Conflict(
            "ยังไม่ได้กำหนดช่วงประชุมระดับจังหวัดในปฏิทินของปีนี้ ขอให้เจ้าหน้าที่ พอช. กำหนดช่วงประชุมก่อนจึงนัดประชุมได้",
            message_en="the provincial meetings window is not scheduled yet",
            field="starts_at",
            code="window_not_set",
        )
    if not span.starts_at <= starts_at <= span.ends_at:
        raise Invalid(
            "วันประชุมต้องอยู่ในช่วงประชุมระดับจังหวัด: "
            f"{thai_datetime(span.starts_at)} ถึง {thai_datetime(span.ends_at)}",
            message_en="outside the provincial meetings window",
            field="starts_at",
            code="outside_window",
        )


def check_council(council: Council | None, province_code: str) -> Council:
    """A council that exists, of the meeting's province."""
    if council is None:
        raise Invalid("ไม่พบสภาองค์กรชุมชนตำบลนี้", field="council_id", code="unknown_council")
    if council.province_code != province_code:
        raise Invalid(
            f"{council.name_th} ไม่ได้อยู่ในจังหวัดของการประชุมนี้",
            message_en="a council of another province",
            field="council_id",
            code="other_province",
        )
    return council


def check_full_ranking(agenda: list[UUID], issue_ids: list[UUID]) -> None:
    """Every agenda issue exactly once: the refusal names what is repeated, missing or not on
    the agenda (by its place on the agenda, as the voter sees it)."""
    place = {iid: k + 1 for k, iid in enumerate(agenda)}
    foreign = [i for i in issue_ids if i not in place]
    if foreign:
        raise Invalid("มีประเด็นที่ไม่อยู่ในระเบียบวาระ", field="issue_ids", code="not_on_agenda")
    seen: set[UUID] = set()
    repeated: set[int] = set()
    for i in issue_ids:
        if i in seen:
            repeated.add(place[i])
        seen.add(i)
    if repeated:
        raise Invalid(
            "จัดลำดับประเด็นซ้ำ: วาระที่ " + ", ".join(map(str, sorted(repeated))),
            message_en="a ranking repeats an issue",
            field="issue_ids",
            code="repeated",
            details=[{"agenda_item": n} for n in sorted(repeated)],
        )
    missing = [place[i] for i in agenda if i not in seen]
    if missing:
        raise Invalid(
            "ต้องจัดลำดับให้ครบทุกประเด็น ยังขาดวาระที่ " + ", ".join(map(str, missing)),
            message_en="a ranking leaves out an issue",
            field="issue_ids",
            code="missing",
            details=[{"agenda_item": n} for n in missing],
        )

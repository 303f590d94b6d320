"""Sample documents for the renderers' tests and benches: the seed's (the five recommendations
of the 2565 report, as the paper record has them) and a full edition's (300 long rows)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from assembly.geography import provinces
from projections.documents import Backing, Item, Letter, SubmissionDocument, SummaryRow

SEED = Path(__file__).parent / "data" / "seed_recommendations_2565.json"


def seed_recommendations() -> list[str]:
    """The seed's five recommendations, in order, normalized as stored (Arabic digits)."""
    return list(json.loads(SEED.read_text(encoding="utf-8")))


def seed_letter(*, final: bool = True) -> Letter:
    return Letter(
        number="พม 0201/589" if final else "",
        owner_unit="สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)\n2044/31-33 ถนนเพชรบุรีตัดใหม่ กทม. 10310",
        dated=date(2022, 11, 8) if final else None,
        subject="ข้อเสนอแนะจากสมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี 2565",
        to="เลขาธิการคณะรัฐมนตรี",
        reference="หนังสือสำนักเลขาธิการคณะรัฐมนตรี ที่ นร 0503/6776 ลงวันที่ 11 มีนาคม 2565",
        enclosures=["สรุปข้อเสนอแนะและตารางข้อเสนอแนะ จำนวน 1 ชุด"],
        body=[
            "ตามที่สถาบันพัฒนาองค์กรชุมชนได้จัดการประชุมระดับชาติของสภาองค์กรชุมชนตำบล"
            " ประจำปี 2565 เพื่อสรุปปัญหาที่ประชาชนในจังหวัดต่าง ๆ ประสบ และข้อเสนอแนะแนวทาง"
            "การแก้ไขเพื่อเสนอต่อคณะรัฐมนตรีพิจารณาสั่งการ นั้น",
            "ที่ประชุมได้มีมติเห็นชอบข้อเสนอแนะ จำนวน 5 ข้อ ความละเอียดปรากฏตามสิ่งที่ส่งมาด้วย",
            "จึงเรียนมาเพื่อโปรดพิจารณานำเสนอคณะรัฐมนตรีต่อไป",
        ],
        signatory_name="นายสมชาย ใจดี",
        signatory_position="ผู้อำนวยการสถาบันพัฒนาองค์กรชุมชน",
        department="สำนักนโยบายและยุทธศาสตร์",
        phone="0 2378 8300 ต่อ 1234",
        fax="0 2378 8321",
        email="saraban@codi.or.th",
    )


def _item(number: int, text: str, provinces_th: list[str], backing: Backing) -> Item:
    return Item(
        number=number,
        id=f"00000000-0000-0000-0000-{number:012d}",
        version=1,
        title_th=text[:60],
        text_th=text,
        agencies=["มท.", "สศช."],
        provinces=provinces_th,
        backing=backing,
    )


def seed_document(*, final: bool = True) -> SubmissionDocument:
    texts = seed_recommendations()
    return SubmissionDocument(
        id="00000000-0000-0000-0000-000000002565",
        kind="national",
        year_be=2565,
        edition_title_th="สมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี 2565",
        version=7,
        final=final,
        letter=seed_letter(final=final),
        enclosure_title="ข้อเสนอแนะจากสมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี 2565",
        items=[_item(n, t, [], Backing()) for n, t in enumerate(texts, 1)],
    )


LONG = (
    "ให้กรมที่ดินและกรมป่าไม้ร่วมกับสภาองค์กรชุมชนตำบลสำรวจที่ดินทำกินของชุมชนที่ตั้งถิ่นฐาน"
    "มาก่อนการประกาศเขตป่า ออกโฉนดชุมชนตามระเบียบสำนักนายกรัฐมนตรีว่าด้วยการออกโฉนดชุมชน"
    " น้ำท่วมซ้ำซากในฤดูฝนและค่ำคืนที่น้ำขึ้นสูง ทำให้ครัวเรือนในตำบลต่าง ๆ เดือดร้อน "
)


def large_document(rows: int = 300, long_row: int = 5_000) -> SubmissionDocument:
    """A full edition's document: `rows` recommendations over 77 provinces, the first one
    `long_row` characters long (it must wrap across pages, never be cut)."""
    areas = provinces()
    items = []
    for n in range(1, rows + 1):
        text = (LONG * (long_row // len(LONG) + 1))[:long_row] if n == 1 else LONG * 2
        names = [a.name_th for a in areas[n % 7 :: 7]]
        items.append(
            _item(
                n,
                text,
                names,
                Backing(
                    provinces=len(names), councils=40 + n, proposals=260 + n, households=5_000 + n
                ),
            )
        )
    summary = [
        SummaryRow(
            province_code=a.code,
            province_th=a.name_th,
            category=code,
            category_th=name,
            issues=3,
            backing=Backing(provinces=1, councils=20, proposals=350, households=7_000),
        )
        for a in areas
        for code, name in (("land", "ที่ดินทำกิน"), ("housing", "ที่อยู่อาศัย"))
    ]
    return SubmissionDocument(
        id="00000000-0000-0000-0000-000000002569",
        kind="national",
        year_be=2569,
        edition_title_th="สมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี 2569",
        version=12,
        final=True,
        letter=seed_letter(),
        enclosure_title="ข้อเสนอแนะจากสมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี 2569",
        summary=summary,
        items=items,
        totals=Backing(provinces=77, councils=7_800, proposals=80_000, households=1_600_000),
    )

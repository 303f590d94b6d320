"""The record of one whole past edition (format `assembly-record/1`), as the secretariat types
it from the paper record: the edition, its recommendations, the submission to the Cabinet,
the Cabinet's resolution and the agencies' answers in the order they arrived.

Recommendations are referred to by their number in the file (`recommendation`: 1 is the
first, as the document prints "ที่ ๑"). The fields are documented in `web/records/README.md`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec

from assembly.agencies import AgencyText
from assembly.editions import Category, Year
from assembly.recommendations import Agencies
from assembly.responses.commands import Opinion

FORMAT = "assembly-record/1"
MAX_BYTES = 5 * 1024 * 1024
NAMESPACE = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/records")

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
Line = Annotated[str, msgspec.Meta(max_length=500)]
Number = Annotated[int, msgspec.Meta(ge=1, le=1_000)]
Paragraph = Annotated[str, msgspec.Meta(max_length=10_000)]


def recommendation_id(year_be: int, position: int) -> UUID:
    """The same record gives the same ids: importing it again changes nothing."""
    return uuid5(NAMESPACE, f"{year_be}|recommendation|{position}")


def submission_id(year_be: int) -> UUID:
    return uuid5(NAMESPACE, f"{year_be}|submission")


class Struct(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    pass


class EditionRecord(Struct):
    year_be: Year
    title_th: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    proposal_opens_at: datetime
    proposal_closes_at: datetime
    categories: Annotated[list[Category], msgspec.Meta(max_length=100)] | None = None


class RecommendationRecord(Struct):
    title_th: Text
    text_th: Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]
    agencies: Agencies = msgspec.field(default_factory=list)
    category: Annotated[str, msgspec.Meta(max_length=40)] | None = None


class SubmissionRecord(Struct):
    subject_th: Text
    to_th: Text
    document_number: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    dated: date
    signatory_name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    signatory_position: Annotated[str, msgspec.Meta(min_length=1, max_length=2_000)]
    owner_unit: Annotated[str, msgspec.Meta(min_length=1, max_length=2_000)]
    reference_th: Annotated[str, msgspec.Meta(max_length=2_000)] | None = None
    enclosures: Annotated[list[Line], msgspec.Meta(max_length=20)] | None = None
    body: Annotated[list[Paragraph], msgspec.Meta(max_length=30)] | None = None
    department: Line | None = None
    phone: Line | None = None
    fax: Line | None = None
    email: Line | None = None


class AssignmentRecord(Struct):
    recommendation: Number
    lead_agency: AgencyText
    agencies: Annotated[list[AgencyText], msgspec.Meta(max_length=30)] = msgspec.field(
        default_factory=list
    )
    due_on: date | None = None


class ResolutionRecord(Struct):
    resolved_on: date
    decision_th: Annotated[str, msgspec.Meta(min_length=1, max_length=4_000)]
    notified_on: date | None = None
    assignments: Annotated[list[AssignmentRecord], msgspec.Meta(max_length=1_000)] = msgspec.field(
        default_factory=list
    )


class AnswerRecord(Struct):
    recommendation: Number
    agency: AgencyText
    opinion_th: Opinion
    received_on: date


class Record(Struct):
    format: Literal["assembly-record/1"]
    edition: EditionRecord
    recommendations: Annotated[
        list[RecommendationRecord], msgspec.Meta(min_length=1, max_length=1_000)
    ]
    submission: SubmissionRecord
    resolution: ResolutionRecord | None = None
    answers: Annotated[list[AnswerRecord], msgspec.Meta(max_length=10_000)] = msgspec.field(
        default_factory=list
    )
    source_th: Annotated[str, msgspec.Meta(max_length=2_000)] | None = None  # where it comes from


LABELS = {
    "format": "รูปแบบไฟล์",
    "edition": "การประชุม",
    "year_be": "ปี พ.ศ.",
    "title_th": "ชื่อ",
    "proposal_opens_at": "วันเปิดรับข้อเสนอ",
    "proposal_closes_at": "วันปิดรับข้อเสนอ",
    "categories": "หมวดหมู่",
    "code": "รหัสหมวดหมู่",
    "name_th": "ชื่อหมวดหมู่",
    "recommendations": "ข้อเสนอแนะ",
    "text_th": "ข้อความข้อเสนอแนะ",
    "agencies": "หน่วยงาน",
    "category": "หมวดหมู่",
    "submission": "หนังสือเสนอคณะรัฐมนตรี",
    "subject_th": "เรื่อง",
    "to_th": "เรียน",
    "document_number": "เลขที่หนังสือ",
    "dated": "ลงวันที่",
    "signatory_name": "ชื่อผู้ลงนาม",
    "signatory_position": "ตำแหน่งผู้ลงนาม",
    "owner_unit": "ส่วนราชการเจ้าของหนังสือ",
    "reference_th": "อ้างถึง",
    "enclosures": "สิ่งที่ส่งมาด้วย",
    "body": "ข้อความ",
    "department": "ส่วนราชการเจ้าของเรื่อง",
    "phone": "โทร.",
    "fax": "โทรสาร",
    "email": "ไปรษณีย์อิเล็กทรอนิกส์",
    "resolution": "มติคณะรัฐมนตรี",
    "resolved_on": "วันที่มีมติ",
    "decision_th": "มติ",
    "notified_on": "วันที่แจ้งหน่วยงาน",
    "assignments": "การมอบหมาย",
    "recommendation": "ข้อเสนอแนะที่",
    "lead_agency": "หน่วยงานหลัก",
    "due_on": "กำหนดตอบ",
    "answers": "ความเห็นของหน่วยงาน",
    "agency": "หน่วยงาน",
    "opinion_th": "ความเห็น",
    "received_on": "วันที่ได้รับ",
    "source_th": "ที่มาของบันทึก",
}

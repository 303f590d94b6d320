"""What may be asked of a submission (หนังสือเสนอคณะรัฐมนตรี): compose it from recommendations
(or, for a province, from its issues), choose and order them, edit the letter, take or leave a
change made to an item after it was taken, finalize, and compose a correction."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar
from uuid import UUID, uuid4

import msgspec

from assembly.commands import Command
from assembly.consolidation.commands import Year
from assembly.thai import normalize, normalize_line

Line = Annotated[str, msgspec.Meta(max_length=500)]
Block = Annotated[str, msgspec.Meta(max_length=2_000)]
Paragraph = Annotated[str, msgspec.Meta(max_length=10_000)]
ItemIds = Annotated[list[UUID], msgspec.Meta(max_length=1_000)]
DocumentNumber = Annotated[str, msgspec.Meta(max_length=100)]
ProvinceCode = Annotated[str, msgspec.Meta(pattern=r"^\d{2}$")]

LABELS = {
    "subject_th": "เรื่อง",
    "recommendation_ids": "ข้อเสนอแนะ",
    "issue_ids": "ประเด็นระดับจังหวัด",
    "item_ids": "รายการในหนังสือ",
    "item_id": "รายการ",
    "to_th": "เรียน",
    "reference_th": "อ้างถึง",
    "enclosures": "สิ่งที่ส่งมาด้วย",
    "body": "ข้อความ",
    "signatory_id": "ผู้ลงนาม",
    "signatory_position": "ตำแหน่งผู้ลงนาม",
    "owner_unit": "ส่วนราชการเจ้าของหนังสือ",
    "department": "ส่วนราชการเจ้าของเรื่อง",
    "phone": "โทร.",
    "fax": "โทรสาร",
    "email": "ไปรษณีย์อิเล็กทรอนิกส์",
    "document_number": "เลขที่หนังสือ",
    "dated": "ลงวันที่",
    "version": "ฉบับ",
    "province_code": "จังหวัด",
    "corrects": "หนังสือที่แก้ไข",
}

# The letter's fields, as the events carry them. The signatory's name is personal data: it
# lives in the erasable `signatories` table and events carry only its id (PDPA).
LETTER_FIELDS = (
    "subject_th",
    "to_th",
    "reference_th",
    "enclosures",
    "body",
    "signatory_id",
    "signatory_position",
    "owner_unit",
    "department",
    "phone",
    "fax",
    "email",
)


class SubmissionCommand(Command, kw_only=True):
    labels: ClassVar[dict[str, str]] = LABELS
    multiline: ClassVar[frozenset[str]] = frozenset(
        {"reference_th", "signatory_position", "owner_unit"}
    )


class LetterText(SubmissionCommand, kw_only=True):
    """The letter's text fields; `None` leaves a field as it is. (Who signs is named apart:
    by id in a command, by name in a request to the web.)"""

    subject_th: Line | None = None
    to_th: Line | None = None
    reference_th: Block | None = None
    enclosures: Annotated[list[Line], msgspec.Meta(max_length=20)] | None = None
    body: Annotated[list[Paragraph], msgspec.Meta(max_length=30)] | None = None
    signatory_position: Block | None = None
    owner_unit: Block | None = None
    department: Line | None = None
    phone: Line | None = None
    fax: Line | None = None
    email: Line | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        # Lists of text are kept as stored text is: normalized, blank entries dropped.
        if self.enclosures is not None:
            self.enclosures = [e for e in map(normalize_line, self.enclosures) if e]
        if self.body is not None:
            self.body = [p for p in map(normalize, self.body) if p]


class LetterFields(LetterText, kw_only=True):
    """Every letter field, the signatory by the id its name is kept under."""

    signatory_id: UUID | None = None


class ComposeSubmission(LetterFields, kw_only=True):
    """A national submission from recommendations, or (with `province_code`) a provincial one
    from the province's issues; `corrects` names a finalized submission this one corrects
    (its letter and items are copied, then edited)."""

    year_be: Year
    submission_id: UUID = msgspec.field(default_factory=uuid4)
    recommendation_ids: ItemIds = msgspec.field(default_factory=list)
    province_code: ProvinceCode | None = None
    issue_ids: ItemIds = msgspec.field(default_factory=list)
    corrects: UUID | None = None


class ReviseLetter(LetterFields, kw_only=True):
    submission_id: UUID
    version: Annotated[int, msgspec.Meta(ge=1)]


class SetItems(SubmissionCommand, kw_only=True):
    """The items in the order they are to be printed (recommendations, or a province's
    issues); an item kept keeps the version it was taken at."""

    submission_id: UUID
    version: Annotated[int, msgspec.Meta(ge=1)]
    item_ids: ItemIds


class TakeChange(SubmissionCommand, kw_only=True):
    """Take an item's current text into the draft."""

    submission_id: UUID
    item_id: UUID


class LeaveChange(SubmissionCommand, kw_only=True):
    """Keep the text taken before; the change has been seen."""

    submission_id: UUID
    item_id: UUID


class FinalizeSubmission(SubmissionCommand, kw_only=True):
    """Fix the number and the date. `document_sha256` names the frozen document (the view
    model the read side built from this very version, kept in the durable files table)."""

    submission_id: UUID
    version: Annotated[int, msgspec.Meta(ge=1)]
    document_number: DocumentNumber
    dated: date
    document_sha256: Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]

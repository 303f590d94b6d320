"""What may be asked of a proposal, and the shapes of its fields (the web builds its request
bodies from them)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar
from uuid import UUID, uuid4

import msgspec

from assembly.commands import Command

MAX_TEXT = 20_000


class Level(StrEnum):
    """Where the problem can be solved: only what needs policy goes up to the Cabinet."""

    TAMBON = "tambon"
    PROVINCE = "province"
    NATIONAL = "national"


Title = Annotated[str, msgspec.Meta(max_length=300)]
Text = Annotated[str, msgspec.Meta(max_length=MAX_TEXT)]
Count = Annotated[int, msgspec.Meta(ge=0, le=10_000_000)]
TambonCode = Annotated[str, msgspec.Meta(pattern=r"^[0-9๐-๙]{6}$")]
CategoryCode = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]

LABELS = {
    "title_th": "ชื่อข้อเสนอ",
    "problem_th": "สภาพปัญหา",
    "recommendation_th": "ข้อเสนอแนวทางแก้ไข",
    "category": "หมวดหมู่",
    "level": "ระดับที่แก้ไขได้",
    "affected_households": "จำนวนครัวเรือนที่ได้รับผลกระทบ",
    "affected_people": "จำนวนคนที่ได้รับผลกระทบ",
    "tambon_codes": "ตำบลที่เกี่ยวข้อง",
    "plan_reference": "อ้างอิงแผนตำบล",
    "council_id": "สภาองค์กรชุมชนตำบล",
    "version": "ฉบับ",
    "reason_th": "เหตุผลที่ส่งกลับ",
}


class Content(Command):
    """The editable part of a proposal (every field may still be empty in a draft)."""

    title_th: Title = ""
    problem_th: Text = ""
    recommendation_th: Text = ""
    category: CategoryCode | None = None
    level: Level | None = None
    affected_households: Count | None = None
    affected_people: Count | None = None
    tambon_codes: list[TambonCode] = msgspec.field(default_factory=list)
    plan_reference: Annotated[str, msgspec.Meta(max_length=300)] = ""

    labels: ClassVar[dict[str, str]] = LABELS
    multiline: ClassVar[frozenset[str]] = frozenset({"problem_th", "recommendation_th"})

    def __post_init__(self) -> None:
        super().__post_init__()
        self.tambon_codes = sorted({c.translate(_DIGITS) for c in self.tambon_codes})

    def content(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in Content.__struct_fields__}


_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class DraftBody(Content, kw_only=True):
    """What a client sends to start a proposal (the edition comes from the URL)."""

    proposal_id: UUID = msgspec.field(default_factory=uuid4)
    council_id: UUID | None = None


class DraftProposal(DraftBody, kw_only=True):
    """Start a proposal. A council drafts for itself; a coordinator enters a paper proposal
    on behalf of a council of the province (`council_id`)."""

    year_be: Annotated[int, msgspec.Meta(ge=2500, le=2700)]


class ReviseBody(Content, kw_only=True):
    version: Annotated[int, msgspec.Meta(ge=1)]  # the version the editor started from


class ReviseProposal(ReviseBody, kw_only=True):
    proposal_id: UUID


class SubmitProposal(Command):
    proposal_id: UUID


class WithdrawProposal(Command):
    proposal_id: UUID


class DeleteDraft(Command):
    """Delete a draft that was never submitted (a submitted one is withdrawn instead)."""

    proposal_id: UUID


class ReturnProposal(Command):
    proposal_id: UUID
    reason_th: Annotated[str, msgspec.Meta(min_length=5, max_length=2000)]

    labels: ClassVar[dict[str, str]] = LABELS
    multiline: ClassVar[frozenset[str]] = frozenset({"reason_th"})


class AttachFile(Command):
    """Attach a file already stored (by its hash) to a draft or returned proposal."""

    proposal_id: UUID
    sha256: Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]
    filename: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    media_type: Annotated[str, msgspec.Meta(pattern=r"^(application/pdf|image/jpeg|image/png)$")]
    size: Annotated[int, msgspec.Meta(ge=1, le=10 * 1024 * 1024)]
    attachment_id: UUID = msgspec.field(default_factory=uuid4)

    labels: ClassVar[dict[str, str]] = {"filename": "ชื่อไฟล์", "size": "ขนาดไฟล์"}


class RemoveAttachment(Command):
    proposal_id: UUID
    attachment_id: UUID

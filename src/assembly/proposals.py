"""Council proposals: drafted, submitted inside the edition's window, returned for revision
by the province's coordinator, withdrawn, and (later) consolidated into provincial issues.

Lifecycle: draft -> submitted -> (returned -> submitted)* -> consolidated, or withdrawn.
A draft may be incomplete (it saves itself as the council types); submitting needs every
required field. Each revision names the version it was made from, so two tabs editing the
same draft never overwrite each other silently.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, ClassVar
from uuid import UUID, uuid4

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly.actors import Role
from assembly.commands import Command, Handler
from assembly.councils import Council
from assembly.editions import Edition, edition_id
from assembly.errors import Conflict, Forbidden, Invalid, NotFound
from assembly.policy_scope import check_scope
from assembly.thai import thai_datetime

if TYPE_CHECKING:
    from assembly.actors import Actor
    from assembly.application import Assembly

MAX_TEXT = 20_000


class Level(StrEnum):
    """Where the problem can be solved: only what needs policy goes up to the Cabinet."""

    TAMBON = "tambon"
    PROVINCE = "province"
    NATIONAL = "national"


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    CONSOLIDATED = "consolidated"
    WITHDRAWN = "withdrawn"


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


class Proposal(Aggregate):
    class Drafted(Aggregate.Created):
        proposal_id: UUID  # chosen by the client, so a retried create is idempotent
        year_be: int
        council_id: UUID
        province_code: str
        content: dict[str, object]
        on_behalf: bool  # entered by a coordinator from a paper proposal
        by: str

    class Revised(Aggregate.Event):
        content: dict[str, object]
        by: str

    class Submitted(Aggregate.Event):
        by: str

    class Returned(Aggregate.Event):
        reason_th: str
        by: str

    class Withdrawn(Aggregate.Event):
        by: str

    class AttachmentAdded(Aggregate.Event):
        attachment_id: UUID
        sha256: str
        filename: str
        media_type: str
        size: int
        by: str

    class AttachmentRemoved(Aggregate.Event):
        attachment_id: UUID
        by: str

    class Consolidated(Aggregate.Event):
        """Taken into a provincial issue (or moved to another one): content untouched."""

        issue_id: UUID
        by: str

    class Released(Aggregate.Event):
        """Detached from its provincial issue: submitted again, waiting for an issue."""

        issue_id: UUID
        by: str

    @event(Drafted)
    def __init__(
        self,
        proposal_id: UUID,
        year_be: int,
        council_id: UUID,
        province_code: str,
        content: dict[str, object],
        on_behalf: bool,
        by: str,
    ) -> None:
        self.year_be = year_be
        self.council_id = council_id
        self.province_code = province_code
        self.content = content
        self.on_behalf = on_behalf
        self.status = Status.DRAFT
        self.attachments: list[UUID] = []
        self.issue_id: UUID | None = None

    @classmethod
    def create_id(cls, proposal_id: UUID, **_: object) -> UUID:
        return proposal_id

    @event(Revised)
    def revise(self, content: dict[str, object], by: str) -> None:
        self.content = content

    @event(Submitted)
    def submit(self, by: str) -> None:
        self.status = Status.SUBMITTED

    @event(Returned)
    def return_for_revision(self, reason_th: str, by: str) -> None:
        self.status = Status.RETURNED

    @event(Withdrawn)
    def withdraw(self, by: str) -> None:
        self.status = Status.WITHDRAWN

    @event(AttachmentAdded)
    def attach(
        self, attachment_id: UUID, sha256: str, filename: str, media_type: str, size: int, by: str
    ) -> None:
        self.attachments.append(attachment_id)

    @event(AttachmentRemoved)
    def detach(self, attachment_id: UUID, by: str) -> None:
        self.attachments.remove(attachment_id)

    @event(Consolidated)
    def consolidate(self, issue_id: UUID, by: str) -> None:
        self.status = Status.CONSOLIDATED
        self.issue_id = issue_id

    @event(Released)
    def release(self, issue_id: UUID, by: str) -> None:
        self.status = Status.SUBMITTED
        self.issue_id = None


# --- handlers ---


def _edition(app: Assembly, year_be: int) -> Edition:
    edition = app.load(edition_id(year_be), Edition)
    if edition is None:
        raise _no_edition(year_be)
    return edition


def _no_edition(year_be: int) -> NotFound:
    return NotFound(f"ไม่พบการประชุมประจำปี {year_be}", field="year_be")


def _proposal(app: Assembly, proposal_id: UUID) -> Proposal:
    proposal = app.load(proposal_id, Proposal)
    if proposal is None:
        raise NotFound("ไม่พบข้อเสนอนี้", field="proposal_id")
    return proposal


def _check_content(content: Content, edition: Edition, council: Council) -> None:
    codes = {code for code, _ in edition.categories}
    if content.category is not None and content.category not in codes:
        raise Invalid(f"ไม่มีหมวดหมู่ “{content.category}” ในการประชุมปีนี้", field="category")
    outside = [c for c in content.tambon_codes if c != council.subdistrict_code]
    if outside:
        raise Invalid(f"ตำบล {', '.join(outside)} ไม่อยู่ในพื้นที่ของสภานี้", field="tambon_codes")


def check_editor(actor: Actor, proposal: Proposal) -> None:
    """The owning council, or the province's coordinator for a paper proposal. (The web asks
    too, before it stores an uploaded file.)"""
    if actor.role is Role.COORDINATOR:
        check_scope(actor, province_code=proposal.province_code)
        if not proposal.on_behalf:
            raise Forbidden("แก้ไขได้เฉพาะข้อเสนอที่บันทึกแทนสภาจากเอกสาร", code="out_of_scope")
    else:
        check_scope(actor, council_id=proposal.council_id)


def draft_proposal(app: Assembly, cmd: DraftProposal, actor: Actor) -> list[Aggregate]:
    if actor.role is Role.COUNCIL:
        if actor.council_id is None:
            raise Forbidden("บัญชีนี้ไม่ได้เป็นผู้แทนสภาใดแล้ว", code="out_of_scope")
        council_id = UUID(str(actor.council_id))
        if cmd.council_id is not None and cmd.council_id != council_id:
            raise Forbidden("รายการนี้เป็นของสภาอื่น", code="out_of_scope")
    else:
        if cmd.council_id is None:
            raise Invalid("ต้องระบุสภาที่เป็นเจ้าของข้อเสนอ", field="council_id")
        council_id = cmd.council_id
    # The edition, the council and whether the id is taken: one round trip.
    found = app.load_many([edition_id(cmd.year_be), council_id, cmd.proposal_id])
    edition = found.get(edition_id(cmd.year_be))
    if not isinstance(edition, Edition):
        raise _no_edition(cmd.year_be)
    council = found.get(council_id)
    if not isinstance(council, Council):
        raise Invalid("ไม่พบสภาองค์กรชุมชนตำบลที่ระบุ", field="council_id")
    check_scope(actor, province_code=council.province_code)
    _check_content(cmd, edition, council)
    if not cmd.tambon_codes:
        cmd.tambon_codes = [council.subdistrict_code]
    if cmd.proposal_id in found:
        raise Conflict("มีข้อเสนอนี้อยู่แล้ว", code="proposal_exists")
    proposal = Proposal(
        proposal_id=cmd.proposal_id,
        year_be=cmd.year_be,
        council_id=council.id,
        province_code=council.province_code,
        content=cmd.content(),
        on_behalf=actor.role is Role.COORDINATOR,  # a paper proposal typed in for the council
        by=actor.ref,
    )
    return [proposal]


def revise_proposal(app: Assembly, cmd: ReviseProposal, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(app, cmd.proposal_id)
    check_editor(actor, proposal)
    if proposal.status not in (Status.DRAFT, Status.RETURNED):
        raise Conflict(_not_editable(proposal.status), field="proposal_id", code="not_editable")
    if cmd.version != proposal.version:
        raise Conflict(
            "ข้อเสนอนี้ถูกแก้ไขจากอีกหน้าหนึ่งหรืออุปกรณ์อื่นแล้ว กรุณาโหลดฉบับล่าสุดก่อนแก้ไขต่อ",
            field="version",
            code="stale",
        )
    council = app.load(proposal.council_id, Council)
    assert council is not None
    _check_content(cmd, _edition(app, proposal.year_be), council)
    content = cmd.content()
    if not cmd.tambon_codes:
        content["tambon_codes"] = [council.subdistrict_code]
    if content == proposal.content:
        return []  # autosave with nothing new: no event
    proposal.revise(content, by=actor.ref)
    return [proposal]


REQUIRED = ("title_th", "problem_th", "recommendation_th", "category", "level")


def submit_proposal(app: Assembly, cmd: SubmitProposal, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(app, cmd.proposal_id)
    check_editor(actor, proposal)
    if proposal.status is Status.SUBMITTED:
        return []  # submitting twice is a no-op, not an error
    if proposal.status not in (Status.DRAFT, Status.RETURNED):
        raise Conflict(_not_editable(proposal.status), field="proposal_id", code="not_editable")
    missing = [f for f in REQUIRED if not proposal.content.get(f)]
    if proposal.content.get("affected_households") is None:
        missing.append("affected_households")
    if missing:
        names = ", ".join(LABELS[f] for f in missing)
        raise Invalid(f"ยังส่งไม่ได้: ต้องกรอก {names}", field=missing[0], code="incomplete")
    edition = _edition(app, proposal.year_be)
    now = app.clock()
    if not edition.window_is_open(now) and not (proposal.on_behalf and edition.from_paper):
        opens, closes = edition.proposal_opens_at, edition.proposal_closes_at
        raise Conflict(
            f"ส่งข้อเสนอได้เฉพาะช่วงเปิดรับ: {thai_datetime(opens)} ถึง {thai_datetime(closes)}",
            code="window_closed",
        )
    proposal.submit(by=actor.ref)
    return [proposal]


def withdraw_proposal(app: Assembly, cmd: WithdrawProposal, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(app, cmd.proposal_id)
    check_editor(actor, proposal)
    if proposal.status is Status.WITHDRAWN:
        return []
    if proposal.status is Status.CONSOLIDATED:
        raise Conflict(_not_editable(proposal.status), code="not_editable")
    proposal.withdraw(by=actor.ref)
    return [proposal]


def return_proposal(app: Assembly, cmd: ReturnProposal, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(app, cmd.proposal_id)
    check_scope(actor, province_code=proposal.province_code)
    if proposal.status is not Status.SUBMITTED:
        raise Conflict("ส่งกลับได้เฉพาะข้อเสนอที่ส่งแล้ว", code="not_submitted")
    proposal.return_for_revision(cmd.reason_th, by=actor.ref)
    return [proposal]


def _not_editable(status: Status) -> str:
    return {
        Status.WITHDRAWN: "ข้อเสนอนี้ถอนแล้ว แก้ไขหรือส่งไม่ได้",
        Status.CONSOLIDATED: "ข้อเสนอนี้ถูกรวมเป็นประเด็นระดับจังหวัดแล้ว",
        Status.SUBMITTED: "ข้อเสนอนี้ส่งแล้ว จะแก้ไขได้เมื่อผู้ประสานงานส่งกลับ",
    }.get(status, "ทำรายการนี้กับข้อเสนอในสถานะนี้ไม่ได้")


def attach_file(app: Assembly, cmd: AttachFile, actor: Actor) -> list[Aggregate]:
    from assembly.attachments import MAX_PER_PROPOSAL

    proposal = _proposal(app, cmd.proposal_id)
    check_editor(actor, proposal)
    if proposal.status not in (Status.DRAFT, Status.RETURNED):
        raise Conflict(_not_editable(proposal.status), code="not_editable")
    if cmd.attachment_id in proposal.attachments:
        return []
    if len(proposal.attachments) >= MAX_PER_PROPOSAL:
        raise Conflict(
            f"แนบไฟล์ได้ไม่เกิน {MAX_PER_PROPOSAL} ไฟล์ต่อข้อเสนอ", field="file", code="too_many_files"
        )
    proposal.attach(
        cmd.attachment_id, cmd.sha256, cmd.filename, cmd.media_type, cmd.size, by=actor.ref
    )
    return [proposal]


def remove_attachment(app: Assembly, cmd: RemoveAttachment, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(app, cmd.proposal_id)
    check_editor(actor, proposal)
    if proposal.status not in (Status.DRAFT, Status.RETURNED):
        raise Conflict(_not_editable(proposal.status), code="not_editable")
    if cmd.attachment_id not in proposal.attachments:
        return []
    proposal.detach(cmd.attachment_id, by=actor.ref)
    return [proposal]


HANDLERS: dict[type[Command], Handler] = {
    AttachFile: attach_file,
    RemoveAttachment: remove_attachment,
    DraftProposal: draft_proposal,
    ReviseProposal: revise_proposal,
    SubmitProposal: submit_proposal,
    WithdrawProposal: withdraw_proposal,
    ReturnProposal: return_proposal,
}

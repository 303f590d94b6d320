"""Council proposals: drafted, submitted inside the edition's window, returned for revision
by the province's coordinator, withdrawn, and (later) consolidated into provincial issues.

Lifecycle: draft -> submitted -> (returned -> submitted)* -> consolidated, or withdrawn.
A draft may be incomplete (it saves itself as the council types); submitting needs every
required field. Each revision names the version it was made from, so two tabs editing the
same draft never overwrite each other silently.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, ClassVar
from uuid import UUID, uuid4

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor, Role, check_scope
from assembly.attachments import MAX_PER_PROPOSAL
from assembly.commands import Command, changed, route
from assembly.councils import Council
from assembly.editions import Edition, edition_id
from assembly.errors import Conflict, Forbidden, Invalid, NotFound
from assembly.store import Store

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


REQUIRED = ("title_th", "problem_th", "recommendation_th", "category", "level")
EDITABLE = (Status.DRAFT, Status.RETURNED)


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

    @classmethod
    def draft(
        cls,
        proposal_id: UUID,
        edition: Edition,
        council: Council,
        content: dict[str, object],
        actor: Actor,
    ) -> Proposal:
        """A council drafts for itself; the province's coordinator types in a paper one."""
        check_scope(actor, province_code=council.province_code, council_id=council.id)
        content = _checked(content, edition, council)
        return cls(
            proposal_id=proposal_id,
            year_be=edition.year_be,
            council_id=council.id,
            province_code=council.province_code,
            content=content,
            on_behalf=actor.role is Role.COORDINATOR,
            by=actor.ref,
        )

    def check_editor(self, actor: Actor) -> None:
        """The owning council, or the province's coordinator for a paper proposal."""
        if actor.role is Role.COORDINATOR:
            check_scope(actor, province_code=self.province_code)
            if not self.on_behalf:
                raise Forbidden("แก้ไขได้เฉพาะข้อเสนอที่บันทึกแทนสภาจากเอกสาร", code="out_of_scope")
        else:
            check_scope(actor, council_id=self.council_id)

    def _check_editable(self, field: str | None = None) -> None:
        if self.status not in EDITABLE:
            raise Conflict(_not_editable(self.status), field=field, code="not_editable")

    def revise(
        self,
        content: dict[str, object],
        version: int,
        edition: Edition,
        council: Council,
        actor: Actor,
    ) -> None:
        """`version` is the one the editor started from: a later save is never overwritten.
        Saving what is already there (an autosave) changes nothing."""
        self.check_editor(actor)
        self._check_editable("proposal_id")
        if version != self.version:
            raise Conflict(
                "ข้อเสนอนี้ถูกแก้ไขจากอีกหน้าหนึ่งหรืออุปกรณ์อื่นแล้ว กรุณาโหลดฉบับล่าสุดก่อนแก้ไขต่อ",
                field="version",
                code="stale",
            )
        content = _checked(content, edition, council)
        if content != self.content:
            self._revise(content, by=actor.ref)

    @event(Revised)
    def _revise(self, content: dict[str, object], by: str) -> None:
        self.content = content

    def submit(self, edition: Edition, now: datetime, actor: Actor) -> None:
        """Complete, inside the edition's window; submitting twice is a no-op."""
        self.check_editor(actor)
        if self.status is Status.SUBMITTED:
            return
        self._check_editable("proposal_id")
        missing = [f for f in REQUIRED if not self.content.get(f)]
        if self.content.get("affected_households") is None:
            missing.append("affected_households")
        if missing:
            names = ", ".join(LABELS[f] for f in missing)
            raise Invalid(f"ยังส่งไม่ได้: ต้องกรอก {names}", field=missing[0], code="incomplete")
        edition.check_window(now, self.on_behalf)
        self._submit(by=actor.ref)

    @event(Submitted)
    def _submit(self, by: str) -> None:
        self.status = Status.SUBMITTED

    def return_for_revision(self, reason_th: str, actor: Actor) -> None:
        """The province's coordinator sends a submitted proposal back, with a reason."""
        check_scope(actor, province_code=self.province_code)
        if self.status is not Status.SUBMITTED:
            raise Conflict("ส่งกลับได้เฉพาะข้อเสนอที่ส่งแล้ว", code="not_submitted")
        self._return_for_revision(reason_th, by=actor.ref)

    @event(Returned)
    def _return_for_revision(self, reason_th: str, by: str) -> None:
        self.status = Status.RETURNED

    def withdraw(self, actor: Actor) -> None:
        """Any time before it is consolidated; withdrawing twice is a no-op."""
        self.check_editor(actor)
        if self.status is Status.WITHDRAWN:
            return
        if self.status is Status.CONSOLIDATED:
            raise Conflict(_not_editable(self.status), code="not_editable")
        self._withdraw(by=actor.ref)

    @event(Withdrawn)
    def _withdraw(self, by: str) -> None:
        self.status = Status.WITHDRAWN

    def attach(
        self,
        attachment_id: UUID,
        sha256: str,
        filename: str,
        media_type: str,
        size: int,
        actor: Actor,
    ) -> None:
        """At most `MAX_PER_PROPOSAL` files, while editable; attaching twice is a no-op."""
        self.check_editor(actor)
        self._check_editable()
        if attachment_id in self.attachments:
            return
        if len(self.attachments) >= MAX_PER_PROPOSAL:
            raise Conflict(
                f"แนบไฟล์ได้ไม่เกิน {MAX_PER_PROPOSAL} ไฟล์ต่อข้อเสนอ",
                field="file",
                code="too_many_files",
            )
        self._attach(attachment_id, sha256, filename, media_type, size, by=actor.ref)

    @event(AttachmentAdded)
    def _attach(
        self, attachment_id: UUID, sha256: str, filename: str, media_type: str, size: int, by: str
    ) -> None:
        self.attachments.append(attachment_id)

    def detach(self, attachment_id: UUID, actor: Actor) -> None:
        self.check_editor(actor)
        self._check_editable()
        if attachment_id in self.attachments:  # removing twice is a no-op
            self._detach(attachment_id, by=actor.ref)

    @event(AttachmentRemoved)
    def _detach(self, attachment_id: UUID, by: str) -> None:
        self.attachments.remove(attachment_id)

    # --- consolidation (the issue's side is `consolidation.ProvincialIssue`) ---

    @property
    def title(self) -> str:
        return str(self.content.get("title_th") or "(ไม่มีชื่อ)")

    def check_takeable(self, year_be: int, province_code: str) -> None:
        """Only a submitted proposal of this edition and province, in no issue yet, may be
        taken into an issue (one in another issue is moved explicitly, never taken)."""
        if self.province_code != province_code or self.year_be != year_be:
            raise Invalid(
                f"ข้อเสนอ “{self.title}” เป็นของจังหวัดอื่นหรือปีอื่น รวมไว้ในประเด็นนี้ไม่ได้",
                field="proposal_ids",
                code="other_province",
            )
        if self.status is Status.CONSOLIDATED:
            raise Conflict(
                f"ข้อเสนอ “{self.title}” อยู่ในประเด็นอื่นแล้ว ใช้คำสั่งย้ายข้อเสนอแทน",
                field="proposal_ids",
                code="already_in_issue",
            )
        if self.status is not Status.SUBMITTED:
            raise Conflict(
                f"ข้อเสนอ “{self.title}” ยังไม่ได้ส่งหรือถูกถอนแล้ว รวมเป็นประเด็นได้เฉพาะข้อเสนอที่ส่งแล้ว",
                field="proposal_ids",
                code="not_submitted",
            )

    def take_into(self, issue_id: UUID, year_be: int, province_code: str, actor: Actor) -> None:
        self.check_takeable(year_be, province_code)
        self._consolidate(issue_id, by=actor.ref)

    def move_to(self, issue_id: UUID, actor: Actor) -> None:
        """From the issue it is in to another (a move, a merge or a split)."""
        self._consolidate(issue_id, by=actor.ref)

    @event(Consolidated)
    def _consolidate(self, issue_id: UUID, by: str) -> None:
        self.status = Status.CONSOLIDATED
        self.issue_id = issue_id

    def release(self, issue_id: UUID, actor: Actor) -> None:
        """Out of its issue, back to the submitted pile."""
        self._release(issue_id, by=actor.ref)

    @event(Released)
    def _release(self, issue_id: UUID, by: str) -> None:
        self.status = Status.SUBMITTED
        self.issue_id = None


def _checked(content: dict[str, object], edition: Edition, council: Council) -> dict[str, object]:
    """The category must be one of the edition's; the tambons the council's own (its own
    tambon when none is named)."""
    edition.check_category(content.get("category"))
    named = content.get("tambon_codes")
    tambons = [str(c) for c in named] if isinstance(named, list) else []
    outside = [c for c in tambons if c != council.subdistrict_code]
    if outside:
        raise Invalid(f"ตำบล {', '.join(outside)} ไม่อยู่ในพื้นที่ของสภานี้", field="tambon_codes")
    return {**content, "tambon_codes": tambons or [council.subdistrict_code]}


def _not_editable(status: Status) -> str:
    return {
        Status.WITHDRAWN: "ข้อเสนอนี้ถอนแล้ว แก้ไขหรือส่งไม่ได้",
        Status.CONSOLIDATED: "ข้อเสนอนี้ถูกรวมเป็นประเด็นระดับจังหวัดแล้ว",
        Status.SUBMITTED: "ข้อเสนอนี้ส่งแล้ว จะแก้ไขได้เมื่อผู้ประสานงานส่งกลับ",
    }.get(status, "ทำรายการนี้กับข้อเสนอในสถานะนี้ไม่ได้")


def check_editor(actor: Actor, proposal: Proposal) -> None:
    """For the web, before it stores an uploaded file (`handle` asks again)."""
    proposal.check_editor(actor)


# --- handlers ---


def _edition(store: Store, year_be: int) -> Edition:
    edition = store.load(edition_id(year_be), Edition)
    if edition is None:
        raise _no_edition(year_be)
    return edition


def _no_edition(year_be: int) -> NotFound:
    return NotFound(f"ไม่พบการประชุมประจำปี {year_be}", field="year_be")


def _proposal(store: Store, proposal_id: UUID) -> Proposal:
    proposal = store.load(proposal_id, Proposal)
    if proposal is None:
        raise NotFound("ไม่พบข้อเสนอนี้", field="proposal_id")
    return proposal


def _author_council(cmd: DraftProposal, actor: Actor) -> UUID:
    """A council drafts for itself only; anyone else names the council."""
    if actor.role is Role.COUNCIL:
        if actor.council_id is None:
            raise Forbidden("บัญชีนี้ไม่ได้เป็นผู้แทนสภาใดแล้ว", code="out_of_scope")
        council_id = UUID(str(actor.council_id))
        if cmd.council_id is not None and cmd.council_id != council_id:
            raise Forbidden("รายการนี้เป็นของสภาอื่น", code="out_of_scope")
        return council_id
    if cmd.council_id is None:
        raise Invalid("ต้องระบุสภาที่เป็นเจ้าของข้อเสนอ", field="council_id")
    return cmd.council_id


def draft_proposal(store: Store, cmd: DraftProposal, actor: Actor) -> list[Aggregate]:
    council_id = _author_council(cmd, actor)
    # The edition, the council and whether the id is taken: one round trip.
    found = store.load_many([edition_id(cmd.year_be), council_id, cmd.proposal_id])
    edition = found.get(edition_id(cmd.year_be))
    if not isinstance(edition, Edition):
        raise _no_edition(cmd.year_be)
    council = found.get(council_id)
    if not isinstance(council, Council):
        raise Invalid("ไม่พบสภาองค์กรชุมชนตำบลที่ระบุ", field="council_id")
    proposal = Proposal.draft(cmd.proposal_id, edition, council, cmd.content(), actor)
    if cmd.proposal_id in found:
        raise Conflict("มีข้อเสนอนี้อยู่แล้ว", code="proposal_exists")
    return [proposal]


def revise_proposal(store: Store, cmd: ReviseProposal, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(store, cmd.proposal_id)
    council = store.load(proposal.council_id, Council)
    assert council is not None  # councils are never removed
    edition = _edition(store, proposal.year_be)
    proposal.revise(cmd.content(), cmd.version, edition, council, actor)
    return changed(proposal)


def submit_proposal(store: Store, cmd: SubmitProposal, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(store, cmd.proposal_id)
    proposal.submit(_edition(store, proposal.year_be), store.clock(), actor)
    return changed(proposal)


def withdraw_proposal(store: Store, cmd: WithdrawProposal, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(store, cmd.proposal_id)
    proposal.withdraw(actor)
    return changed(proposal)


def return_proposal(store: Store, cmd: ReturnProposal, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(store, cmd.proposal_id)
    proposal.return_for_revision(cmd.reason_th, actor)
    return [proposal]


def attach_file(store: Store, cmd: AttachFile, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(store, cmd.proposal_id)
    proposal.attach(cmd.attachment_id, cmd.sha256, cmd.filename, cmd.media_type, cmd.size, actor)
    return changed(proposal)


def remove_attachment(store: Store, cmd: RemoveAttachment, actor: Actor) -> list[Aggregate]:
    proposal = _proposal(store, cmd.proposal_id)
    proposal.detach(cmd.attachment_id, actor)
    return changed(proposal)


HANDLERS = dict(
    [
        route(AttachFile, attach_file),
        route(RemoveAttachment, remove_attachment),
        route(DraftProposal, draft_proposal),
        route(ReviseProposal, revise_proposal),
        route(SubmitProposal, submit_proposal),
        route(WithdrawProposal, withdraw_proposal),
        route(ReturnProposal, return_proposal),
    ]
)

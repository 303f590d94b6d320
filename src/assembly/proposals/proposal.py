"""The proposal aggregate and its rules: who edits it, when it may be submitted, what it
needs, and how consolidation takes it into a provincial issue."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor, Role, check_scope
from assembly.attachments import MAX_PER_PROPOSAL
from assembly.councils import Council
from assembly.editions import Edition
from assembly.errors import Conflict, Forbidden, Invalid
from assembly.proposals.commands import LABELS

# Where this class was defined until issue 9: stored events name it so, and keep doing so
# (the projectors recognise events by their topic; see tests/test_event_log.py).
OLD = "assembly.proposals:Proposal"


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    CONSOLIDATED = "consolidated"
    WITHDRAWN = "withdrawn"
    DELETED = "deleted"  # a draft never submitted, deleted by its editor (issue 10)


REQUIRED = ("title_th", "problem_th", "recommendation_th", "category", "level")
EDITABLE = (Status.DRAFT, Status.RETURNED)


class Proposal(Aggregate):
    TOPIC = OLD

    class Created(Aggregate.Created):
        """Defined by eventsourcing for every aggregate; never used (see `Drafted`)."""

        TOPIC = f"{OLD}.Created"

    class Drafted(Aggregate.Created):
        TOPIC = f"{OLD}.Drafted"
        proposal_id: UUID  # chosen by the client, so a retried create is idempotent
        year_be: int
        council_id: UUID
        province_code: str
        content: dict[str, object]
        on_behalf: bool  # entered by a coordinator from a paper proposal
        by: str

    class Revised(Aggregate.Event):
        TOPIC = f"{OLD}.Revised"
        content: dict[str, object]
        by: str

    class Submitted(Aggregate.Event):
        TOPIC = f"{OLD}.Submitted"
        by: str

    class Returned(Aggregate.Event):
        TOPIC = f"{OLD}.Returned"
        reason_th: str
        by: str

    class Withdrawn(Aggregate.Event):
        TOPIC = f"{OLD}.Withdrawn"
        by: str

    class DraftDeleted(Aggregate.Event):
        """A draft never submitted, deleted by its editor: the read side forgets it; the
        events stay (issue 10)."""

        TOPIC = f"{OLD}.DraftDeleted"
        by: str

    class AttachmentAdded(Aggregate.Event):
        TOPIC = f"{OLD}.AttachmentAdded"
        attachment_id: UUID
        sha256: str
        filename: str
        media_type: str
        size: int
        by: str

    class AttachmentRemoved(Aggregate.Event):
        TOPIC = f"{OLD}.AttachmentRemoved"
        attachment_id: UUID
        by: str

    class Consolidated(Aggregate.Event):
        """Taken into a provincial issue (or moved to another one): content untouched."""

        TOPIC = f"{OLD}.Consolidated"
        issue_id: UUID
        by: str

    class Released(Aggregate.Event):
        """Detached from its provincial issue: submitted again, waiting for an issue."""

        TOPIC = f"{OLD}.Released"
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
        check_editor(
            actor,
            province_code=self.province_code,
            council_id=self.council_id,
            on_behalf=self.on_behalf,
        )

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
        missing = missing_fields(self.content)
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
        if self.status in (Status.CONSOLIDATED, Status.DELETED):
            raise Conflict(_not_editable(self.status), code="not_editable")
        self._withdraw(by=actor.ref)

    @event(Withdrawn)
    def _withdraw(self, by: str) -> None:
        self.status = Status.WITHDRAWN

    def delete_draft(self, actor: Actor) -> None:
        """Only a draft never submitted (a returned one was submitted: it is withdrawn
        instead), only by its editor; deleting twice is a no-op."""
        self.check_editor(actor)
        if self.status is Status.DELETED:
            return
        if self.status is not Status.DRAFT:
            raise Conflict(
                "ลบได้เฉพาะร่างที่ยังไม่เคยส่ง ข้อเสนอที่ส่งแล้วถอนได้แทน",
                field="proposal_id",
                code="not_a_draft",
            )
        self._delete_draft(by=actor.ref)

    @event(DraftDeleted)
    def _delete_draft(self, by: str) -> None:
        self.status = Status.DELETED

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


def missing_fields(content: dict[str, object]) -> list[str]:
    """The fields a proposal needs before it is submitted and does not have yet, in the
    form's order (the web marks them beside their fields)."""
    missing = [f for f in REQUIRED if not content.get(f)]
    if content.get("affected_households") is None:
        missing.append("affected_households")
    return missing


def _not_editable(status: Status) -> str:
    return {
        Status.DELETED: "ร่างข้อเสนอนี้ถูกลบแล้ว",
        Status.WITHDRAWN: "ข้อเสนอนี้ถอนแล้ว แก้ไขหรือส่งไม่ได้",
        Status.CONSOLIDATED: "ข้อเสนอนี้ถูกรวมเป็นประเด็นระดับจังหวัดแล้ว",
        Status.SUBMITTED: "ข้อเสนอนี้ส่งแล้ว จะแก้ไขได้เมื่อผู้ประสานงานส่งกลับ",
    }.get(status, "ทำรายการนี้กับข้อเสนอในสถานะนี้ไม่ได้")


def check_editor(
    actor: Actor, *, province_code: str, council_id: UUID | str, on_behalf: bool
) -> None:
    """The owning council, or the province's coordinator for a paper proposal. A function of
    the proposal's owners, so the web can ask it from the read side before it stores an
    uploaded file (`handle` asks again through the aggregate)."""
    if actor.role is Role.COORDINATOR:
        check_scope(actor, province_code=province_code)
        if not on_behalf:
            raise Forbidden("แก้ไขได้เฉพาะข้อเสนอที่บันทึกแทนสภาจากเอกสาร", code="out_of_scope")
    else:
        check_scope(actor, council_id=council_id)

"""The submission aggregate: a draft letter with its items, versioned by every change, then
finalized once (number and date fixed, the document frozen) and never changed again.

An item is a snapshot of a recommendation (or, in a provincial document, of a provincial
issue) at the version it was taken: the document prints what was taken. When the source
changes later, the draft shows the change and finalizing waits until the secretariat takes
the new text or leaves it (`seen` records the version looked at).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor, Role, check_scope
from assembly.errors import Conflict, Forbidden, Invalid, NotFound
from assembly.submissions.commands import LETTER_FIELDS
from assembly.thai import be_year, normalize_line

NAMESPACE = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/document-numbers")

Snapshot = dict[str, Any]  # {"id", "version", "seen", "title_th", "text_th", "agencies"}


def number_id(year_be: int, number: str) -> UUID:
    """One aggregate per document number and year: two submissions cannot both take it."""
    return uuid5(NAMESPACE, f"{year_be}|{number_key(number)}")


def number_key(number: str) -> str:
    """'นร 0503 / 28036' and 'นร0503/28036' are the same number."""
    return "".join(normalize_line(number).split()).casefold()


def snapshot(source: Aggregate, text_th: str | None = None) -> Snapshot:
    """What a document prints of a recommendation or a provincial issue; `text_th`, when
    given, is the text the national meeting amended the recommendation to."""
    text = text_th or getattr(source, "text_th", None)
    if text is None:  # a provincial issue: its summary, then what it recommends
        parts = (source.summary_th, source.recommendation_th)  # type: ignore[attr-defined]
        text = "\n".join(p for p in parts if p)
    return {
        "id": str(source.id),
        "version": source.version,
        "seen": source.version,
        "title_th": source.title_th,  # type: ignore[attr-defined]
        "text_th": text,
        "agencies": list(getattr(source, "agencies", [])),
    }


class Submission(Aggregate):
    class Composed(Aggregate.Created):
        submission_id: UUID
        year_be: int
        province_code: str | None  # None: the national submission to the Cabinet
        items: list[Snapshot]
        letter: dict[str, Any]
        corrects: UUID | None
        by: str

    class LetterRevised(Aggregate.Event):
        changes: dict[str, Any]  # only the fields that changed
        by: str

    class ItemsSet(Aggregate.Event):
        items: list[Snapshot]
        by: str

    class ChangeTaken(Aggregate.Event):
        item: Snapshot
        by: str

    class ChangeLeft(Aggregate.Event):
        item_id: str
        seen: int
        by: str

    class Finalized(Aggregate.Event):
        document_number: str
        dated: str  # ISO date
        document_sha256: str
        by: str

    @event(Composed)
    def __init__(
        self,
        submission_id: UUID,
        year_be: int,
        province_code: str | None,
        items: list[Snapshot],
        letter: dict[str, Any],
        corrects: UUID | None,
        by: str,
    ) -> None:
        self.year_be = year_be
        self.province_code = province_code
        self.items = [dict(i) for i in items]
        self.letter = dict(letter)
        self.corrects = corrects
        self.document_number: str | None = None
        self.dated: date | None = None
        self.document_sha256: str | None = None

    @classmethod
    def create_id(cls, submission_id: UUID, **_: object) -> UUID:
        return submission_id

    @property
    def final(self) -> bool:
        return self.document_number is not None

    @classmethod
    def compose(
        cls,
        submission_id: UUID,
        year_be: int,
        province_code: str | None,
        items: list[Snapshot],
        letter: dict[str, Any],
        corrects: Submission | None,
        actor: Actor,
    ) -> Submission:
        check_author(actor, province_code)
        if corrects is not None:
            if not corrects.final:
                raise Conflict(
                    "แก้ไขได้เฉพาะหนังสือที่ออกเลขแล้ว หนังสือร่างให้แก้ไขที่ตัวร่างเอง",
                    field="corrects",
                    code="not_final",
                )
            if (corrects.year_be, corrects.province_code) != (year_be, province_code):
                raise Invalid("หนังสือที่แก้ไขเป็นของปีหรือจังหวัดอื่น", field="corrects")
            letter = {**corrects.letter, **letter}
            items = items or [dict(i) for i in corrects.items]
        _check_letter(letter)
        return cls(
            submission_id=submission_id,
            year_be=year_be,
            province_code=province_code,
            items=items,
            letter=letter,
            corrects=corrects.id if corrects is not None else None,
            by=actor.ref,
        )

    # --- the draft ---

    def revise_letter(self, fields: dict[str, Any], version: int, actor: Actor) -> None:
        """`version` is the one the editor started from; the same text again changes nothing."""
        self._check_draft(actor, version)
        changes = {k: v for k, v in fields.items() if v is not None and self.letter.get(k) != v}
        _check_letter({**self.letter, **changes})
        if changes:
            self._revise_letter(changes, by=actor.ref)

    @event(LetterRevised)
    def _revise_letter(self, changes: dict[str, Any], by: str) -> None:
        self.letter.update(changes)

    def set_items(
        self,
        item_ids: list[UUID],
        sources: Mapping[UUID, Aggregate],
        version: int,
        actor: Actor,
        texts: Mapping[UUID, str] | None = None,
    ) -> None:
        """The items in their new order: kept ones as taken, new ones as they are now (with
        the text the national meeting amended them to, from `texts`)."""
        self._check_draft(actor, version)
        if len(set(item_ids)) != len(item_ids):
            raise Invalid("มีรายการซ้ำกันในหนังสือ", field="item_ids")
        kept = {i["id"]: i for i in self.items}
        amended = texts or {}
        items = [kept.get(str(i)) or snapshot(sources[i], amended.get(i)) for i in item_ids]
        if items != self.items:
            self._set_items(items, by=actor.ref)

    @event(ItemsSet)
    def _set_items(self, items: list[Snapshot], by: str) -> None:
        self.items = [dict(i) for i in items]

    def take_change(self, source: Aggregate, actor: Actor, text_th: str | None = None) -> None:
        self._check_draft(actor)
        item = self._item(source.id)
        if item["version"] != source.version:
            self._take_change(snapshot(source, text_th), by=actor.ref)

    @event(ChangeTaken)
    def _take_change(self, item: Snapshot, by: str) -> None:
        self.items = [dict(item) if i["id"] == item["id"] else i for i in self.items]

    def leave_change(self, source: Aggregate, actor: Actor) -> None:
        self._check_draft(actor)
        item = self._item(source.id)
        if item["seen"] != source.version:
            self._leave_change(str(source.id), source.version, by=actor.ref)

    @event(ChangeLeft)
    def _leave_change(self, item_id: str, seen: int, by: str) -> None:
        for item in self.items:
            if item["id"] == item_id:
                item["seen"] = seen

    # --- finalizing ---

    def finalize(
        self,
        number: str,
        dated: date,
        document_sha256: str,
        sources: Mapping[UUID, Aggregate],
        version: int,
        actor: Actor,
    ) -> None:
        self._check_draft(actor, version)
        number = normalize_line(number)
        if not number:
            raise Invalid("กรุณาใส่เลขที่หนังสือ", field="document_number", code="no_number")
        if be_year(dated.year) != self.year_be:
            raise Invalid(
                f"วันที่ของหนังสือต้องอยู่ในปี พ.ศ. {self.year_be} ของการประชุม",
                field="dated",
                code="date_out_of_year",
            )
        if not self.items:
            raise Conflict("หนังสือยังไม่มีรายการใด เลือกข้อเสนอแนะก่อนออกเลข", code="empty")
        if not _check_letter(self.letter, complete=True):
            raise Invalid(
                "กรุณากรอกเรื่อง เรียน ผู้ลงนาม ตำแหน่ง และส่วนราชการเจ้าของหนังสือให้ครบก่อนออกเลข",
                field="letter",
                code="letter_incomplete",
            )
        changed = self.changed_items(sources)
        if changed:
            raise Conflict(
                f"มี {len(changed)} รายการที่ถูกแก้ไขหลังนำเข้าหนังสือ"
                " เลือกรับข้อความใหม่หรือคงข้อความเดิมก่อนออกเลข",
                field="item_ids",
                code="items_changed",
            )
        self._finalize(number, dated.isoformat(), document_sha256, by=actor.ref)

    @event(Finalized)
    def _finalize(self, document_number: str, dated: str, document_sha256: str, by: str) -> None:
        self.document_number = document_number
        self.dated = date.fromisoformat(dated)
        self.document_sha256 = document_sha256

    def changed_items(self, sources: Mapping[UUID, Aggregate]) -> list[str]:
        """Items whose source moved on since it was taken, and nobody has looked."""
        return [
            i["id"]
            for i in self.items
            if (s := sources.get(UUID(i["id"]))) is not None and s.version != i["seen"]
        ]

    # --- rules ---

    def _check_draft(self, actor: Actor, version: int | None = None) -> None:
        check_author(actor, self.province_code)
        if self.final:
            raise Conflict(
                "หนังสือนี้ออกเลขแล้ว แก้ไขไม่ได้ หากต้องแก้ให้จัดทำหนังสือแก้ไขที่อ้างถึงฉบับนี้",
                code="finalized",
            )
        if version is not None and version != self.version:
            raise Conflict(
                "หนังสือนี้ถูกแก้ไขโดยผู้อื่นแล้ว กรุณาโหลดฉบับล่าสุดก่อนแก้ไขต่อ",
                field="version",
                code="stale",
            )

    def _item(self, item_id: UUID) -> Snapshot:
        for item in self.items:
            if item["id"] == str(item_id):
                return item
        raise NotFound("รายการนี้ไม่ได้อยู่ในหนังสือ", field="item_id")


class DocumentNumber(Aggregate):
    """A document number taken in a year (ที่ … runs per year): taken once, by one submission."""

    class Taken(Aggregate.Created):
        year_be: int
        number: str
        submission_id: UUID
        by: str

    @event(Taken)
    def __init__(self, year_be: int, number: str, submission_id: UUID, by: str) -> None:
        self.year_be = year_be
        self.number = number
        self.submission_id = submission_id

    @classmethod
    def create_id(cls, year_be: int, number: str, **_: object) -> UUID:
        return number_id(year_be, number)


def check_author(actor: Actor, province_code: str | None) -> None:
    """The secretariat writes to the Cabinet; a province's coordinator to its governor."""
    if province_code is None and actor.role not in (Role.SECRETARIAT, Role.SYSTEM):
        raise Forbidden("หนังสือเสนอคณะรัฐมนตรีจัดทำโดยฝ่ายเลขานุการเท่านั้น", code="out_of_scope")
    check_scope(actor, province_code=province_code)


REQUIRED = ("subject_th", "to_th", "signatory_id", "signatory_position", "owner_unit")


def _check_letter(letter: dict[str, Any], *, complete: bool = False) -> bool:
    """Unknown fields never enter; `complete` asks whether a letter can be sent."""
    unknown = set(letter) - set(LETTER_FIELDS)
    if unknown:
        raise Invalid(f"ไม่รู้จักช่อง {', '.join(sorted(unknown))}", field="letter")
    return not complete or all(letter.get(k) for k in REQUIRED)

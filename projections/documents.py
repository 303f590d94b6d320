"""The view model of a Cabinet-ready submission: one struct that every format (PDF, DOCX, XLSX,
JSON) renders, so the four always say the same thing.

A draft's document is built from the read model on demand; a finalized one is frozen: encoded
once (canonical JSON, `encode`) into the durable `files` table when it is finalized, and every
export afterwards renders those same bytes.

Text is kept as stored (Arabic digits, as `assembly.thai.normalize` leaves it); each renderer
writes Thai digits where the official form asks for them (`assembly.thai.thai_digits`).
"""

from __future__ import annotations

from datetime import date, datetime

import msgspec


class Letter(msgspec.Struct, frozen=True, kw_only=True):
    """The cover letter (หนังสือภายนอก), its parts in the order of the ระเบียบงานสารบรรณ."""

    number: str = ""  # ที่ "พม 0201/123": empty until finalized
    owner_unit: str = ""  # ส่วนราชการเจ้าของหนังสือ, with its address (lines split by "\n")
    dated: date | None = None  # วัน เดือน ปี: none until finalized
    subject: str = ""  # เรื่อง
    to: str = ""  # เรียน
    reference: str = ""  # อ้างถึง (may be empty: then the line is left out)
    enclosures: list[str] = msgspec.field(default_factory=list)  # สิ่งที่ส่งมาด้วย, numbered
    body: list[str] = msgspec.field(default_factory=list)  # paragraphs
    closing: str = "ขอแสดงความนับถือ"
    signatory_name: str = ""  # printed in brackets under the signature
    signatory_position: str = ""  # ตำแหน่ง (lines split by "\n")
    department: str = ""  # ส่วนราชการเจ้าของเรื่อง (at the foot)
    phone: str = ""  # โทร.
    fax: str = ""  # โทรสาร
    email: str = ""  # ไปรษณีย์อิเล็กทรอนิกส์


class Backing(msgspec.Struct, frozen=True, kw_only=True):
    """What stands behind a recommendation: distinct provinces, councils and proposals, and
    the households those proposals count."""

    provinces: int = 0
    councils: int = 0
    proposals: int = 0
    households: int = 0


class Answer(msgspec.Struct, frozen=True, kw_only=True):
    """An agency's answer on an item, as it stands (a superseded one: its latest text, its
    number kept). Printed "{item}.{number} {representative_th} {text_th}"."""

    number: int  # its place among the item's answers, in arrival order (๑.๑, ๑.๒ …)
    agency: str  # the agency's code
    agency_th: str  # its full Thai name
    abbreviation: str  # as printed ("สศช."), or the name when it has none
    representative_th: str  # "ผู้แทน สศช."
    lead: bool  # the lead agency (หน่วยงานหลัก)
    text_th: str
    on_paper: bool  # entered by the secretariat from a letter received on paper
    received_on: date | None  # that letter's date
    sent_at: datetime | None
    superseded: int = 0  # how many times it replaced an earlier answer
    assigned_with_answer: bool = False  # a paper record's agency, assigned by its answer


class Awaited(msgspec.Struct, frozen=True, kw_only=True):
    """An agency assigned to an item that has not answered yet."""

    agency: str
    agency_th: str
    abbreviation: str
    representative_th: str
    lead: bool
    due_on: date | None
    overdue: bool  # past its date, as of the follow-up's `as_of`


class Item(msgspec.Struct, frozen=True, kw_only=True):
    """One row of the enclosure's table (ที่ | ข้อเสนอแนะ | ความเห็น)."""

    number: int  # 1, 2, … (printed ๑., ๒., …)
    id: str  # the recommendation (or, in a provincial document, the provincial issue)
    version: int  # the version of it that was taken into the submission
    title_th: str
    text_th: str  # may run to thousands of characters and several paragraphs ("\n")
    agencies: list[str] = msgspec.field(default_factory=list)
    provinces: list[str] = msgspec.field(default_factory=list)  # Thai names, in code order
    backing: Backing = msgspec.field(default_factory=Backing)
    # ความเห็น as printed ("1.1 ผู้แทน สศช. …"), one per answer in `answers`' order: empty in
    # the frozen document (answers come after it), filled when it is exported.
    opinions: list[str] = msgspec.field(default_factory=list)
    answers: list[Answer] = msgspec.field(default_factory=list)
    awaited: list[Awaited] = msgspec.field(default_factory=list)
    # Open data: everything behind the row, by id.
    issue_ids: list[str] = msgspec.field(default_factory=list)
    proposal_ids: list[str] = msgspec.field(default_factory=list)
    council_ids: list[str] = msgspec.field(default_factory=list)


class SummaryRow(msgspec.Struct, frozen=True, kw_only=True):
    """The summary of problems: one row per province and theme."""

    province_code: str
    province_th: str
    category: str | None  # the edition's category code
    category_th: str  # its Thai name ("ไม่ระบุหมวด" when none)
    issues: int
    backing: Backing


class Amendment(msgspec.Struct, frozen=True, kw_only=True):
    amended_on: date  # when it was recorded (Bangkok)
    resolved_on: date
    decision_th: str
    reason_th: str


class FollowUp(msgspec.Struct, frozen=True, kw_only=True):
    """What came back on a finalized submission: the Cabinet's resolution (none yet: an
    empty follow-up, still a document). Its presence makes the document the follow-up
    ("สรุปผลการพิจารณา") rather than the letter."""

    revision: int  # of the follow-up in the read model (0: no resolution yet)
    as_of: date | None  # the day of its last change: overdue marks are as of then
    resolved_on: date | None = None
    notified_on: date | None = None
    decision_th: str = ""
    amendments: list[Amendment] = msgspec.field(default_factory=list)


class SubmissionDocument(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    kind: str  # "national" (to the Cabinet) or "provincial" (to the governor)
    year_be: int
    edition_title_th: str
    province_code: str | None = None  # a provincial document's province
    province_th: str | None = None
    version: int  # the submission's version this document shows
    final: bool = False
    corrects: str | None = None  # "ที่ … ลงวันที่ …" of the document this one corrects
    letter: Letter
    enclosure_title: str  # heading of the enclosure
    summary: list[SummaryRow] = msgspec.field(default_factory=list)
    items: list[Item] = msgspec.field(default_factory=list)
    totals: Backing = msgspec.field(default_factory=Backing)
    followup: FollowUp | None = None  # set: the follow-up document (see `FollowUp`)


def encode(document: SubmissionDocument) -> bytes:
    """Canonical JSON: the same document always gives the same bytes."""
    return msgspec.json.encode(document, order="sorted")


def decode(data: bytes) -> SubmissionDocument:
    return msgspec.json.decode(data, type=SubmissionDocument)

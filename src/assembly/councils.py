"""The council registry: one สภาองค์กรชุมชนตำบล per code, placed on DOPA geography."""

from __future__ import annotations

import csv
import io
from typing import Annotated, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly import geography
from assembly.actors import Actor, check_scope
from assembly.commands import Command, parse, route
from assembly.errors import Conflict, DomainError, Invalid, Malformed, TooLarge
from assembly.store import Store
from assembly.thai import normalize_line

NAMESPACE = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/councils")
MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_ROWS = 20_000

CouncilCode = Annotated[str, msgspec.Meta(pattern=r"^[0-9๐-๙A-Za-z][0-9๐-๙A-Za-z\-]{2,19}$")]
# Thai digits are accepted, and stored as Arabic digits.
ProvinceCode = Annotated[str, msgspec.Meta(pattern=r"^[0-9๐-๙]{2}$")]
DistrictCode = Annotated[str, msgspec.Meta(pattern=r"^[0-9๐-๙]{4}$")]
TambonCode = Annotated[str, msgspec.Meta(pattern=r"^[0-9๐-๙]{6}$")]


def council_id(code: str) -> UUID:
    """One council per code: the id is derived from the code."""
    return uuid5(NAMESPACE, code.upper())


class RegisterCouncil(Command):
    code: CouncilCode
    name_th: Annotated[str, msgspec.Meta(min_length=2, max_length=200)]
    province_code: ProvinceCode
    district_code: DistrictCode
    subdistrict_code: TambonCode

    labels: ClassVar[dict[str, str]] = {
        "code": "รหัสสภา",
        "name_th": "ชื่อสภา",
        "province_code": "รหัสจังหวัด",
        "district_code": "รหัสอำเภอ/เขต",
        "subdistrict_code": "รหัสตำบล/แขวง",
    }

    def __post_init__(self) -> None:
        super().__post_init__()
        self.code = self.code.upper()
        check_geography(self.province_code, self.district_code, self.subdistrict_code)

    @property
    def id(self) -> UUID:
        return council_id(self.code)


def check_geography(province_code: str, district_code: str, subdistrict_code: str) -> None:
    """Every code must exist, and each must lie inside the one above it."""
    if geography.province(province_code) is None:
        raise Invalid(f"ไม่พบรหัสจังหวัด {province_code}", field="province_code")
    if geography.district(district_code) is None:
        raise Invalid(f"ไม่พบรหัสอำเภอ/เขต {district_code}", field="district_code")
    if district_code[:2] != province_code:
        raise Invalid(
            f"อำเภอ/เขต {district_code} ไม่อยู่ในจังหวัด {province_code}", field="district_code"
        )
    tambon = geography.tambon(subdistrict_code)
    if tambon is None:
        raise Invalid(f"ไม่พบรหัสตำบล/แขวง {subdistrict_code}", field="subdistrict_code")
    if tambon.district_code != district_code:
        raise Invalid(
            f"ตำบล/แขวง {subdistrict_code} ไม่อยู่ในอำเภอ/เขต {district_code}",
            field="subdistrict_code",
        )


class CouncilRow(msgspec.Struct, frozen=True):
    line: int
    council: RegisterCouncil


class Rejection(msgspec.Struct, frozen=True):
    line: int
    field: str | None
    message_th: str


class ImportCouncils(Command):
    """Register many councils at once: all of them, or none.

    `unreadable` holds the rows of the file that failed validation already, so that the
    refusal lists every problem of the file at once (bad values, duplicates, registered codes).
    """

    rows: list[CouncilRow]
    unreadable: list[Rejection] = msgspec.field(default_factory=list)


class Council(Aggregate):
    class Registered(Aggregate.Created):
        code: str
        name_th: str
        province_code: str
        district_code: str
        subdistrict_code: str
        by: str

    @event(Registered)
    def __init__(
        self,
        code: str,
        name_th: str,
        province_code: str,
        district_code: str,
        subdistrict_code: str,
        by: str,
    ) -> None:
        self.code = code
        self.name_th = name_th
        self.province_code = province_code
        self.district_code = district_code
        self.subdistrict_code = subdistrict_code
        self.invitation_id: UUID | None = None  # the latest one issued
        self.representative: UUID | None = None  # the account that acts for the council

    class InvitationIssued(Aggregate.Event):
        invitation_id: UUID
        by: str

    class RepresentativeChanged(Aggregate.Event):
        account_id: UUID
        by: str

    @classmethod
    def create_id(cls, code: str, **_: object) -> UUID:
        return council_id(code)

    def check_onboarder(self, actor: Actor) -> None:
        """A coordinator onboards the councils of their own province only."""
        check_scope(actor, province_code=self.province_code)

    def record_invitation(self, invitation_id: UUID, actor: Actor) -> None:
        self.check_onboarder(actor)
        self._record_invitation(invitation_id, by=actor.ref)

    @event(InvitationIssued)
    def _record_invitation(self, invitation_id: UUID, by: str) -> None:
        self.invitation_id = invitation_id

    def change_representative(self, account_id: UUID, actor: Actor) -> None:
        """The claimant of the council's invitation (`actor`) acts for it from now on."""
        self._change_representative(account_id, by=actor.ref)

    @event(RepresentativeChanged)
    def _change_representative(self, account_id: UUID, by: str) -> None:
        self.representative = account_id


def _new_council(cmd: RegisterCouncil, actor: Actor) -> Council:
    return Council(
        code=cmd.code,
        name_th=cmd.name_th,
        province_code=cmd.province_code,
        district_code=cmd.district_code,
        subdistrict_code=cmd.subdistrict_code,
        by=actor.ref,
    )


def _exists_message(code: str) -> str:
    return f"รหัสสภา {code} ลงทะเบียนไว้แล้ว"


def register_council(store: Store, cmd: RegisterCouncil, actor: Actor) -> list[Aggregate]:
    if store.exists(cmd.id):
        raise Conflict(_exists_message(cmd.code), field="code", code="council_exists")
    return [_new_council(cmd, actor)]


def import_councils(store: Store, cmd: ImportCouncils, actor: Actor) -> list[Aggregate]:
    total = len(cmd.rows) + len(cmd.unreadable)
    if not total:
        raise Invalid("ไฟล์ไม่มีรายการสภาเลย", field="file", code="empty_import")
    rejected = list(cmd.unreadable)
    first_line: dict[str, int] = {}
    for row in cmd.rows:
        code = row.council.code
        if code in first_line:
            message = f"รหัสสภา {code} ซ้ำกับบรรทัดที่ {first_line[code]}"
            rejected.append(Rejection(row.line, "code", message))
        else:
            first_line[code] = row.line
    registered = store.existing({council_id(code) for code in first_line})
    rejected += [
        Rejection(line, "code", _exists_message(code))
        for code, line in first_line.items()
        if council_id(code) in registered
    ]
    if rejected:
        raise import_refused(total, rejected)
    return [_new_council(row.council, actor) for row in cmd.rows]


def import_refused(total: int, rejected: list[Rejection]) -> Invalid:
    rejected = sorted(rejected, key=lambda r: (r.line, r.field or ""))
    lines = len({r.line for r in rejected})
    return Invalid(
        f"ไม่ได้นำเข้าเลย: {lines:,} จาก {total:,} แถวมีปัญหา กรุณาแก้ไขแล้วนำเข้าใหม่ทั้งไฟล์",
        message_en=f"nothing imported: {lines} of {total} rows rejected",
        field="file",
        code="import_rejected",
        details=[msgspec.structs.asdict(r) for r in rejected],
    )


# CSV columns, with the Thai headings a spreadsheet made in an office is likely to use.
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("council_code", "code", "รหัสสภา"),
    "name_th": ("name_th", "name", "ชื่อสภา"),
    "province_code": ("province_code", "รหัสจังหวัด"),
    "district_code": ("district_code", "amphoe_code", "รหัสอำเภอ"),
    "subdistrict_code": ("subdistrict_code", "tambon_code", "รหัสตำบล"),
}


def decode_csv(data: bytes) -> str:
    if len(data) > MAX_CSV_BYTES:
        size, limit = len(data) / 1_048_576, MAX_CSV_BYTES // 1_048_576
        raise TooLarge(f"ไฟล์ใหญ่เกินไป ({size:.1f} MB) รับได้ไม่เกิน {limit} MB", field="file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Malformed(
            "ไฟล์เข้ารหัสแบบ UTF-16 กรุณาบันทึกใหม่เป็น “CSV UTF-8”", field="file", code="encoding"
        )
    try:
        # A UTF-8 byte-order mark (as Excel writes) is accepted and dropped.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess = "TIS-620/Windows-874" if _looks_thai_8bit(data) else "ที่ไม่ใช่ UTF-8"
        raise Malformed(
            f"ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8 (พบรหัส {guess} ที่บรรทัด {line}) "
            "กรุณาบันทึกใหม่เป็น “CSV UTF-8” แล้วนำเข้าอีกครั้ง",
            field="file",
            code="encoding",
        ) from None


def _looks_thai_8bit(data: bytes) -> bool:
    return sum(0xA1 <= b <= 0xFB for b in data[:4096]) > 10


def read_csv(data: bytes) -> ImportCouncils:
    """Read an uploaded CSV into one import command. A file that cannot be read at all is
    refused here; rows with bad values travel in `unreadable`, for the handler to report
    together with duplicates and already registered codes."""
    text = decode_csv(data)
    if "\x00" in text:
        raise Malformed("ไฟล์มีอักขระ NUL: ไม่ใช่ไฟล์ CSV", field="file", code="encoding")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise Invalid("ไฟล์ว่างเปล่า", field="file", code="empty_import") from None
    except csv.Error as exc:
        raise Malformed(f"อ่านหัวตาราง CSV ไม่ได้: {exc}", field="file") from None
    positions = _column_positions(header)
    rows: list[CouncilRow] = []
    rejected: list[Rejection] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) + len(rejected) >= MAX_CSV_ROWS:
                raise TooLarge(f"นำเข้าได้ครั้งละไม่เกิน {MAX_CSV_ROWS:,} แถว", field="file")
            record = {
                field: normalize_line(cells[i]) if i < len(cells) else ""
                for field, i in positions.items()
            }
            try:
                rows.append(CouncilRow(line, parse(RegisterCouncil, record)))
            except DomainError as exc:
                rejected.append(Rejection(line, exc.field, exc.message_th))
    except csv.Error as exc:
        raise Malformed(f"อ่าน CSV ไม่ได้ที่บรรทัด {reader.line_num}: {exc}", field="file") from None
    return ImportCouncils(rows=rows, unreadable=rejected)


def _column_positions(header: list[str]) -> dict[str, int]:
    names = [normalize_line(h).lower() for h in header]
    positions: dict[str, int] = {}
    for field, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names:
                positions[field] = names.index(alias)
                break
    missing = [COLUMNS[f][0] for f in COLUMNS if f not in positions]
    if missing:
        raise Invalid(
            "หัวตารางขาดคอลัมน์: "
            + ", ".join(missing)
            + " (ต้องมี council_code, name_th, province_code, district_code, subdistrict_code)",
            field="file",
            code="missing_columns",
        )
    return positions


HANDLERS = dict([route(RegisterCouncil, register_council), route(ImportCouncils, import_councils)])

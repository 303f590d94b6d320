"""The register of agencies (หน่วยงาน) that the Cabinet assigns recommendations to: the
ministries, departments and offices with their Thai names and the abbreviations the Cabinet's
own documents use ("สศช.", "มท.", "สำนักงาน ก.พ.ร.").

Most agencies are known in advance and live in `CATALOGUE` (a leaf table, like geography).
The secretariat registers any other (`RegisterAgency`): an `Agency` aggregate keyed by its
code, and one `AgencyName` claim per name and abbreviation, so that a text given by anyone
("สศช", "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ", "nesdc") resolves to one agency in
the write side itself, without asking the read model (as `DocumentNumber` does for numbers).
"""

from __future__ import annotations

from typing import Annotated, ClassVar, NamedTuple
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor
from assembly.commands import Command, route
from assembly.errors import Conflict, Invalid
from assembly.store import Store
from assembly.thai import normalize_line

NAMESPACE = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/agencies")


class AgencyRef(NamedTuple):
    code: str  # ASCII, stable: what events and accounts carry
    name_th: str
    abbreviation: str  # as printed after "ผู้แทน" in the follow-up document ("" if none)

    @property
    def short_th(self) -> str:
        return self.abbreviation or self.name_th

    @property
    def representative_th(self) -> str:
        """'ผู้แทน สศช.' as the seed prints it; 'ผู้แทนสำนักงาน ก.พ.ร.' without the space."""
        short = self.short_th
        return f"ผู้แทน{short}" if short.startswith(("สำนักงาน", "กรม", "สถาบัน")) else f"ผู้แทน {short}"


def _a(code: str, name_th: str, *abbreviations: str) -> tuple[str, str, tuple[str, ...]]:
    return code, name_th, abbreviations


# code, Thai name, abbreviations (the first is printed). Ministries first, then the offices
# and departments that answer the assembly's recommendations most often.
_CATALOGUE = (
    _a("opm", "สำนักนายกรัฐมนตรี", "นร."),
    _a("mod", "กระทรวงกลาโหม", "กห."),
    _a("mof", "กระทรวงการคลัง", "กค."),
    _a("mfa", "กระทรวงการต่างประเทศ", "กต."),
    _a("mots", "กระทรวงการท่องเที่ยวและกีฬา", "กก."),
    _a("m-society", "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", "พม."),
    _a("mhesi", "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม", "อว."),
    _a("moac", "กระทรวงเกษตรและสหกรณ์", "กษ."),
    _a("mot", "กระทรวงคมนาคม", "คค."),
    _a("mdes", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "ดศ."),
    _a("mnre", "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม", "ทส."),
    _a("moen", "กระทรวงพลังงาน", "พน."),
    _a("moc", "กระทรวงพาณิชย์", "พณ."),
    _a("moi", "กระทรวงมหาดไทย", "มท."),
    _a("moj", "กระทรวงยุติธรรม", "ยธ."),
    _a("mol", "กระทรวงแรงงาน", "รง."),
    _a("m-culture", "กระทรวงวัฒนธรรม", "วธ."),
    _a("moe", "กระทรวงศึกษาธิการ", "ศธ."),
    _a("moph", "กระทรวงสาธารณสุข", "สธ."),
    _a("moind", "กระทรวงอุตสาหกรรม", "อก."),
    _a("nesdc", "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ", "สศช.", "สภาพัฒน์"),
    _a("opdc", "สำนักงานคณะกรรมการพัฒนาระบบราชการ", "สำนักงาน ก.พ.ร.", "ก.พ.ร.", "สกพร."),
    _a(
        "pmdu",
        "สำนักงานการขับเคลื่อนการปฏิรูปประเทศ ยุทธศาสตร์ชาติ และการสร้างความสามัคคีปรองดอง",
        "สำนักงาน ป.ย.ป.",
        "ป.ย.ป.",
    ),
    _a("codi", "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)", "พอช.", "สถาบันพัฒนาองค์กรชุมชน"),
    _a("soc", "สำนักเลขาธิการคณะรัฐมนตรี", "สลค."),
    _a("bb", "สำนักงบประมาณ", "สงป."),
    _a("ocsc", "สำนักงานคณะกรรมการข้าราชการพลเรือน", "สำนักงาน ก.พ.", "ก.พ."),
    _a("krisdika", "สำนักงานคณะกรรมการกฤษฎีกา", "สคก."),
    _a("nso", "สำนักงานสถิติแห่งชาติ", "สสช."),
    _a("dla", "กรมส่งเสริมการปกครองท้องถิ่น", "สถ."),
    _a("dopa", "กรมการปกครอง", "ปค."),
    _a("cdd", "กรมการพัฒนาชุมชน", "พช."),
    _a("dpm", "กรมป้องกันและบรรเทาสาธารณภัย", "ปภ."),
    _a("dol", "กรมที่ดิน", "ทด."),
    _a("alro", "สำนักงานการปฏิรูปที่ดินเพื่อเกษตรกรรม", "ส.ป.ก."),
    _a("ldd", "กรมพัฒนาที่ดิน", "พด."),
    _a("rid", "กรมชลประทาน", "ชป."),
    _a("doae", "กรมส่งเสริมการเกษตร", "กสก."),
    _a("cpd", "กรมส่งเสริมสหกรณ์", "กสส."),
    _a("ffdf", "สำนักงานกองทุนฟื้นฟูและพัฒนาเกษตรกร", "กฟก."),
    _a("rfd", "กรมป่าไม้", "ปม."),
    _a("dnp", "กรมอุทยานแห่งชาติ สัตว์ป่า และพันธุ์พืช", "อส."),
    _a("dmcr", "กรมทรัพยากรทางทะเลและชายฝั่ง", "ทช."),
    _a("dwr", "กรมทรัพยากรน้ำ", "ทน."),
    _a("onwr", "สำนักงานทรัพยากรน้ำแห่งชาติ", "สทนช."),
    _a("onep", "สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม", "สผ."),
    _a("nha", "การเคหะแห่งชาติ", "กคช."),
    _a("baac", "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร", "ธ.ก.ส."),
    _a("gsb", "ธนาคารออมสิน", "ธ.ออมสิน"),
    _a("ghb", "ธนาคารอาคารสงเคราะห์", "ธอส."),
    _a("vfund", "สำนักงานกองทุนหมู่บ้านและชุมชนเมืองแห่งชาติ", "สทบ."),
    _a("cgd", "กรมบัญชีกลาง", "บก."),
    _a("fpo", "สำนักงานเศรษฐกิจการคลัง", "สศค."),
    _a("nhso", "สำนักงานหลักประกันสุขภาพแห่งชาติ", "สปสช."),
    _a("thaihealth", "สำนักงานกองทุนสนับสนุนการสร้างเสริมสุขภาพ", "สสส."),
    _a("dop", "กรมกิจการผู้สูงอายุ", "ผส."),
    _a("dsdw", "กรมพัฒนาสังคมและสวัสดิการ", "พส."),
    _a("dep", "กรมส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ", "พก."),
    _a("opsd", "สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", "สป.พม."),
    _a("dsd", "กรมพัฒนาฝีมือแรงงาน", "พร."),
    _a("doe", "กรมการจัดหางาน", "กกจ."),
    _a("dit", "กรมการค้าภายใน", "คน."),
    _a("oae", "สำนักงานเศรษฐกิจการเกษตร", "สศก."),
    _a("bma", "กรุงเทพมหานคร", "กทม."),
    _a("ect", "สำนักงานคณะกรรมการการเลือกตั้ง", "กกต."),
    _a("nhrc", "สำนักงานคณะกรรมการสิทธิมนุษยชนแห่งชาติ", "กสม."),
    _a("depa", "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล", "สศด."),
    _a(
        "ntc",
        "สำนักงานคณะกรรมการกิจการกระจายเสียง กิจการโทรทัศน์ และกิจการโทรคมนาคมแห่งชาติ",
        "สำนักงาน กสทช.",
        "กสทช.",
    ),
    _a("dmr", "กรมทรัพยากรธรณี", "ทธ."),
    _a("eec", "สำนักงานคณะกรรมการนโยบายเขตพัฒนาพิเศษภาคตะวันออก", "สกพอ."),
)

CATALOGUE: dict[str, AgencyRef] = {
    code: AgencyRef(code, name, abbreviations[0] if abbreviations else "")
    for code, name, abbreviations in _CATALOGUE
}


def name_key(text: str) -> str:
    """'สศช', 'สศช.' and ' ส ศ ช. ' are one name; so are 'ก.พ.ร.' and 'กพร'."""
    return "".join(ch for ch in normalize_line(text) if not ch.isspace() and ch != ".").casefold()


_NAMES: dict[str, str] = {}
for _code, _name, _abbreviations in _CATALOGUE:
    for _text in (_code, _name, *_abbreviations):
        _NAMES.setdefault(name_key(_text), _code)


def catalogued(text: str) -> AgencyRef | None:
    """An agency of the catalogue by its code, Thai name or any abbreviation."""
    code = _NAMES.get(name_key(text))
    return CATALOGUE[code] if code else None


def agency_id(code: str) -> UUID:
    return uuid5(NAMESPACE, f"agency|{code}")


def name_id(text: str) -> UUID:
    return uuid5(NAMESPACE, f"name|{name_key(text)}")


class Agency(Aggregate):
    """An agency the catalogue did not know, registered by the secretariat."""

    class Registered(Aggregate.Created):
        code: str
        name_th: str
        abbreviations: list[str]
        by: str

    @event(Registered)
    def __init__(self, code: str, name_th: str, abbreviations: list[str], by: str) -> None:
        self.code = code
        self.name_th = name_th
        self.abbreviations = list(abbreviations)

    @classmethod
    def create_id(cls, code: str, **_: object) -> UUID:
        return agency_id(code)

    @property
    def ref(self) -> AgencyRef:
        return AgencyRef(
            self.code, self.name_th, self.abbreviations[0] if self.abbreviations else ""
        )


class AgencyName(Aggregate):
    """A name or abbreviation taken by a registered agency: one agency per name."""

    class Taken(Aggregate.Created):
        key: str
        code: str
        by: str

    @event(Taken)
    def __init__(self, key: str, code: str, by: str) -> None:
        self.key = key
        self.code = code

    @classmethod
    def create_id(cls, key: str, **_: object) -> UUID:
        return uuid5(NAMESPACE, f"name|{key}")


AgencyText = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]


class RegisterAgency(Command, kw_only=True):
    code: Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{1,39}$")]
    name_th: Annotated[str, msgspec.Meta(min_length=2, max_length=300)]
    abbreviations: Annotated[
        list[Annotated[str, msgspec.Meta(max_length=60)]], msgspec.Meta(max_length=5)
    ] = msgspec.field(default_factory=list)

    labels: ClassVar[dict[str, str]] = {
        "code": "รหัสหน่วยงาน (อักษรอังกฤษตัวเล็ก ตัวเลข หรือ -)",
        "name_th": "ชื่อหน่วยงาน",
        "abbreviations": "ชื่อย่อ",
    }


def resolve(store: Store, text: str, field: str = "agency") -> AgencyRef:
    """The agency a text names (code, Thai name or abbreviation), or a Thai refusal."""
    found = catalogued(text)
    if found is not None:
        return found
    claim = store.load(name_id(text), AgencyName)
    registered = store.load(agency_id(claim.code), Agency) if claim is not None else None
    if registered is None:
        raise Invalid(
            f"ไม่รู้จักหน่วยงาน “{text}” ใช้ชื่อเต็มหรือชื่อย่อตามทะเบียนหน่วยงาน",
            message_en=f"unknown agency {text!r}",
            field=field,
            code="unknown_agency",
        )
    return registered.ref


def register_agency(store: Store, cmd: RegisterAgency, actor: Actor) -> list[Aggregate]:
    names = [cmd.code, cmd.name_th, *(a for a in cmd.abbreviations if a.strip())]
    keys = list(dict.fromkeys(name_key(n) for n in names))
    if store.exists(agency_id(cmd.code)) or cmd.code in CATALOGUE:
        raise Conflict(f"มีหน่วยงานรหัส “{cmd.code}” อยู่แล้ว", field="code", code="agency_exists")
    for name in names:
        if catalogued(name) is not None:
            raise Conflict(
                f"ชื่อ “{name}” เป็นของ {catalogued(name).name_th} อยู่แล้ว",  # type: ignore[union-attr]
                field="name_th" if name == cmd.name_th else "abbreviations",
                code="name_taken",
            )
    taken = store.existing(uuid5(NAMESPACE, f"name|{k}") for k in keys)
    if taken:
        raise Conflict("ชื่อหรือชื่อย่อนี้มีหน่วยงานอื่นใช้อยู่แล้ว", field="abbreviations", code="name_taken")
    abbreviations = [a for a in cmd.abbreviations if a.strip()]
    agency = Agency(code=cmd.code, name_th=cmd.name_th, abbreviations=abbreviations, by=actor.ref)
    claims = [AgencyName(key=k, code=cmd.code, by=actor.ref) for k in keys]
    return [agency, *claims]


HANDLERS = dict([route(RegisterAgency, register_agency)])

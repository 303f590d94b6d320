"""Editions: one yearly assembly (year in the Buddhist era), its proposal window and taxonomy."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly.commands import Command, Handler
from assembly.errors import Conflict, Invalid, NotFound
from assembly.thai import BANGKOK

if TYPE_CHECKING:
    from assembly.actors import Actor
    from assembly.application import Assembly

NAMESPACE = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/editions")

# The themes seen in real national meetings and in council work (MISSION.md).
DEFAULT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("land", "ที่ดินทำกินและที่อยู่อาศัย"),
    ("housing", "ที่อยู่อาศัยและบ้านมั่นคง"),
    ("debt", "หนี้สินชุมชน"),
    ("agriculture", "เกษตรกรรม"),
    ("natural-resources", "ทรัพยากรธรรมชาติและสิ่งแวดล้อม"),
    ("disaster", "ภัยพิบัติ"),
    ("welfare", "สวัสดิการและกลุ่มเปราะบาง"),
    ("health", "สุขภาพ"),
    ("education", "การศึกษา"),
    ("infrastructure", "โครงสร้างพื้นฐาน"),
    ("community-rights", "สิทธิชุมชน"),
    ("human-rights", "สิทธิมนุษยชน"),
    ("decentralization", "การกระจายอำนาจ"),
    ("grassroots-economy", "เศรษฐกิจฐานราก"),
    ("state-projects", "ผลกระทบจากโครงการพัฒนาของรัฐ"),
)

Year = Annotated[int, msgspec.Meta(ge=2500, le=2700)]
CategoryCode = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]


def edition_id(year_be: int) -> UUID:
    """One edition per year: the id is derived from the year."""
    return uuid5(NAMESPACE, str(year_be))


class Category(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: CategoryCode
    name_th: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]


def _aware(moment: datetime) -> datetime:
    """Times typed without an offset are Bangkok times."""
    return moment.replace(tzinfo=BANGKOK) if moment.tzinfo is None else moment


def _check_categories(categories: list[Category]) -> None:
    codes = [c.code for c in categories]
    if not categories:
        raise Invalid("ต้องมีหมวดหมู่อย่างน้อย 1 หมวด", field="categories")
    if len(set(codes)) != len(codes):
        raise Invalid("รหัสหมวดหมู่ซ้ำกัน", field="categories")


class OpenEdition(Command):
    year_be: Year
    title_th: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    proposal_opens_at: datetime
    proposal_closes_at: datetime
    categories: list[Category] = msgspec.field(
        default_factory=lambda: [Category(c, n) for c, n in DEFAULT_CATEGORIES]
    )

    labels: ClassVar[dict[str, str]] = {
        "year_be": "ปี พ.ศ.",
        "title_th": "ชื่อการประชุม",
        "proposal_opens_at": "วันเปิดรับข้อเสนอ",
        "proposal_closes_at": "วันปิดรับข้อเสนอ",
        "categories": "หมวดหมู่",
    }

    def __post_init__(self) -> None:
        super().__post_init__()
        self.proposal_opens_at = _aware(self.proposal_opens_at)
        self.proposal_closes_at = _aware(self.proposal_closes_at)
        if self.proposal_closes_at <= self.proposal_opens_at:
            raise Invalid(
                "วันปิดรับข้อเสนอต้องอยู่หลังวันเปิดรับข้อเสนอ",
                message_en="the window must close after it opens",
                field="proposal_closes_at",
            )
        _check_categories(self.categories)
        if self.proposal_opens_at.year + 543 not in (self.year_be - 1, self.year_be):
            raise Invalid(
                f"วันเปิดรับข้อเสนอต้องอยู่ในปี พ.ศ. {self.year_be} หรือปีก่อนหน้า",
                message_en="the window must open in the edition's year or the year before",
                field="proposal_opens_at",
            )


class SetCategories(Command):
    year_be: Year
    categories: list[Category]

    labels: ClassVar[dict[str, str]] = {"year_be": "ปี พ.ศ.", "categories": "หมวดหมู่"}

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_categories(self.categories)


class Edition(Aggregate):
    """A yearly assembly. Its window is judged against the injected clock, never stored as open."""

    class Opened(Aggregate.Created):
        year_be: int
        title_th: str
        proposal_opens_at: datetime
        proposal_closes_at: datetime
        categories: list[list[str]]  # [code, Thai name]
        from_paper: bool  # a past year entered from the paper record
        by: str  # role:account-id of the actor

    class CategoriesSet(Aggregate.Event):
        categories: list[list[str]]
        by: str

    class Finalized(Aggregate.Event):
        """The edition's submission was finalized: consolidation is frozen from then on."""

        by: str

    @event(Opened)
    def __init__(
        self,
        year_be: int,
        title_th: str,
        proposal_opens_at: datetime,
        proposal_closes_at: datetime,
        categories: list[list[str]],
        from_paper: bool,
        by: str,
    ) -> None:
        self.year_be = year_be
        self.title_th = title_th
        self.proposal_opens_at = proposal_opens_at
        self.proposal_closes_at = proposal_closes_at
        self.categories = categories
        self.from_paper = from_paper
        self.finalized = False

    @classmethod
    def create_id(cls, year_be: int, **_: object) -> UUID:
        return edition_id(year_be)

    @event(CategoriesSet)
    def set_categories(self, categories: list[list[str]], by: str) -> None:
        self.categories = categories

    @event(Finalized)
    def finalize(self, by: str) -> None:
        self.finalized = True

    def window_is_open(self, now: datetime) -> bool:
        return self.proposal_opens_at <= now < self.proposal_closes_at


def _categories(categories: list[Category]) -> list[list[str]]:
    return [[c.code, c.name_th] for c in categories]


def open_edition(app: Assembly, cmd: OpenEdition, actor: Actor) -> list[Aggregate]:
    if app.exists(edition_id(cmd.year_be)):
        raise Conflict(
            f"มีการประชุมประจำปี {cmd.year_be} อยู่แล้ว (ปีละหนึ่งครั้ง)",
            message_en=f"an edition for {cmd.year_be} exists",
            field="year_be",
            code="edition_exists",
        )
    # A year whose window has already closed is entered from the paper record.
    from_paper = cmd.proposal_closes_at <= app.clock()
    edition = Edition(
        year_be=cmd.year_be,
        title_th=cmd.title_th,
        proposal_opens_at=cmd.proposal_opens_at,
        proposal_closes_at=cmd.proposal_closes_at,
        categories=_categories(cmd.categories),
        from_paper=from_paper,
        by=actor.ref,
    )
    return [edition]


def get_edition(app: Assembly, year_be: int) -> Edition:
    edition = app.load(edition_id(year_be), Edition)
    if edition is None:
        raise NotFound(f"ไม่พบการประชุมประจำปี {year_be}", field="year_be")
    return edition


def set_categories(app: Assembly, cmd: SetCategories, actor: Actor) -> list[Aggregate]:
    edition = get_edition(app, cmd.year_be)
    edition.set_categories(_categories(cmd.categories), by=actor.ref)
    return [edition]


class FinalizeEdition(Command):
    """Freeze the edition's consolidation (its submission to the Cabinet is final)."""

    year_be: Year


def finalize_edition(app: Assembly, cmd: FinalizeEdition, actor: Actor) -> list[Aggregate]:
    edition = get_edition(app, cmd.year_be)
    if edition.finalized:
        return []  # finalizing twice is a no-op
    edition.finalize(by=actor.ref)
    return [edition]


HANDLERS: dict[type[Command], Handler] = {
    OpenEdition: open_edition,
    SetCategories: set_categories,
    FinalizeEdition: finalize_edition,
}

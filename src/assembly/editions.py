"""Editions: one yearly assembly (year in the Buddhist era), its proposal window and taxonomy."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly import edition_quota
from assembly.actors import Actor
from assembly.categories import DEFAULT_CATEGORIES
from assembly.commands import Command, changed, route
from assembly.edition_quota import DEFAULT_DELEGATES
from assembly.errors import Conflict, Invalid, NotFound
from assembly.store import Store
from assembly.thai import BANGKOK, thai_datetime
from assembly.timeline import PHASE_TH, Phase, Span, check_timeline, field_of

NAMESPACE = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/editions")

Year = Annotated[int, msgspec.Meta(ge=2500, le=2700)]
CategoryCode = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]


def edition_id(year_be: int) -> UUID:
    """One edition per year: the id is derived from the year."""
    return uuid5(NAMESPACE, str(year_be))


class Category(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: CategoryCode
    name_th: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]


def aware(moment: datetime) -> datetime:
    """Times typed without an offset are Bangkok times."""
    return moment.replace(tzinfo=BANGKOK) if moment.tzinfo is None else moment


def _check_categories(categories: list[Category]) -> None:
    _check_codes([c.code for c in categories])


def _check_codes(codes: list[str]) -> None:
    """An edition has at least one category, and no code twice."""
    if not codes:
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
        self.proposal_opens_at = aware(self.proposal_opens_at)
        self.proposal_closes_at = aware(self.proposal_closes_at)
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

    class PhaseScheduled(Aggregate.Event):
        """A phase not yet begun was given its dates."""

        phase: str
        starts_at: datetime
        ends_at: datetime
        by: str

    class PhaseAmended(Aggregate.Event):
        """A phase already begun was moved, for a reason (never silently)."""

        phase: str
        starts_at: datetime
        ends_at: datetime
        reason_th: str
        by: str

    class ProposalWindowClosed(Aggregate.Event):
        """The window closed at `closes_at`: drafts left then are left unsent."""

        year_be: int
        closes_at: datetime
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
        self.delegates_per_province = DEFAULT_DELEGATES
        self.window_closed = False
        self.phases: dict[Phase, Span] = {
            Phase.PROPOSALS: Span(proposal_opens_at, proposal_closes_at)
        }

    @classmethod
    def create_id(cls, year_be: int, **_: object) -> UUID:
        return edition_id(year_be)

    @classmethod
    def open(
        cls,
        year_be: int,
        title_th: str,
        opens: datetime,
        closes: datetime,
        categories: list[list[str]],
        now: datetime,
        actor: Actor,
    ) -> Edition:
        _check_codes([code for code, _ in categories])
        if closes <= opens:
            raise Invalid(
                "วันปิดรับข้อเสนอต้องอยู่หลังวันเปิดรับข้อเสนอ",
                message_en="the window must close after it opens",
                field="proposal_closes_at",
            )
        return cls(
            year_be=year_be,
            title_th=title_th,
            proposal_opens_at=opens,
            proposal_closes_at=closes,
            categories=categories,
            from_paper=closes <= now,  # a year already closed is entered from the paper record
            by=actor.ref,
        )

    def set_categories(self, categories: list[list[str]], actor: Actor) -> None:
        _check_codes([code for code, _ in categories])
        self._set_categories(categories, by=actor.ref)

    @event(CategoriesSet)
    def _set_categories(self, categories: list[list[str]], by: str) -> None:
        self.categories = categories

    def finalize(self, actor: Actor) -> None:
        if not self.finalized:  # finalizing twice is a no-op
            self._finalize(by=actor.ref)

    @event(Finalized)
    def _finalize(self, by: str) -> None:
        self.finalized = True

    # The quota of delegates per province (issue 14): its rule is in edition_quota.py, its
    # event (DelegateQuotaSet) this class's own.
    set_delegate_quota = edition_quota.set_delegate_quota
    _set_delegate_quota = edition_quota.record_delegate_quota
    if TYPE_CHECKING:  # made by eventsourcing from the decorated method above
        DelegateQuotaSet: ClassVar[type[Aggregate.Event]]

    # --- the calendar ---

    def set_timeline(
        self, spans: dict[Phase, Span], reason_th: str | None, now: datetime, actor: Actor
    ) -> None:
        """Every phase in order inside the edition's years; a phase not begun is scheduled
        (never into the past), one begun is amended with a reason (its start stays, its end
        not before now), one passed never moves. A past edition from paper is entered freely."""
        changes = {p: s for p, s in spans.items() if self.phases.get(p) != s}
        check_timeline(self.year_be, {**self.phases, **changes})
        amended = []
        for phase, span in changes.items():
            old = self.phases.get(phase)
            if self.from_paper:
                continue
            if old is not None and old.passed(now):
                raise Conflict(
                    f"{PHASE_TH[phase]} ผ่านไปแล้ว แก้วันที่ไม่ได้",
                    field=field_of(phase, "starts"),
                    code="phase_passed",
                )
            if old is not None and old.begun(now):
                if span.starts_at != old.starts_at or span.ends_at < now:
                    raise Conflict(
                        f"{PHASE_TH[phase]} เริ่มแล้ว: เลื่อนได้เฉพาะวันสิ้นสุด และต้องไม่ก่อนเวลานี้",
                        field=field_of(phase, "ends"),
                        code="phase_begun",
                    )
                amended.append(phase)
            elif span.starts_at < now:
                raise Invalid(
                    f"{PHASE_TH[phase]} ยังไม่เริ่ม: วันเริ่มต้องไม่อยู่ในอดีต",
                    field=field_of(phase, "starts"),
                    code="in_the_past",
                )
        if amended and not (reason_th or "").strip():
            raise Invalid(
                "การแก้วันที่ของช่วงที่เริ่มแล้วต้องระบุเหตุผล",
                field="reason_th",
                code="reason_required",
            )
        for phase, span in changes.items():
            if phase in amended:
                self._amend_phase(
                    phase.value, span.starts_at, span.ends_at, reason_th or "", by=actor.ref
                )
            else:
                self._schedule_phase(phase.value, span.starts_at, span.ends_at, by=actor.ref)

    @event(PhaseScheduled)
    def _schedule_phase(self, phase: str, starts_at: datetime, ends_at: datetime, by: str) -> None:
        self._set_span(Phase(phase), Span(starts_at, ends_at))

    @event(PhaseAmended)
    def _amend_phase(
        self, phase: str, starts_at: datetime, ends_at: datetime, reason_th: str, by: str
    ) -> None:
        self._set_span(Phase(phase), Span(starts_at, ends_at))

    def _set_span(self, phase: Phase, span: Span) -> None:
        self.phases[phase] = span
        if phase is Phase.PROPOSALS:
            self.proposal_opens_at, self.proposal_closes_at = span.starts_at, span.ends_at

    def close_window(self, now: datetime, actor: Actor) -> None:
        """Once, at or after the window's end."""
        if self.window_closed:
            return
        if now < self.proposal_closes_at:
            raise Conflict(
                f"ยังไม่ถึงเวลาปิดรับข้อเสนอ ({thai_datetime(self.proposal_closes_at)})",
                code="window_open",
            )
        self._close_window(self.year_be, self.proposal_closes_at, by=actor.ref)

    @event(ProposalWindowClosed)
    def _close_window(self, year_be: int, closes_at: datetime, by: str) -> None:
        self.window_closed = True

    # --- rules other aggregates ask of their edition ---

    def window_is_open(self, now: datetime) -> bool:
        return self.proposal_opens_at <= now < self.proposal_closes_at

    def check_window(self, now: datetime, on_behalf: bool) -> None:
        """Proposals are submitted inside the window; a paper proposal of a past year (typed in
        by a coordinator) whenever it is entered."""
        if not self.window_is_open(now) and not (on_behalf and self.from_paper):
            opens, closes = self.proposal_opens_at, self.proposal_closes_at
            raise Conflict(
                f"ส่งข้อเสนอได้เฉพาะช่วงเปิดรับ: {thai_datetime(opens)} ถึง {thai_datetime(closes)}",
                code="window_closed",
            )

    def check_category(self, category: object) -> None:
        if category is not None and category not in {code for code, _ in self.categories}:
            raise Invalid(f"ไม่มีหมวดหมู่ “{category}” ในการประชุมปีนี้", field="category")

    def check_live(self) -> None:
        """Once the submission is finalized, consolidation is frozen."""
        if self.finalized:
            raise Conflict(
                "การประชุมปีนี้สรุปข้อเสนอต่อคณะรัฐมนตรีแล้ว แก้ไขการรวมประเด็นไม่ได้",
                message_en="the edition's submission was finalized",
                code="finalized",
            )


def _categories(categories: list[Category]) -> list[list[str]]:
    return [[c.code, c.name_th] for c in categories]


def open_edition(store: Store, cmd: OpenEdition, actor: Actor) -> list[Aggregate]:
    if store.exists(edition_id(cmd.year_be)):
        raise Conflict(
            f"มีการประชุมประจำปี {cmd.year_be} อยู่แล้ว (ปีละหนึ่งครั้ง)",
            message_en=f"an edition for {cmd.year_be} exists",
            field="year_be",
            code="edition_exists",
        )
    edition = Edition.open(
        cmd.year_be,
        cmd.title_th,
        cmd.proposal_opens_at,
        cmd.proposal_closes_at,
        _categories(cmd.categories),
        store.clock(),
        actor,
    )
    return [edition]


def get_edition(store: Store, year_be: int) -> Edition:
    edition = store.load(edition_id(year_be), Edition)
    if edition is None:
        raise NotFound(f"ไม่พบการประชุมประจำปี {year_be}", field="year_be")
    return edition


def live_edition(store: Store, year_be: int) -> Edition:
    """The edition, refusing once its submission was finalized (consolidation is frozen)."""
    edition = get_edition(store, year_be)
    edition.check_live()
    return edition


def set_categories(store: Store, cmd: SetCategories, actor: Actor) -> list[Aggregate]:
    edition = get_edition(store, cmd.year_be)
    edition.set_categories(_categories(cmd.categories), actor)
    return [edition]


class FinalizeEdition(Command):
    """Freeze the edition's consolidation (its submission to the Cabinet is final)."""

    year_be: Year


def finalize_edition(store: Store, cmd: FinalizeEdition, actor: Actor) -> list[Aggregate]:
    edition = get_edition(store, cmd.year_be)
    edition.finalize(actor)
    return changed(edition)


HANDLERS = dict(
    [
        route(OpenEdition, open_edition),
        route(SetCategories, set_categories),
        route(FinalizeEdition, finalize_edition),
    ]
)

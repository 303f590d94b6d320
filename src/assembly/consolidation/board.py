"""A province's consolidation as a whole: the ranking of its issues, and the machine's
suggestions its coordinator turned down."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor, check_scope
from assembly.commands import route
from assembly.consolidation.commands import RankIssues, RejectSuggestion, RestoreSuggestion
from assembly.consolidation.issues import check_issue_list
from assembly.editions import Edition, live_edition
from assembly.errors import Invalid
from assembly.proposals import Proposal
from assembly.store import Store

# Where this class was defined until issue 9: stored events name it so, and keep doing so.
OLD = "assembly.consolidation:ProvinceBoard"


def board_id(year_be: int, province_code: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"assembly:board:{year_be}:{province_code}")


class ProvinceBoard(Aggregate):
    TOPIC = OLD

    class Created(Aggregate.Created):
        """Defined by eventsourcing for every aggregate; never used (see `Opened`)."""

        TOPIC = f"{OLD}.Created"

    class Opened(Aggregate.Created):
        TOPIC = f"{OLD}.Opened"
        year_be: int
        province_code: str

    # Each event names its edition and province, so a reader needs no other event to place it.
    class Ranked(Aggregate.Event):
        TOPIC = f"{OLD}.Ranked"
        year_be: int
        province_code: str
        issue_ids: list[UUID]
        by: str

    class SuggestionRejected(Aggregate.Event):
        TOPIC = f"{OLD}.SuggestionRejected"
        year_be: int
        province_code: str
        proposal_ids: list[UUID]
        by: str

    class SuggestionRestored(Aggregate.Event):
        """A turn-down undone (added in issue 10): the group may be suggested again."""

        TOPIC = f"{OLD}.SuggestionRestored"
        year_be: int
        province_code: str
        proposal_ids: list[UUID]
        by: str

    @event(Opened)
    def __init__(self, year_be: int, province_code: str) -> None:
        self.year_be = year_be
        self.province_code = province_code
        self.ranking: list[UUID] = []
        self.rejected: set[frozenset[UUID]] = set()

    @classmethod
    def create_id(cls, year_be: int, province_code: str) -> UUID:
        return board_id(year_be, province_code)

    def _check(self, edition: Edition, actor: Actor) -> None:
        check_scope(actor, province_code=self.province_code)
        edition.check_live()

    def rank(
        self, issue_ids: list[UUID], found: Mapping[UUID, Aggregate], edition: Edition, actor: Actor
    ) -> bool:
        """The open issues of this province, most important first. False: nothing changed."""
        self._check(edition, actor)
        check_issue_list(
            issue_ids,
            found,
            self.year_be,
            self.province_code,
            repeated=Invalid("มีประเด็นซ้ำกันในลำดับ", field="issue_ids"),
            foreign=Invalid("มีประเด็นที่ไม่ใช่ของจังหวัดนี้ในลำดับ", field="issue_ids"),
        )
        if self.ranking == issue_ids:
            return False
        self._rank(self.year_be, self.province_code, issue_ids, by=actor.ref)
        return True

    @event(Ranked)
    def _rank(self, year_be: int, province_code: str, issue_ids: list[UUID], by: str) -> None:
        self.ranking = list(issue_ids)

    def reject(
        self,
        proposal_ids: list[UUID],
        found: Mapping[UUID, Aggregate],
        edition: Edition,
        actor: Actor,
    ) -> bool:
        """These proposals of the province are not to be suggested together again. False: they
        were turned down before."""
        self._check(edition, actor)
        ids = sorted(set(proposal_ids))
        if len(ids) < 2:
            raise Invalid("ข้อเสนอแนะการรวมต้องมีข้อเสนออย่างน้อยสองรายการ", field="proposal_ids")
        if frozenset(ids) in self.rejected:
            return False
        for pid in ids:
            proposal = found.get(pid)
            if not isinstance(proposal, Proposal) or proposal.province_code != self.province_code:
                raise Invalid("มีข้อเสนอที่ไม่ใช่ของจังหวัดนี้", field="proposal_ids")
        self._reject(self.year_be, self.province_code, ids, by=actor.ref)
        return True

    @event(SuggestionRejected)
    def _reject(self, year_be: int, province_code: str, proposal_ids: list[UUID], by: str) -> None:
        self.rejected.add(frozenset(proposal_ids))

    def restore(self, proposal_ids: list[UUID], edition: Edition, actor: Actor) -> bool:
        """Undo turning these proposals down together. False: they were not turned down (or
        were restored already), so nothing changed."""
        self._check(edition, actor)
        ids = sorted(set(proposal_ids))
        if len(ids) < 2:
            raise Invalid("ข้อเสนอแนะการรวมต้องมีข้อเสนออย่างน้อยสองรายการ", field="proposal_ids")
        if frozenset(ids) not in self.rejected:
            return False
        self._restore(self.year_be, self.province_code, ids, by=actor.ref)
        return True

    @event(SuggestionRestored)
    def _restore(self, year_be: int, province_code: str, proposal_ids: list[UUID], by: str) -> None:
        self.rejected.discard(frozenset(proposal_ids))


def _board(store: Store, year_be: int, province_code: str) -> ProvinceBoard:
    board = store.load(board_id(year_be, province_code), ProvinceBoard)
    return board or ProvinceBoard(year_be=year_be, province_code=province_code)


def rank_issues(store: Store, cmd: RankIssues, actor: Actor) -> list[Aggregate]:
    check_scope(actor, province_code=cmd.province_code)  # before anything is read
    edition = live_edition(store, cmd.year_be)
    board = _board(store, cmd.year_be, cmd.province_code)
    found = store.load_many(cmd.issue_ids) if len(set(cmd.issue_ids)) == len(cmd.issue_ids) else {}
    return [board] if board.rank(cmd.issue_ids, found, edition, actor) else []


def reject_suggestion(store: Store, cmd: RejectSuggestion, actor: Actor) -> list[Aggregate]:
    check_scope(actor, province_code=cmd.province_code)
    edition = live_edition(store, cmd.year_be)
    board = _board(store, cmd.year_be, cmd.province_code)
    found = store.load_many(set(cmd.proposal_ids))
    return [board] if board.reject(cmd.proposal_ids, found, edition, actor) else []


def restore_suggestion(store: Store, cmd: RestoreSuggestion, actor: Actor) -> list[Aggregate]:
    check_scope(actor, province_code=cmd.province_code)
    edition = live_edition(store, cmd.year_be)
    board = _board(store, cmd.year_be, cmd.province_code)
    return [board] if board.restore(cmd.proposal_ids, edition, actor) else []


HANDLERS = dict(
    [
        route(RankIssues, rank_issues),
        route(RejectSuggestion, reject_suggestion),
        route(RestoreSuggestion, restore_suggestion),
    ]
)

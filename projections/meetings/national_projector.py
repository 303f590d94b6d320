"""The national meeting's projector: events -> the `national_*` tables (migration 0020).

Every event of the meeting moves `national_meetings.revision` to its notification id in the
same transaction as its rows, so whoever sees the new revision sees the rows behind it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from assembly.meetings import AgendaItem, NationalMeeting, SessionCheckIn, Vote
from projections.projector import Projector, Statements, handles

# Every event moves its meeting's revision; the meeting is found by what the event carries:
# the meeting's own id, an agenda item's id, or the year.
_BUMP = "UPDATE national_meetings m SET revision = greatest(m.revision, %s), updated_at = %s"
_OF_MEETING = f"{_BUMP} WHERE m.id = %s"
_OF_ITEM = f"{_BUMP} FROM national_agenda a WHERE a.id = %s AND m.year_be = a.year_be"
_OF_YEAR = f"{_BUMP} WHERE m.year_be = %s"
_TALLY = {
    choice: f"UPDATE national_agenda SET votes_{choice} = votes_{choice} + 1 WHERE id = %s"
    for choice in ("for", "against", "abstain")
}


def _bump(out: Statements, e: Any, of: str, key: Any) -> None:
    out.add(of, (out.notification_id, e.timestamp, key))


class NationalMeetingProjector(Projector):
    name = "national_meeting"
    tables = (
        "national_meetings",
        "national_sessions",
        "national_agenda",
        "national_delegates",
        "national_checkins",
        "national_votes",
    )

    SESSION: ClassVar[str] = (
        "INSERT INTO national_sessions (id, year_be, day, starts_at, title_th, category, quorum)"
        " SELECT %s, year_be, %s, %s, %s, %s, %s FROM national_meetings WHERE id = %s"
        " ON CONFLICT (id) DO UPDATE SET day = EXCLUDED.day, starts_at = EXCLUDED.starts_at,"
        " title_th = EXCLUDED.title_th, category = EXCLUDED.category, quorum = EXCLUDED.quorum"
    )
    UNPLACE: ClassVar[str] = (
        "UPDATE national_agenda SET session_id = NULL WHERE session_id = %s"
        " AND NOT (recommendation_id = ANY(%s))"
    )
    PLACE: ClassVar[str] = (
        "UPDATE national_agenda a SET session_id = %s, position = %s FROM national_meetings m"
        " WHERE m.id = %s AND a.year_be = m.year_be AND a.recommendation_id = %s"
    )
    DELEGATE: ClassVar[str] = (
        "INSERT INTO national_delegates (year_be, account_id, kind, province_code, badge_code,"
        " registered_at) SELECT year_be, %s, %s, %s, %s, %s FROM national_meetings WHERE id = %s"
    )

    # --- the meeting ---

    @handles(NationalMeeting.Scheduled)
    def scheduled(self, e: Any, out: Statements) -> None:
        out.add(
            "INSERT INTO national_meetings (year_be, id, days, revision, updated_at)"
            " VALUES (%s, %s, %s::date[], %s, %s)",
            (e.year_be, e.originator_id, e.days, out.notification_id, e.timestamp),
        )

    @handles(NationalMeeting.DaysSet)
    def days_set(self, e: Any, out: Statements) -> None:
        out.add(
            "UPDATE national_meetings SET days = %s::date[] WHERE id = %s",
            (e.days, e.originator_id),
        )
        _bump(out, e, _OF_MEETING, e.originator_id)

    @handles(NationalMeeting.SessionSet)
    def session_set(self, e: Any, out: Statements) -> None:
        out.add(
            self.SESSION,
            (
                e.session_id,
                e.day,
                e.starts_at,
                e.title_th,
                e.category,
                e.quorum,
                e.originator_id,
            ),
        )
        _bump(out, e, _OF_MEETING, e.originator_id)

    @handles(NationalMeeting.AgendaSet)
    def agenda_set(self, e: Any, out: Statements) -> None:
        out.add(self.UNPLACE, (e.session_id, list(e.recommendation_ids)))
        for position, rec in enumerate(e.recommendation_ids, start=1):
            # The item's row came with its Placed event (saved before): this says where it is.
            out.add(self.PLACE, (e.session_id, position, e.originator_id, rec))
        _bump(out, e, _OF_MEETING, e.originator_id)

    @handles(NationalMeeting.DelegateRegistered)
    def registered(self, e: Any, out: Statements) -> None:
        out.add(
            self.DELEGATE,
            (e.account_id, e.kind, e.province_code, e.code, e.timestamp, e.originator_id),
        )
        _bump(out, e, _OF_MEETING, e.originator_id)

    @handles(NationalMeeting.BadgeReissued)
    def reissued(self, e: Any, out: Statements) -> None:
        out.add(
            "UPDATE national_delegates d SET badge_code = %s FROM national_meetings m"
            " WHERE m.id = %s AND d.year_be = m.year_be AND d.account_id = %s",
            (e.code, e.originator_id, e.account_id),
        )
        _bump(out, e, _OF_MEETING, e.originator_id)

    # --- agenda items ---

    @handles(AgendaItem.Placed)
    def placed(self, e: Any, out: Statements) -> None:
        out.add(
            "INSERT INTO national_agenda (id, year_be, recommendation_id) VALUES (%s, %s, %s)"
            " ON CONFLICT (year_be, recommendation_id) DO NOTHING",
            (e.originator_id, e.year_be, e.recommendation_id),
        )

    @handles(AgendaItem.VoteOpened)
    def opened(self, e: Any, out: Statements) -> None:
        out.add(
            "UPDATE national_agenda SET vote = 'open', opened_at = %s, votes_for = 0,"
            " votes_against = 0, votes_abstain = 0 WHERE id = %s",
            (e.timestamp, e.originator_id),
        )
        _bump(out, e, _OF_ITEM, e.originator_id)

    @handles(AgendaItem.VoteClosed)
    def closed(self, e: Any, out: Statements) -> None:
        t = e.tally
        out.add(
            "UPDATE national_agenda SET vote = 'closed', closed_at = %s, votes_for = %s,"
            " votes_against = %s, votes_abstain = %s, present = %s, registered = %s,"
            " quorum = %s, quorum_reached = %s WHERE id = %s",
            (
                e.timestamp,
                t["for"],
                t["against"],
                t["abstain"],
                t["present"],
                t["registered"],
                t["quorum"],
                t["quorum_reached"],
                e.originator_id,
            ),
        )
        _bump(out, e, _OF_ITEM, e.originator_id)

    @handles(AgendaItem.Resolved)
    def resolved(self, e: Any, out: Statements) -> None:
        out.add(
            "UPDATE national_agenda SET outcome = %s, amended_text_th = %s, resolved_at = %s"
            " WHERE id = %s",
            (e.outcome, e.amended_text_th, e.timestamp, e.originator_id),
        )
        _bump(out, e, _OF_ITEM, e.originator_id)

    # --- the door and the ballots ---

    @handles(SessionCheckIn.CheckedIn)
    def checked_in(self, e: Any, out: Statements) -> None:
        out.add(
            "INSERT INTO national_checkins (session_id, account_id, year_be, checked_in_at)"
            " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (e.session_id, e.account_id, e.year_be, e.timestamp),
        )
        _bump(out, e, _OF_YEAR, e.year_be)

    @handles(Vote.Cast)
    def cast(self, e: Any, out: Statements) -> None:
        out.add(
            "INSERT INTO national_votes (item_id, account_id, year_be, session_id, choice,"
            " cast_at) VALUES (%s, %s, %s, %s, %s, %s)",
            (e.item_id, e.account_id, e.year_be, e.session_id, e.choice, e.timestamp),
        )
        out.add(_TALLY[e.choice], (e.item_id,))
        _bump(out, e, _OF_YEAR, e.year_be)

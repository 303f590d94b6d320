"""Provincial meetings on the read side: the projector that keeps migration 0019's tables.
The queries the pages and the API ask are in `provincial_queries`."""

from __future__ import annotations

from typing import Any, ClassVar

from assembly.actors import parse_ref
from assembly.editions import Edition
from assembly.meetings import ProvincialMeeting
from projections.projector import Projector, Statements, handles

M = ProvincialMeeting


class ProvincialMeetingsProjector(Projector):
    name = "provincial_meetings"
    tables = (
        "provincial_meetings",
        "provincial_agenda",
        "provincial_attendance",
        "provincial_rankings",
        "provincial_results",
        "provincial_resolutions",
        "provincial_delegates",
        "delegate_quotas",
    )

    BUMP: ClassVar[str] = "UPDATE provincial_meetings SET revision = revision + 1 WHERE id = %s"
    SET: ClassVar[str] = (
        "UPDATE provincial_meetings SET {what}, revision = revision + 1 WHERE id = %s"
    )

    def _set(self, out: Statements, what: str, *params: Any) -> None:
        out.add(self.SET.format(what=what), params)

    @handles(M.Scheduled)
    def scheduled(self, e: Any, out: Statements) -> None:
        out.add(
            "INSERT INTO provincial_meetings (id, year_be, province_code, starts_at, place_th,"
            " scheduled_at) VALUES (%s, %s, %s, %s, %s, %s)",
            (e.originator_id, e.year_be, e.province_code, e.starts_at, e.place_th, e.timestamp),
        )

    @handles(M.Rescheduled)
    def rescheduled(self, e: Any, out: Statements) -> None:
        self._set(out, "starts_at = %s, place_th = %s", e.starts_at, e.place_th, e.originator_id)

    @handles(M.AgendaSet)
    def agenda_set(self, e: Any, out: Statements) -> None:
        out.add("DELETE FROM provincial_agenda WHERE meeting_id = %s", (e.originator_id,))
        for position, issue_id in enumerate(e.issue_ids, start=1):
            out.add(
                "INSERT INTO provincial_agenda (meeting_id, position, issue_id)"
                " VALUES (%s, %s, %s)",
                (e.originator_id, position, issue_id),
            )
        out.add(self.BUMP, (e.originator_id,))

    @handles(M.AttendanceRecorded)
    def attendance(self, e: Any, out: Statements) -> None:
        if e.present:
            role, _ = parse_ref(e.by)
            out.add(
                "INSERT INTO provincial_attendance (meeting_id, council_id, by_self, recorded_at)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (meeting_id, council_id) DO NOTHING",
                (e.originator_id, e.council_id, role == "council", e.timestamp),
            )
        else:
            out.add(
                "DELETE FROM provincial_attendance WHERE meeting_id = %s AND council_id = %s",
                (e.originator_id, e.council_id),
            )
        out.add(self.BUMP, (e.originator_id,))

    @handles(M.VoteOpened)
    def vote_opened(self, e: Any, out: Statements) -> None:
        self._set(out, "vote = 'open', vote_opened_at = %s", e.timestamp, e.originator_id)

    @handles(M.RankingSubmitted)
    def ranked(self, e: Any, out: Statements) -> None:
        out.add(
            "INSERT INTO provincial_rankings (meeting_id, council_id, issue_ids, ranked_at)"
            " VALUES (%s, %s, %s, %s) ON CONFLICT (meeting_id, council_id) DO UPDATE SET"
            " issue_ids = EXCLUDED.issue_ids, ranked_at = EXCLUDED.ranked_at,"
            " replaced = provincial_rankings.replaced + 1",
            (e.originator_id, e.council_id, list(e.issue_ids), e.timestamp),
        )
        out.add(self.BUMP, (e.originator_id,))

    @handles(M.VoteClosed)
    def vote_closed(self, e: Any, out: Statements) -> None:
        for place, issue_id in enumerate(e.result, start=1):
            out.add(
                "INSERT INTO provincial_results (meeting_id, place, issue_id) VALUES (%s, %s, %s)",
                (e.originator_id, place, issue_id),
            )
        self._set(out, "vote = 'closed', vote_closed_at = %s", e.timestamp, e.originator_id)

    @handles(M.ResolutionPassed, M.ResolutionRevised)
    def resolution(self, e: Any, out: Statements) -> None:
        out.add(
            "INSERT INTO provincial_resolutions (meeting_id, number, text_th, passed_at)"
            " VALUES (%s, %s, %s, %s) ON CONFLICT (meeting_id, number) DO UPDATE SET"
            " text_th = EXCLUDED.text_th",
            (e.originator_id, e.number, e.text_th, e.timestamp),
        )
        out.add(self.BUMP, (e.originator_id,))

    @handles(M.DelegateElected)
    def elected(self, e: Any, out: Statements) -> None:
        out.add(
            "INSERT INTO provincial_delegates (year_be, province_code, account_id, elected_at)"
            " SELECT year_be, province_code, %s, %s FROM provincial_meetings WHERE id = %s"
            " ON CONFLICT DO NOTHING",
            (e.account_id, e.timestamp, e.originator_id),
        )
        out.add(self.BUMP, (e.originator_id,))

    @handles(M.DelegateWithdrawn)
    def withdrawn(self, e: Any, out: Statements) -> None:
        out.add(
            "DELETE FROM provincial_delegates d USING provincial_meetings m"
            " WHERE m.id = %s AND d.year_be = m.year_be AND d.province_code = m.province_code"
            " AND d.account_id = %s",
            (e.originator_id, e.account_id),
        )
        out.add(self.BUMP, (e.originator_id,))

    @handles(M.Closed)
    def closed(self, e: Any, out: Statements) -> None:
        self._set(out, "closed = true, closed_at = %s", e.timestamp, e.originator_id)

    @handles(Edition.DelegateQuotaSet)
    def quota(self, e: Any, out: Statements) -> None:
        out.add(
            "INSERT INTO delegate_quotas (year_be, delegates_per_province) SELECT year_be, %s"
            " FROM editions WHERE id = %s ON CONFLICT (year_be) DO UPDATE SET"
            " delegates_per_province = EXCLUDED.delegates_per_province",
            (e.delegates_per_province, e.originator_id),
        )

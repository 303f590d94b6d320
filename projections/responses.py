"""The loop back on the read side: resolutions, follow-ups, assignments with their answers,
the answers superseded, the public status changes (the Atom feed), and the councils told
when something new arrives on one of their proposals.

Council notifications are written here, in the projector's own transaction, keyed by the
event's notification id: a rebuild replays the same keys, so nobody is told twice.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from assembly.actors import parse_ref
from assembly.agencies import CATALOGUE
from assembly.responses import FollowUp, Resolution
from assembly.submissions import Submission
from projections.notifications import CHANNELS
from projections.projector import Projector, Statements, handles


def _date(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


# The councils behind recommendations (through issues and their proposals): one notification
# per council account and event, linked to the council's proposal it concerns.
_TELL = (
    "WITH made AS (INSERT INTO notifications (account_id, key, kind, subject_th, body_th, link)"
    " SELECT DISTINCT ON (a.id) a.id, %s, %s, %s, %s, '/proposals/' || p.id"
    " FROM recommendation_issues ri JOIN issue_proposals ip ON ip.issue_id = ri.issue_id"
    " JOIN proposals p ON p.id = ip.proposal_id"
    " JOIN accounts a ON a.council_id = p.council_id AND a.role = 'council'"
    " WHERE ri.recommendation_id IN ({chosen}) ORDER BY a.id, p.id"
    " ON CONFLICT (account_id, key) DO NOTHING RETURNING id)"
    " INSERT INTO outbox (notification_id, channel)"
    " SELECT m.id, c FROM made m, unnest(%s::text[]) c"
)
_OF_ONE = _TELL.format(chosen="SELECT recommendation_id FROM followups WHERE id = %s")
_OF_SUBMISSION = _TELL.format(
    chosen="SELECT (e->>'id')::uuid FROM submissions s, jsonb_array_elements(s.items) e"
    " WHERE s.id = %s AND s.province_code IS NULL"
)
REC = "(SELECT recommendation_id FROM followups WHERE id = %s)"  # a follow-up's recommendation


def _agency_th(code: str) -> str:
    known = CATALOGUE.get(code)
    return known.short_th if known else code


class ResponsesProjector(Projector):
    name = "responses"
    tables = (
        "resolutions",
        "resolution_amendments",
        "followups",
        "assignments",
        "answer_history",
        "status_changes",
    )

    RECORD: ClassVar[str] = (
        "INSERT INTO resolutions (submission_id, id, year_be, resolved_on, notified_on,"
        " decision_th, recorded_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    AMEND: ClassVar[str] = (
        "UPDATE resolutions SET resolved_on = %s, notified_on = %s, decision_th = %s,"
        " amendments = amendments + 1, revision = revision + 1, updated_at = %s"
        " WHERE id = %s"
    )
    AMENDMENT: ClassVar[str] = (
        "INSERT INTO resolution_amendments (submission_id, amended_at, resolved_on, decision_th,"
        " reason_th, actor_role) SELECT submission_id, %s, %s, %s, %s, %s FROM resolutions"
        " WHERE id = %s"
    )
    OPEN: ClassVar[str] = (
        "INSERT INTO followups (recommendation_id, id, submission_id, year_be, opened_at)"
        " VALUES (%s, %s, %s, %s, %s)"
    )
    ASSIGN: ClassVar[str] = (
        "INSERT INTO assignments (recommendation_id, agency, submission_id, year_be, lead,"
        " due_on, assigned_at) SELECT f.recommendation_id, %s, f.submission_id, f.year_be, %s,"
        " %s, %s FROM followups f WHERE f.id = %s"
        " ON CONFLICT (recommendation_id, agency) DO UPDATE SET lead = EXCLUDED.lead,"
        " due_on = EXCLUDED.due_on, overdue_on = CASE WHEN assignments.due_on"
        " IS DISTINCT FROM EXCLUDED.due_on THEN NULL ELSE assignments.overdue_on END"
    )
    UNASSIGN: ClassVar[str] = (
        f"DELETE FROM assignments WHERE recommendation_id = {REC} AND NOT (agency = ANY(%s))"
        " AND number IS NULL"
    )
    BUMP: ClassVar[str] = (
        "UPDATE resolutions SET revision = revision + 1, updated_at = %s WHERE submission_id ="
        " (SELECT submission_id FROM followups WHERE id = %s)"
    )
    DRAFT: ClassVar[str] = (
        "UPDATE assignments SET draft_th = %s, drafted_at = %s"
        f" WHERE recommendation_id = {REC} AND agency = %s"
    )
    SEND: ClassVar[str] = (
        "INSERT INTO assignments (recommendation_id, agency, submission_id, year_be,"
        " assigned_with_answer, number, opinion_th, sent_at, on_paper, received_on, assigned_at)"
        " SELECT f.recommendation_id, %s, f.submission_id, f.year_be, true, %s, %s, %s, %s, %s,"
        " %s FROM followups f WHERE f.id = %s"
        " ON CONFLICT (recommendation_id, agency) DO UPDATE SET number = EXCLUDED.number,"
        " opinion_th = EXCLUDED.opinion_th, sent_at = EXCLUDED.sent_at,"
        " on_paper = EXCLUDED.on_paper, received_on = EXCLUDED.received_on, draft_th = NULL,"
        " drafted_at = NULL"
    )
    SUPERSEDE: ClassVar[str] = (
        "UPDATE assignments SET opinion_th = %s, sent_at = %s, on_paper = %s, received_on = %s,"
        " superseded = superseded + 1, draft_th = NULL, drafted_at = NULL"
        f" WHERE recommendation_id = {REC} AND agency = %s"
    )
    HISTORY: ClassVar[str] = (
        "INSERT INTO answer_history (recommendation_id, agency, number, kind, opinion_th,"
        f" reason_th, on_paper, received_on, occurred_at) VALUES ({REC}, %s, %s, %s, %s, %s,"
        " %s, %s, %s)"
    )
    OVERDUE: ClassVar[str] = (
        f"UPDATE assignments SET overdue_on = %s WHERE recommendation_id = {REC} AND agency = %s"
    )
    CHANGE: ClassVar[str] = (
        "INSERT INTO status_changes (notification_id, occurred_at, year_be, kind, submission_id,"
        " recommendation_id, agency) VALUES (%s, %s, %s, %s, %s, %s, %s)"
        " ON CONFLICT DO NOTHING"
    )
    CHANGE_OF_FOLLOWUP: ClassVar[str] = (
        "INSERT INTO status_changes (notification_id, occurred_at, year_be, kind, submission_id,"
        " recommendation_id, agency) SELECT %s, %s, f.year_be, %s, f.submission_id,"
        " f.recommendation_id, %s FROM followups f WHERE f.id = %s"
        " ON CONFLICT DO NOTHING"
    )

    def _tell(self, sql: str, of: object, out: Statements, kind: str, subject: str) -> None:
        body = subject  # the inbox shows the subject; the page shows the whole chain
        out.add(sql, (f"event:{out.notification_id}", kind, subject, body, of, list(CHANNELS)))

    # --- a finalized submission (public from then on) ---

    @handles(Submission.Finalized)
    def finalized(self, e: Any, out: Statements) -> None:
        out.add(
            "INSERT INTO status_changes (notification_id, occurred_at, year_be, kind,"
            " submission_id) SELECT %s, %s, year_be, 'finalized', id FROM submissions"
            " WHERE id = %s AND province_code IS NULL ON CONFLICT DO NOTHING",
            (out.notification_id, e.timestamp, e.originator_id),
        )
        subject = "ข้อเสนอของสภาได้รวมอยู่ในหนังสือเสนอคณะรัฐมนตรีแล้ว"
        self._tell(_OF_SUBMISSION, e.originator_id, out, "submission", subject)

    # --- the resolution ---

    @handles(Resolution.Recorded)
    def recorded(self, e: Any, out: Statements) -> None:
        out.add(
            self.RECORD,
            (
                e.submission_id,
                e.originator_id,
                e.year_be,
                _date(e.resolved_on),
                _date(e.notified_on),
                e.decision_th,
                e.timestamp,
                e.timestamp,
            ),
        )
        out.add(
            self.CHANGE,
            (out.notification_id, e.timestamp, e.year_be, "resolved", e.submission_id, None, None),
        )
        subject = "คณะรัฐมนตรีมีมติต่อข้อเสนอแนะที่มาจากข้อเสนอของสภาแล้ว"
        self._tell(_OF_SUBMISSION, e.submission_id, out, "resolution", subject)

    @handles(Resolution.Amended)
    def amended(self, e: Any, out: Statements) -> None:
        role, _ = parse_ref(e.by)
        out.add(
            self.AMEND,
            (
                _date(e.resolved_on),
                _date(e.notified_on),
                e.decision_th,
                e.timestamp,
                e.originator_id,
            ),
        )
        out.add(
            self.AMENDMENT,
            (
                e.timestamp,
                _date(e.resolved_on),
                e.decision_th,
                e.reason_th,
                role,
                e.originator_id,
            ),
        )
        out.add(
            "INSERT INTO status_changes (notification_id, occurred_at, year_be, kind,"
            " submission_id) SELECT %s, %s, year_be, 'amended', submission_id FROM resolutions"
            " WHERE id = %s ON CONFLICT DO NOTHING",
            (out.notification_id, e.timestamp, e.originator_id),
        )
        out.add(
            _TELL.format(
                chosen="SELECT (x->>'id')::uuid FROM resolutions r JOIN submissions s"
                " ON s.id = r.submission_id, jsonb_array_elements(s.items) x WHERE r.id = %s"
            ),
            (
                f"event:{out.notification_id}",
                "resolution",
                "มติคณะรัฐมนตรีต่อข้อเสนอแนะที่มาจากข้อเสนอของสภาได้รับการแก้ไข",
                "มติคณะรัฐมนตรีต่อข้อเสนอแนะที่มาจากข้อเสนอของสภาได้รับการแก้ไข",
                e.originator_id,
                list(CHANNELS),
            ),
        )

    # --- follow-ups and their assignments ---

    def _assign(self, e: Any, out: Statements) -> None:
        for agency, a in e.assignments.items():
            due = _date(a.get("due_on"))
            out.add(self.ASSIGN, (agency, a["lead"], due, e.timestamp, e.originator_id))

    @handles(FollowUp.Opened)
    def opened(self, e: Any, out: Statements) -> None:
        out.add(
            self.OPEN,
            (e.recommendation_id, e.originator_id, e.submission_id, e.year_be, e.timestamp),
        )
        self._assign(e, out)

    @handles(FollowUp.Reassigned)
    def reassigned(self, e: Any, out: Statements) -> None:
        out.add(self.UNASSIGN, (e.originator_id, list(e.assignments)))
        self._assign(e, out)
        out.add(self.BUMP, (e.timestamp, e.originator_id))

    # --- answers ---

    @handles(FollowUp.AnswerDrafted)
    def drafted(self, e: Any, out: Statements) -> None:
        out.add(self.DRAFT, (e.opinion_th, e.timestamp, e.originator_id, e.agency))

    @handles(FollowUp.AnswerSent)
    def sent(self, e: Any, out: Statements) -> None:
        rec = e.originator_id
        received = _date(e.received_on)
        out.add(
            self.SEND,
            (e.agency, e.number, e.opinion_th, e.timestamp, e.on_paper, received, e.timestamp, rec),
        )
        out.add(
            self.HISTORY,
            (rec, e.agency, e.number, "sent", e.opinion_th, "", e.on_paper, received, e.timestamp),
        )
        self._changed(e, rec, "answered", out)
        subject = f"มีความเห็นจาก {_agency_th(e.agency)} ต่อข้อเสนอแนะที่มาจากข้อเสนอของสภา"
        self._tell(_OF_ONE, rec, out, "answer", subject)

    @handles(FollowUp.AnswerSuperseded)
    def superseded(self, e: Any, out: Statements) -> None:
        rec = e.originator_id
        received = _date(e.received_on)
        out.add(
            self.SUPERSEDE,
            (e.opinion_th, e.timestamp, e.on_paper, received, rec, e.agency),
        )
        out.add(
            self.HISTORY,
            (
                rec,
                e.agency,
                e.number,
                "superseded",
                e.opinion_th,
                e.reason_th,
                e.on_paper,
                received,
                e.timestamp,
            ),
        )
        self._changed(e, rec, "superseded", out)
        subject = f"{_agency_th(e.agency)} ส่งความเห็นฉบับใหม่แทนฉบับเดิม"
        self._tell(_OF_ONE, rec, out, "answer", subject)

    @handles(FollowUp.MarkedOverdue)
    def overdue(self, e: Any, out: Statements) -> None:
        rec = e.originator_id
        out.add(self.OVERDUE, (_date(e.due_on), rec, e.agency))
        self._changed(e, rec, "overdue", out)

    def _changed(self, e: Any, rec: object, kind: str, out: Statements) -> None:
        out.add(self.BUMP, (e.timestamp, rec))
        out.add(self.CHANGE_OF_FOLLOWUP, (out.notification_id, e.timestamp, kind, e.agency, rec))

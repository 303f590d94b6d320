"""The forum's projector: endorsements, comments (with hidden state and report counts), each
council's report, the moderation history, the issues merged away (the survivor's forum takes
their comments and endorsements), and the author council told when a moderator hides or shows
its comment again.

The council is told in the projector's own transaction, keyed by the event's notification id:
a rebuild replays the same keys, so nobody is told twice (as `projections.responses` does)."""

from __future__ import annotations

from typing import Any, ClassVar

from assembly.actors import parse_ref
from assembly.consolidation import ProvincialIssue
from assembly.forum import Comment, Endorsement
from projections.notifications import CHANNELS
from projections.projector import Projector, Statements, handles

# Every account of the comment's council, told once per event; the link opens the comment on
# its subject's page. The subject's title (public) names where it was said.
_TELL = (
    "WITH made AS (INSERT INTO notifications (account_id, key, kind, subject_th, body_th, link)"
    " SELECT a.id, %s, %s, %s || coalesce(' “' || coalesce(i.title_th, r.title_th) || '”', 'นี้'),"
    " %s, '/forum/' || c.subject_id || '#c-' || c.id"
    " FROM forum_comments c JOIN accounts a ON a.council_id = c.council_id AND a.role = 'council'"
    " LEFT JOIN issues i ON i.id = c.subject_id LEFT JOIN recommendations r ON r.id = c.subject_id"
    " WHERE c.id = %s ON CONFLICT (account_id, key) DO NOTHING RETURNING id)"
    " INSERT INTO outbox (notification_id, channel) SELECT m.id, ch FROM made m,"
    " unnest(%s::text[]) ch"
)
TOLD = {
    "hidden": ("forum-hidden", "ผู้ดูแลเวทีออนไลน์ซ่อนความเห็นของสภาในหัวข้อ"),
    "unhidden": ("forum-unhidden", "ผู้ดูแลเวทีออนไลน์แสดงความเห็นของสภาอีกครั้งในหัวข้อ"),
}


class ForumProjector(Projector):
    name = "forum"
    tables = (
        "forum_endorsements",
        "forum_endorsements_known",
        "forum_comments",
        "forum_reports",
        "forum_moderation",
        "forum_merges",
    )

    # An endorsement aggregate's own events carry no subject after the first: its row is
    # found again by the endorsement's facts kept on it (subject and council never change).
    ENDORSE: ClassVar[str] = (
        "INSERT INTO forum_endorsements (subject_id, council_id, subject_kind, year_be,"
        " account_id, endorsed_at) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
    )
    KEEP: ClassVar[str] = (
        "INSERT INTO forum_endorsements_known (id, subject_id, council_id, subject_kind,"
        " year_be) VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
    )
    RENEW: ClassVar[str] = (
        "INSERT INTO forum_endorsements (subject_id, council_id, subject_kind, year_be,"
        " account_id, endorsed_at) SELECT subject_id, council_id, subject_kind, year_be, %s, %s"
        " FROM forum_endorsements_known WHERE id = %s ON CONFLICT DO NOTHING"
    )
    WITHDRAW: ClassVar[str] = (
        "DELETE FROM forum_endorsements e USING forum_endorsements_known k"
        " WHERE k.id = %s AND e.subject_id = k.subject_id AND e.council_id = k.council_id"
    )
    POST: ClassVar[str] = (
        "INSERT INTO forum_comments (id, seq, subject_id, subject_kind, year_be, province_code,"
        " council_id, account_id, body_th, posted_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s,"
        " %s, %s)"
    )
    HIDE: ClassVar[str] = (
        "UPDATE forum_comments SET hidden = %s, hidden_reason_th = %s, hidden_at = %s WHERE id = %s"
    )
    MODERATED: ClassVar[str] = (
        "INSERT INTO forum_moderation (comment_id, seq, kind, reason_th, actor_role,"
        " occurred_at) VALUES (%s, %s, %s, %s, %s, %s)"
    )
    REPORT: ClassVar[str] = (
        "INSERT INTO forum_reports (comment_id, council_id, reason_th, reported_at)"
        " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING"
    )
    COUNT_REPORT: ClassVar[str] = (
        "UPDATE forum_comments SET reports = reports + 1, last_reported_at = %s WHERE id = %s"
    )

    @handles(Endorsement.Given)
    def given(self, e: Any, out: Statements) -> None:
        _, account = parse_ref(e.by)
        out.add(self.KEEP, (e.originator_id, e.subject_id, e.council_id, e.subject_kind, e.year_be))
        out.add(
            self.ENDORSE,
            (e.subject_id, e.council_id, e.subject_kind, e.year_be, account, e.timestamp),
        )

    @handles(Endorsement.Renewed)
    def renewed(self, e: Any, out: Statements) -> None:
        _, account = parse_ref(e.by)
        out.add(self.RENEW, (account, e.timestamp, e.originator_id))

    @handles(Endorsement.Withdrawn)
    def withdrawn(self, e: Any, out: Statements) -> None:
        out.add(self.WITHDRAW, (e.originator_id,))

    @handles(Comment.Posted)
    def posted(self, e: Any, out: Statements) -> None:
        _, account = parse_ref(e.by)
        out.add(
            self.POST,
            (
                e.originator_id,
                out.notification_id,
                e.subject_id,
                e.subject_kind,
                e.year_be,
                e.province_code,
                e.council_id,
                account,
                e.body_th,
                e.timestamp,
            ),
        )

    def _moderated(self, e: Any, kind: str, out: Statements) -> None:
        role, _ = parse_ref(e.by)
        hidden = kind == "hidden"
        out.add(self.HIDE, (hidden, e.reason_th if hidden else None, e.timestamp, e.originator_id))
        out.add(
            self.MODERATED,
            (e.originator_id, out.notification_id, kind, e.reason_th, role, e.timestamp),
        )

    def _tell(self, e: Any, kind: str, out: Statements) -> None:
        what, subject = TOLD[kind]
        if kind == "hidden":
            body = f"เหตุผล: {e.reason_th} ผู้อื่นเห็นเพียงว่าความเห็นถูกซ่อนโดยผู้ดูแล"
        else:
            body = f"เหตุผล: {e.reason_th} ทุกคนเห็นความเห็นนี้อีกครั้ง"
        key = f"event:{out.notification_id}"
        out.add(_TELL, (key, what, subject, body, e.originator_id, list(CHANNELS)))

    @handles(Comment.Hidden)
    def hidden(self, e: Any, out: Statements) -> None:
        self._moderated(e, "hidden", out)
        self._tell(e, "hidden", out)

    @handles(Comment.Unhidden)
    def unhidden(self, e: Any, out: Statements) -> None:
        self._moderated(e, "unhidden", out)
        self._tell(e, "unhidden", out)

    @handles(Comment.Reported)
    def reported(self, e: Any, out: Statements) -> None:
        out.add(self.REPORT, (e.originator_id, e.council_id, e.reason_th, e.timestamp))
        out.add(self.COUNT_REPORT, (e.timestamp, e.originator_id))

    # --- a merged issue's forum goes with it (consolidation's facts, projected here) ---

    # The survivor is open when it absorbs (consolidation's rule), so it is no one's merged
    # issue: what was merged into the merged issue moves on to the survivor, keeping it flat.
    FOLLOW: ClassVar[str] = "UPDATE forum_merges SET survivor_id = %s WHERE survivor_id = %s"
    MERGE: ClassVar[str] = (
        "INSERT INTO forum_merges (merged_id, survivor_id) VALUES (%s, %s)"
        " ON CONFLICT (merged_id) DO UPDATE SET survivor_id = EXCLUDED.survivor_id"
    )

    @handles(ProvincialIssue.MergedInto)
    def merged(self, e: Any, out: Statements) -> None:
        out.add(self.FOLLOW, (e.into_issue_id, e.originator_id))
        out.add(self.MERGE, (e.originator_id, e.into_issue_id))

"""What may be asked of the forum (เวทีออนไลน์) before the meetings: a council comments on a
subject (a provincial issue or a national recommendation), endorses it or withdraws its
endorsement, reports a comment; a moderator hides a comment or shows it again, with a reason."""

from __future__ import annotations

from typing import Annotated, ClassVar
from uuid import UUID, uuid4

import msgspec

from assembly.commands import Command

BODY_MAX = 2_000
REASON_MAX = 500
Body = Annotated[str, msgspec.Meta(min_length=1, max_length=BODY_MAX)]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=REASON_MAX)]

LABELS = {
    "subject_id": "หัวข้อ",
    "comment_id": "ความเห็น",
    "body_th": "ความเห็น",
    "reason_th": "เหตุผล",
}


class ForumCommand(Command):
    labels: ClassVar[dict[str, str]] = LABELS
    multiline: ClassVar[frozenset[str]] = frozenset({"body_th", "reason_th"})


class PostComment(ForumCommand, kw_only=True):
    """A council's comment on a subject: its public statement, like a proposal's text."""

    subject_id: UUID
    body_th: Body
    comment_id: UUID = msgspec.field(default_factory=uuid4)
    retry_safe: ClassVar[bool] = True  # a new aggregate: a retry finds its id taken


class Endorse(ForumCommand, kw_only=True):
    """The council backs the subject (once per council; again changes nothing)."""

    subject_id: UUID


class Unendorse(ForumCommand, kw_only=True):
    """The council withdraws its endorsement while the forum is open (none: nothing changes)."""

    subject_id: UUID


class ReportComment(ForumCommand, kw_only=True):
    """A council tells the moderators a comment is abusive (once per council and comment)."""

    comment_id: UUID
    reason_th: Annotated[str, msgspec.Meta(max_length=REASON_MAX)] = ""


class HideComment(ForumCommand, kw_only=True):
    """A moderator hides a comment; the reason is required and shown to its author."""

    comment_id: UUID
    reason_th: Reason


class UnhideComment(ForumCommand, kw_only=True):
    """A moderator shows a hidden comment again, with a reason."""

    comment_id: UUID
    reason_th: Reason

"""The forum before the meetings (เวทีออนไลน์): councils comment on and endorse provincial
issues and national recommendations; moderators hide and show comments with a reason;
councils report abuse (`forum` in every room).

`commands` (what may be asked), `subjects` (what is talked about and who may speak),
`comment` and `endorsement` (the aggregates), `handlers`.
"""

from __future__ import annotations

from assembly.forum.commands import (
    BODY_MAX,
    LABELS,
    Endorse,
    HideComment,
    PostComment,
    ReportComment,
    Unendorse,
    UnhideComment,
)
from assembly.forum.comment import Comment
from assembly.forum.endorsement import Endorsement, endorsement_id
from assembly.forum.handlers import HANDLERS
from assembly.forum.subjects import Subject, SubjectKind

__all__ = [
    "BODY_MAX",
    "HANDLERS",
    "LABELS",
    "Comment",
    "Endorse",
    "Endorsement",
    "HideComment",
    "PostComment",
    "ReportComment",
    "Subject",
    "SubjectKind",
    "Unendorse",
    "UnhideComment",
    "endorsement_id",
]

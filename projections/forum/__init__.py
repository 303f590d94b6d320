"""The forum's read side: its projector, the counts (the meetings' agendas order by
`endorsement_counts`), and the queries of its pages and API."""

from __future__ import annotations

from projections.forum.counts import comment_counts, endorsement_counts
from projections.forum.projector import ForumProjector
from projections.forum.queries import (
    CommentPage,
    CommentView,
    SubjectView,
    absorbed,
    comment,
    comments,
    council_province,
    endorsed_by,
    moderation_list,
    province_subjects,
    recommendation_subjects,
    subject,
)

__all__ = [
    "CommentPage",
    "CommentView",
    "ForumProjector",
    "SubjectView",
    "absorbed",
    "comment",
    "comment_counts",
    "comments",
    "council_province",
    "endorsed_by",
    "endorsement_counts",
    "moderation_list",
    "province_subjects",
    "recommendation_subjects",
    "subject",
]

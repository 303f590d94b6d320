"""The forum's read side: its projector, the counts (the meetings' agendas order by
`endorsement_counts`), and the queries of its pages and API."""

from __future__ import annotations

from projections.forum.counts import comment_counts, endorsement_counts
from projections.forum.projector import ForumProjector

__all__ = ["ForumProjector", "comment_counts", "endorsement_counts"]

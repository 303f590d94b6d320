"""Closing the loop: the Cabinet's resolution on a submission, the agencies assigned to each
recommendation, and their answers back (`responses` in every room).

`commands` (what may be asked), `resolution` and `followup` (the aggregates), `handlers`.
"""

from __future__ import annotations

from assembly.responses.commands import (
    LABELS,
    OPINION_MAX,
    Assignment,
    DraftAnswer,
    MarkOverdue,
    RecordResolution,
    SendAnswer,
)
from assembly.responses.followup import FollowUp, followup_id
from assembly.responses.handlers import HANDLERS
from assembly.responses.resolution import DAYS_TO_ANSWER, Resolution, resolution_id

__all__ = [
    "DAYS_TO_ANSWER",
    "HANDLERS",
    "LABELS",
    "OPINION_MAX",
    "Assignment",
    "DraftAnswer",
    "FollowUp",
    "MarkOverdue",
    "RecordResolution",
    "Resolution",
    "SendAnswer",
    "followup_id",
    "resolution_id",
]

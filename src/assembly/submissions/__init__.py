"""Cabinet-ready submissions (หนังสือเสนอคณะรัฐมนตรี) and a province's letter to its governor:
composed from national recommendations (or a province's issues), versioned by every edit,
finalized once with a number and a date, corrected only by a new submission.

`commands` (what may be asked), `submission` (the aggregates and their rules), `handlers`.
"""

from __future__ import annotations

from assembly.submissions.commands import (
    LABELS,
    LETTER_FIELDS,
    ComposeSubmission,
    FinalizeSubmission,
    LeaveChange,
    LetterFields,
    LetterText,
    ReviseLetter,
    SetItems,
    SubmissionCommand,
    TakeChange,
)
from assembly.submissions.handlers import HANDLERS as _SUBMISSIONS
from assembly.submissions.letterhead import HANDLERS as _LETTERHEAD
from assembly.submissions.letterhead import Letterhead, SetEmblem
from assembly.submissions.submission import DocumentNumber, Submission, number_key

HANDLERS = {**_SUBMISSIONS, **_LETTERHEAD}

__all__ = [
    "HANDLERS",
    "LABELS",
    "LETTER_FIELDS",
    "ComposeSubmission",
    "DocumentNumber",
    "FinalizeSubmission",
    "LeaveChange",
    "LetterFields",
    "LetterText",
    "Letterhead",
    "ReviseLetter",
    "SetEmblem",
    "SetItems",
    "Submission",
    "SubmissionCommand",
    "TakeChange",
    "number_key",
]

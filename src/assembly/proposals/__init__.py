"""Council proposals: drafted, submitted inside the edition's window, returned for revision
by the province's coordinator, withdrawn, and (later) consolidated into provincial issues.

Lifecycle: draft -> submitted -> (returned -> submitted)* -> consolidated, or withdrawn.
A draft may be incomplete (it saves itself as the council types); submitting needs every
required field. Each revision names the version it was made from, so two tabs editing the
same draft never overwrite each other silently.

`commands` (what may be asked), `proposal` (the aggregate and its rules), `handlers`. Until
issue 9 all of it was one module of this name; the aggregate keeps the topic it had there.
"""

from __future__ import annotations

from assembly.proposals.commands import (
    LABELS,
    MAX_TEXT,
    AttachFile,
    CategoryCode,
    Content,
    Count,
    DeleteDraft,
    DraftBody,
    DraftProposal,
    Level,
    RemoveAttachment,
    ReturnProposal,
    ReviseBody,
    ReviseProposal,
    SubmitProposal,
    TambonCode,
    Text,
    Title,
    WithdrawProposal,
)
from assembly.proposals.handlers import HANDLERS
from assembly.proposals.proposal import (
    REQUIRED,
    Proposal,
    Status,
    check_editor,
    missing_fields,
)

__all__ = [
    "HANDLERS",
    "LABELS",
    "MAX_TEXT",
    "REQUIRED",
    "AttachFile",
    "CategoryCode",
    "Content",
    "Count",
    "DeleteDraft",
    "DraftBody",
    "DraftProposal",
    "Level",
    "Proposal",
    "RemoveAttachment",
    "ReturnProposal",
    "ReviseBody",
    "ReviseProposal",
    "Status",
    "SubmitProposal",
    "TambonCode",
    "Text",
    "Title",
    "WithdrawProposal",
    "check_editor",
    "missing_fields",
]

"""Consolidation: a province's coordinator groups its submitted proposals into provincial
issues (ประเด็นปัญหาระดับจังหวัด), writes each issue's summary and recommendation, and ranks them.

A proposal is never deleted or rewritten here. Taking it into an issue records
`Proposal.Consolidated` on the proposal and `ProposalAttached` on the issue, in one save, so
a proposal is in at most one issue at a time (two coordinators racing for it: the second
save meets a newer proposal version and decides again). Merging and splitting move
proposals between issues; each move is an event on every aggregate involved, so the
lineage of every proposal can be replayed.

`commands` (what may be asked), `issues` (the ProvincialIssue aggregate and its rules),
`grouping` (its handlers), `board` (the ProvinceBoard: ranking, turned-down suggestions),
`history` (as it stood at a moment). Until issue 9 all of it was one module of this name;
the aggregates keep the topics they had there.
"""

from __future__ import annotations

from assembly.consolidation import board, grouping
from assembly.consolidation.board import ProvinceBoard, board_id
from assembly.consolidation.commands import (
    LABELS,
    MAX_PROPOSALS,
    AttachProposal,
    CreateIssue,
    DetachProposal,
    DissolveIssue,
    IssueCommand,
    IssueText,
    IssueTitle,
    MergeIssues,
    MoveProposal,
    ProposalIds,
    ProvinceCode,
    RankIssues,
    RejectSuggestion,
    RestoreSuggestion,
    ReviseIssue,
    SplitIssue,
    Year,
)
from assembly.consolidation.history import as_of
from assembly.consolidation.issues import IssueStatus, ProvincialIssue
from assembly.editions import live_edition

HANDLERS = {**grouping.HANDLERS, **board.HANDLERS}

__all__ = [
    "HANDLERS",
    "LABELS",
    "MAX_PROPOSALS",
    "AttachProposal",
    "CreateIssue",
    "DetachProposal",
    "DissolveIssue",
    "IssueCommand",
    "IssueStatus",
    "IssueText",
    "IssueTitle",
    "MergeIssues",
    "MoveProposal",
    "ProposalIds",
    "ProvinceBoard",
    "ProvinceCode",
    "ProvincialIssue",
    "RankIssues",
    "RejectSuggestion",
    "RestoreSuggestion",
    "ReviseIssue",
    "SplitIssue",
    "Year",
    "as_of",
    "board_id",
    "live_edition",
]

"""Every projector, in the order a batch applies them, and the names derived from them."""

from __future__ import annotations

import zlib

from projections.accounts import AccountsProjector
from projections.agencies import AgenciesProjector
from projections.audit import AuditProjector
from projections.consolidation import ConsolidationProjector
from projections.councils import CouncilsProjector
from projections.editions import EditionsProjector
from projections.forum import ForumProjector
from projections.invitations import InvitationsProjector
from projections.meetings.national_projector import NationalMeetingProjector
from projections.meetings.provincial import ProvincialMeetingsProjector
from projections.projector import Projector
from projections.proposals_projector import ProposalsProjector
from projections.public import PublicProjector
from projections.recommendations import RecommendationsProjector
from projections.responses import ResponsesProjector
from projections.submissions import SubmissionsProjector

# What signing in reads, projected ahead of the rest on a start with a backlog.
FIRST = frozenset({"accounts"})


def all_projectors() -> list[Projector]:
    return [
        AccountsProjector(),
        EditionsProjector(),
        CouncilsProjector(),
        InvitationsProjector(),
        ProposalsProjector(),
        ConsolidationProjector(),
        RecommendationsProjector(),
        SubmissionsProjector(),
        AgenciesProjector(),
        ResponsesProjector(),
        ProvincialMeetingsProjector(),
        NationalMeetingProjector(),
        ForumProjector(),
        AuditProjector(),
        PublicProjector(),  # bumps the public pages' revision in the same transaction
    ]


def projected_channel(schema: str) -> str:
    """The NOTIFY channel on which a runner says how far it has projected (per schema)."""
    return f"projected_{zlib.crc32(schema.encode()):08x}"


def tracking_table(projector: Projector) -> str:
    return f"{projector.name}_tracking"

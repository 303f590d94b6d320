"""Who may issue which command: one table, enforced inside `Assembly.handle`.

The table says which roles may issue a command at all. Scope (a coordinator's province, a
council's own things) is checked by the aggregates with `actors.check_scope`, since only
they know whose thing it is; it is re-exported here for the web.
"""

from __future__ import annotations

from assembly.accounts import ChangeRole, DisableAccount, EnableAccount, ErasePerson, OpenAccount
from assembly.actors import Actor, Role, check_scope
from assembly.agencies import RegisterAgency
from assembly.calendar import CloseProposalWindow, SetTimeline
from assembly.commands import Command
from assembly.consolidation import (
    AttachProposal,
    CreateIssue,
    DetachProposal,
    DissolveIssue,
    MergeIssues,
    MoveProposal,
    RankIssues,
    RejectSuggestion,
    RestoreSuggestion,
    ReviseIssue,
    SplitIssue,
)
from assembly.councils import ImportCouncils, RegisterCouncil
from assembly.editions import FinalizeEdition, OpenEdition, SetCategories
from assembly.errors import Forbidden, Unauthenticated
from assembly.forum import (
    Endorse,
    HideComment,
    PostComment,
    ReportComment,
    Unendorse,
    UnhideComment,
)
from assembly.invitations import ClaimInvitation, IssueInvitation, RevokeInvitation
from assembly.meetings import (
    CastVote,
    CheckIn,
    CloseBallot,
    CloseMeeting,
    CloseVote,
    ElectDelegate,
    OpenBallot,
    OpenVote,
    PassResolution,
    RecordAttendance,
    RegisterDelegate,
    ReissueBadge,
    ResolveRecommendation,
    ScheduleMeeting,
    SetAgenda,
    SetDelegateQuota,
    SetMeetingDays,
    SetSession,
    SetSessionAgenda,
    SubmitRanking,
    WithdrawDelegate,
)
from assembly.proposals import (
    AttachFile,
    DeleteDraft,
    DraftProposal,
    RemoveAttachment,
    ReturnProposal,
    ReviseProposal,
    SubmitProposal,
    WithdrawProposal,
)
from assembly.recommendations import (
    AddIssue,
    ClassifyRecommendation,
    CreateRecommendation,
    RemoveIssue,
    ReviseRecommendation,
)
from assembly.responses import DraftAnswer, MarkOverdue, RecordResolution, SendAnswer
from assembly.submissions import (
    ComposeSubmission,
    FinalizeSubmission,
    LeaveChange,
    ReviseLetter,
    SetEmblem,
    SetItems,
    TakeChange,
)

EVERYONE = frozenset(Role)  # anonymous included: claiming an invitation needs no account yet
ADMINS = frozenset({Role.ADMIN, Role.SYSTEM})
ORGANIZERS = frozenset({Role.ORGANIZER, Role.ADMIN, Role.SYSTEM})
ONBOARDERS = ORGANIZERS | {Role.COORDINATOR}  # coordinators onboard their own province
# A council writes its own proposals; a coordinator enters paper ones for the province.
AUTHORS = frozenset({Role.COUNCIL, Role.COORDINATOR, Role.SYSTEM})
# A province's coordinator consolidates it (organizers may step in anywhere).
CONSOLIDATORS = frozenset({Role.COORDINATOR, Role.ORGANIZER, Role.SYSTEM})
SECRETARIAT = frozenset({Role.SECRETARIAT, Role.SYSTEM})
# The secretariat writes to the Cabinet; a coordinator writes the province's own letter to
# its governor (the aggregate tells the two apart).
LETTER_WRITERS = SECRETARIAT | {Role.COORDINATOR}
# A province's coordinator runs its provincial meeting (organizers may step in); a council's
# representative marks its own council present and ranks for it (the aggregate keeps it to
# its own council); the coordinator also enters both from paper.
MEETING_RUNNERS = CONSOLIDATORS
MEETING_VOTERS = MEETING_RUNNERS | {Role.COUNCIL}
# An agency's liaison answers for the agency; the secretariat enters what came on paper.
ANSWERERS = SECRETARIAT | {Role.AGENCY}
# A delegate votes by account, whatever the role the account holds (an elected delegate may
# be a council's representative or a coordinator); the ballot checks the check-in.
VOTERS = frozenset(Role) - {Role.ANONYMOUS}
# The forum is councils' speech; a province's coordinator and the organizers moderate it.
SPEAKERS = frozenset({Role.COUNCIL})
MODERATORS = frozenset({Role.COORDINATOR, Role.ORGANIZER, Role.ADMIN, Role.SYSTEM})

POLICY: dict[type[Command], frozenset[Role]] = {
    OpenAccount: ADMINS,
    ChangeRole: ADMINS,
    DisableAccount: ADMINS,
    EnableAccount: ADMINS,
    ErasePerson: ADMINS,
    IssueInvitation: ONBOARDERS,
    RevokeInvitation: ONBOARDERS,
    ClaimInvitation: EVERYONE,
    DraftProposal: AUTHORS,
    AttachFile: AUTHORS,
    RemoveAttachment: AUTHORS,
    ReviseProposal: AUTHORS,
    SubmitProposal: AUTHORS,
    WithdrawProposal: AUTHORS,
    DeleteDraft: AUTHORS,  # as withdrawing: the aggregate keeps it to drafts never submitted
    ReturnProposal: frozenset({Role.COORDINATOR, Role.SYSTEM}),
    CreateIssue: CONSOLIDATORS,
    ReviseIssue: CONSOLIDATORS,
    AttachProposal: CONSOLIDATORS,
    DetachProposal: CONSOLIDATORS,
    MoveProposal: CONSOLIDATORS,
    MergeIssues: CONSOLIDATORS,
    SplitIssue: CONSOLIDATORS,
    DissolveIssue: CONSOLIDATORS,
    RankIssues: CONSOLIDATORS,
    RejectSuggestion: CONSOLIDATORS,
    RestoreSuggestion: CONSOLIDATORS,  # undoes RejectSuggestion: the same roles
    CreateRecommendation: SECRETARIAT,
    ReviseRecommendation: SECRETARIAT,
    AddIssue: SECRETARIAT,
    RemoveIssue: SECRETARIAT,
    ClassifyRecommendation: SECRETARIAT,  # a paper record's theme
    ComposeSubmission: LETTER_WRITERS,
    ReviseLetter: LETTER_WRITERS,
    SetItems: LETTER_WRITERS,
    TakeChange: LETTER_WRITERS,
    LeaveChange: LETTER_WRITERS,
    FinalizeSubmission: LETTER_WRITERS,
    SetEmblem: SECRETARIAT | ADMINS,
    RegisterAgency: SECRETARIAT | ADMINS,
    RecordResolution: SECRETARIAT,
    DraftAnswer: ANSWERERS,
    SendAnswer: ANSWERERS,
    MarkOverdue: frozenset({Role.SYSTEM}),  # the scheduler, at the deadline
    PostComment: SPEAKERS,
    Endorse: SPEAKERS,
    Unendorse: SPEAKERS,
    ReportComment: SPEAKERS,
    HideComment: MODERATORS,
    UnhideComment: MODERATORS,
    FinalizeEdition: SECRETARIAT | ORGANIZERS,
    OpenEdition: ORGANIZERS,
    SetTimeline: ORGANIZERS,
    # The scheduler closes the window at its time; an organizer may too, never before it.
    CloseProposalWindow: ORGANIZERS,
    SetCategories: ORGANIZERS,
    RegisterCouncil: ORGANIZERS,
    ImportCouncils: ORGANIZERS,
    # provincial meetings (issue 14)
    ScheduleMeeting: MEETING_RUNNERS,
    SetAgenda: MEETING_RUNNERS,
    RecordAttendance: MEETING_VOTERS,
    OpenVote: MEETING_RUNNERS,
    SubmitRanking: MEETING_VOTERS,
    CloseVote: MEETING_RUNNERS,
    PassResolution: MEETING_RUNNERS,
    ElectDelegate: MEETING_RUNNERS,
    WithdrawDelegate: MEETING_RUNNERS,
    CloseMeeting: MEETING_RUNNERS,
    SetDelegateQuota: ORGANIZERS,
    # --- the national meeting: run by the organizers, voted by the delegates ---
    SetMeetingDays: ORGANIZERS,
    SetSession: ORGANIZERS,
    SetSessionAgenda: ORGANIZERS,
    RegisterDelegate: ORGANIZERS,
    ReissueBadge: ORGANIZERS,
    CheckIn: ORGANIZERS,  # the organizers' staff at the door
    OpenBallot: ORGANIZERS,
    CloseBallot: ORGANIZERS,
    CastVote: VOTERS,
    ResolveRecommendation: ORGANIZERS,
}


def authorize(command: type[Command], actor: Actor) -> None:
    """Refuse unless `actor`'s role may issue this kind of command. The web calls it too,
    before reading an upload or showing a form, so nobody else's bytes get parsed."""
    allowed = POLICY.get(command)
    if allowed is None:  # a command nobody listed is a command nobody may issue
        raise Forbidden("คำสั่งนี้ยังไม่ได้กำหนดสิทธิ์", message_en="command not in policy")
    if actor.role in allowed:
        return
    if not actor.is_authenticated:
        raise Unauthenticated("กรุณาเข้าสู่ระบบก่อน", message_en="sign in first")
    raise Forbidden("บัญชีของคุณไม่มีสิทธิ์ทำรายการนี้", message_en="not allowed for this role")


def may(command: type[Command], actor: Actor) -> bool:
    """For showing or hiding a button; `authorize` is what decides."""
    return actor.role in POLICY.get(command, frozenset())


__all__ = ["POLICY", "authorize", "check_scope", "may"]

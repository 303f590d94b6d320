"""A scene every test of the loop back starts from: edition 2569 with Chiang Mai's
proposals consolidated into two recommendations, a finalized submission to the Cabinet
carrying them, and the Cabinet's resolution giving the first to สศช. (lead) and มท., the
second to มท.; a council account behind them, to be told what arrives."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Actor, Role
from assembly.application import Assembly
from assembly.responses import Assignment, RecordResolution, SendAnswer
from assembly.submissions import ComposeSubmission, FinalizeSubmission
from tests.conftest import (
    CM,
    SECRETARIAT,
    add_user,
    create_recommendation,
    issue,
    proposal,
    services_app,
    setup_world,
    wait_for_projections,
)

NESDC = Actor(Role.AGENCY, account_id=str(uuid.uuid4()), agency="nesdc")
MOI = Actor(Role.AGENCY, account_id=str(uuid.uuid4()), agency="moi")
DATED = date(2026, 11, 20)  # the submission's date; the resolution's too (the clock: 25 Nov)
LETTER: dict[str, Any] = {
    "subject_th": "ข้อเสนอแนะจากสมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี 2569",
    "to_th": "เลขาธิการคณะรัฐมนตรี",
    "signatory_position": "ผู้อำนวยการสถาบันพัฒนาองค์กรชุมชน",
    "owner_unit": "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)",
}


@dataclass
class Scene:
    app: Assembly
    recs: list[uuid.UUID]
    proposals: list[uuid.UUID]
    submission_id: uuid.UUID
    council_account: str


def finalized_submission(
    app: Assembly, recs: list[uuid.UUID], number: str = "พม 0201/7"
) -> uuid.UUID:
    compose = ComposeSubmission(year_be=2569, recommendation_ids=recs, **LETTER)
    app.handle(compose, SECRETARIAT)
    signatory = uuid.uuid4()  # the name lives in the signatories table; none is needed here
    from assembly.submissions import ReviseLetter

    app.handle(
        ReviseLetter(submission_id=compose.submission_id, version=1, signatory_id=signatory),
        SECRETARIAT,
    )
    app.handle(
        FinalizeSubmission(
            submission_id=compose.submission_id,
            version=2,
            document_number=number,
            dated=DATED,
            document_sha256="0" * 64,
        ),
        SECRETARIAT,
    )
    return compose.submission_id


def resolve(app: Assembly, submission_id: uuid.UUID, recs: list[uuid.UUID]) -> None:
    app.handle(
        RecordResolution(
            submission_id=submission_id,
            resolved_on=DATED,
            decision_th="รับทราบรายงาน และมอบหมายหน่วยงานที่เกี่ยวข้องพิจารณา",
            assignments=[
                Assignment(recommendation_id=recs[0], lead_agency="สศช.", agencies=["มท."]),
                Assignment(recommendation_id=recs[1], lead_agency="มท."),
            ],
        ),
        SECRETARIAT,
    )


def resolved_scene(client: TestClient[Any], *, resolution: bool = True) -> Scene:
    app = setup_world(services_app(client))
    council_account = add_user(app, "council-cm", Role.COUNCIL, council_id=CM[0])
    proposals = [proposal(app, CM[0]), proposal(app, CM[1], title_th="บ้านมั่นคงในเมือง")]
    recs = [
        create_recommendation(app, [issue(app, proposals[0])], title_th="เร่งออกโฉนดชุมชน"),
        create_recommendation(
            app, [issue(app, proposals[1], title="ที่อยู่อาศัย")], title_th="บ้านมั่นคงในเมือง"
        ),
    ]
    rec_ids = [r.recommendation_id for r in recs]
    submission_id = finalized_submission(app, rec_ids)
    if resolution:
        resolve(app, submission_id, rec_ids)
    wait_for_projections(app)
    return Scene(app, rec_ids, proposals, submission_id, council_account)


def answer(app: Assembly, rec: uuid.UUID, actor: Actor, text: str, **kw: Any) -> None:
    agency = actor.agency or kw.pop("agency")
    app.handle(SendAnswer(recommendation_id=rec, agency=agency, opinion_th=text, **kw), actor)

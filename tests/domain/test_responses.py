"""The loop back, in memory: the Cabinet's resolution on a finalized submission (amended only
with a reason), agencies resolved by name or abbreviation, answers drafted, sent once,
superseded with a reason, numbered in arrival order; paper answers; overdue marks."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from assembly.actors import SYSTEM, Actor, Role
from assembly.agencies import HANDLERS as AGENCY_HANDLERS
from assembly.agencies import RegisterAgency, catalogued, name_key
from assembly.commands import Command, parse
from assembly.errors import Conflict, Forbidden, Invalid, NotFound
from assembly.responses import (
    HANDLERS,
    Assignment,
    DraftAnswer,
    FollowUp,
    MarkOverdue,
    RecordResolution,
    Resolution,
    SendAnswer,
    followup_id,
    resolution_id,
)
from tests.domain import test_submission as sub
from tests.domain.memory import MemoryStore, edition

SECRETARIAT = sub.SECRETARIAT
NESDC = Actor(Role.AGENCY, account_id="a9000000-0000-4000-8000-000000000001", agency="สศช.")
MOI = Actor(Role.AGENCY, account_id="a9000000-0000-4000-8000-000000000002", agency="moi")


def run(store: MemoryStore, command: Command, actor: Actor = SECRETARIAT) -> None:
    handler = {**HANDLERS, **AGENCY_HANDLERS}[type(command)]
    store.save(*handler(store, command, actor))


def resolved(*, past: bool = False) -> tuple[MemoryStore, list[uuid.UUID], uuid.UUID]:
    """A finalized submission of three recommendations and its resolution: the first two
    given to สศช. (lead) and มท., due 30 days after notification."""
    store, recs = sub.world()
    if not past:  # the world is 2565 from paper; a live 2569 edition otherwise
        store = MemoryStore()
        live = edition(2569)
        live.from_paper = True  # recommendations without issues, kept short here …
        store.save(live)
        recs = []
        for n in range(3):
            cmd = sub.CreateRecommendation(year_be=2569, title_th=f"ข้อ {n}", text_th="…")
            store.save(*sub.REC_HANDLERS[type(cmd)](store, cmd, SYSTEM))
            recs.append(cmd.recommendation_id)
        live.from_paper = False  # … then it is the live edition it stands for
    year = 2565 if past else 2569
    s = _compose(store, recs, year)
    dated = date(2022, 11, 8) if past else date(2026, 11, 20)
    sub.run(
        store,
        sub.FinalizeSubmission(
            submission_id=s.id,
            version=s.version,
            document_number="พม 0201/9",
            dated=dated,
            document_sha256=sub.SHA,
        ),
    )
    run(
        store,
        RecordResolution(
            submission_id=s.id,
            resolved_on=dated,
            decision_th="รับทราบและมอบหมาย",
            notified_on=dated,
            assignments=[
                Assignment(recommendation_id=recs[0], lead_agency="สศช", agencies=["มท."]),
                Assignment(recommendation_id=recs[1], lead_agency="กระทรวงมหาดไทย"),
            ],
        ),
    )
    return store, recs, s.id


def _compose(store: MemoryStore, recs: list[uuid.UUID], year: int) -> sub.Submission:
    cmd = sub.ComposeSubmission(
        year_be=year, subject_th="ข้อเสนอแนะ", recommendation_ids=recs, **sub.LETTER
    )
    sub.run(store, cmd)
    found = store.load(cmd.submission_id, sub.Submission)
    assert found is not None
    return found


def followup(store: MemoryStore, rec: uuid.UUID) -> FollowUp:
    found = store.load(followup_id(rec), FollowUp)
    assert found is not None
    return found


def test_agencies_resolve_by_code_name_or_abbreviation_with_or_without_dots() -> None:
    for text in ("nesdc", "สศช.", "สศช", " สศช. ", "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ"):
        assert catalogued(text) is not None and catalogued(text).code == "nesdc"  # type: ignore[union-attr]
    assert catalogued("ก.พ.ร.").code == "opdc"  # type: ignore[union-attr]
    assert catalogued("สำนักงาน ก.พ.").code == "ocsc"  # type: ignore[union-attr]
    assert name_key("ก.พ.ร.") != name_key("ก.พ.")
    assert catalogued("สศช.").representative_th == "ผู้แทน สศช."  # type: ignore[union-attr]
    assert catalogued("opdc").representative_th == "ผู้แทนสำนักงาน ก.พ.ร."  # type: ignore[union-attr]
    assert catalogued("หน่วยงานที่ไม่มีอยู่จริง") is None


def test_a_registered_agency_resolves_and_its_names_are_its_own() -> None:
    store, recs, s = resolved()
    run(store, RegisterAgency(code="dgr", name_th="กรมทดลองระบบ", abbreviations=["ทร."]))
    with pytest.raises(Conflict):  # a name the catalogue holds
        run(store, RegisterAgency(code="x2", name_th="กรมใหม่", abbreviations=["สศช."]))
    with pytest.raises(Conflict):  # a name another registered agency holds
        run(store, RegisterAgency(code="x3", name_th="กรมอื่น", abbreviations=["ทร"]))
    run(
        store,
        RecordResolution(
            submission_id=s,
            resolved_on=date(2026, 11, 20),
            decision_th="รับทราบ",
            assignments=[Assignment(recommendation_id=recs[2], lead_agency="ทร.")],
            reason_th="เพิ่มหน่วยงาน",
        ),
    )
    assert set(followup(store, recs[2]).assignments) == {"dgr"}


def test_resolution_assigns_lead_and_concerned_with_30_days_by_default() -> None:
    store, recs, _s = resolved()
    f = followup(store, recs[0])
    assert f.assignments == {
        "nesdc": {"lead": True, "due_on": "2026-12-20"},
        "moi": {"lead": False, "due_on": "2026-12-20"},
    }
    assert store.load(followup_id(recs[2]), FollowUp) is None  # not assigned: no follow-up


def test_second_resolution_is_an_amendment_with_a_reason_never_an_overwrite() -> None:
    store, recs, s = resolved()
    again = dict(submission_id=s, resolved_on=date(2026, 11, 20), decision_th="เห็นชอบ")
    with pytest.raises(Invalid) as refused:
        run(store, RecordResolution(**again))
    assert refused.value.field == "reason_th"
    run(
        store,
        RecordResolution(
            **again,
            assignments=[
                Assignment(recommendation_id=recs[0], lead_agency="สศช.", due_on=date(2027, 1, 5))
            ],
            reason_th="ครม. แก้ไขมติ",
        ),
    )
    resolution = store.load(resolution_id(s), Resolution)
    assert resolution is not None and resolution.decision_th == "เห็นชอบ"
    assert [type(e).__name__ for e in store.history(resolution.id)] == ["Recorded", "Amended"]
    assert followup(store, recs[0]).assignments == {"nesdc": {"lead": True, "due_on": "2027-01-05"}}
    assert followup(store, recs[1]).assignments == {}  # withdrawn by the amendment


def test_resolution_refusals() -> None:
    store, recs = sub.world()
    s = _compose(store, recs, 2565)
    base = dict(submission_id=s.id, resolved_on=date(2022, 12, 1), decision_th="รับทราบ")
    with pytest.raises(Conflict) as refused:  # not finalized
        run(store, RecordResolution(**base))
    assert refused.value.code == "not_final"
    with pytest.raises(Invalid) as bad:  # a deadline before the resolution's date
        parse(
            RecordResolution,
            {
                **base,
                "submission_id": str(s.id),
                "resolved_on": "2022-12-01",
                "assignments": [
                    {
                        "recommendation_id": str(recs[0]),
                        "lead_agency": "มท.",
                        "due_on": "2022-11-30",
                    }
                ],
            },
        )
    assert bad.value.field == "due_on"
    with pytest.raises(NotFound):
        run(store, RecordResolution(**{**base, "submission_id": uuid.uuid4()}))
    store2, recs2, s2 = resolved()
    with pytest.raises(Invalid) as unknown:
        run(
            store2,
            RecordResolution(
                submission_id=s2,
                resolved_on=date(2026, 11, 20),
                decision_th="x",
                assignments=[Assignment(recommendation_id=recs2[0], lead_agency="กรมที่ไม่มี")],
                reason_th="r",
            ),
        )
    assert unknown.value.code == "unknown_agency"
    with pytest.raises(Invalid):  # in the future
        run(
            store2,
            RecordResolution(
                submission_id=s2, resolved_on=date(2027, 1, 1), decision_th="x", reason_th="r"
            ),
        )


def test_answers_numbered_in_arrival_order_sent_once_superseded_with_a_reason() -> None:
    store, recs, _ = resolved()
    run(store, DraftAnswer(recommendation_id=recs[0], agency="moi", opinion_th="ร่าง"), MOI)
    run(store, SendAnswer(recommendation_id=recs[0], agency="มท.", opinion_th="เห็นว่า ก"), MOI)
    run(store, SendAnswer(recommendation_id=recs[0], agency="สศช.", opinion_th="เห็นว่า ข"), NESDC)
    run(store, SendAnswer(recommendation_id=recs[0], agency="มท.", opinion_th="เห็นว่า ก"), MOI)
    f = followup(store, recs[0])
    assert f.numbers == {"moi": 1, "nesdc": 2}
    kinds = [type(e).__name__ for e in store.history(f.id)]
    assert kinds.count("AnswerSent") == 2  # the same answer twice is one answer
    with pytest.raises(Invalid) as refused:
        run(store, SendAnswer(recommendation_id=recs[0], agency="มท.", opinion_th="ใหม่"), MOI)
    assert refused.value.code == "reason_required"
    run(
        store,
        SendAnswer(recommendation_id=recs[0], agency="มท.", opinion_th="ใหม่", reason_th="แก้"),
        MOI,
    )
    f = followup(store, recs[0])
    assert f.sent["moi"] == "ใหม่" and f.numbers["moi"] == 1


def test_answer_refusals() -> None:
    store, recs, _ = resolved()
    with pytest.raises(Forbidden):  # a liaison reaching another agency's assignment
        run(store, SendAnswer(recommendation_id=recs[0], agency="มท.", opinion_th="x"), NESDC)
    with pytest.raises(Conflict) as not_assigned:  # สศช. is not on the second one
        run(store, SendAnswer(recommendation_id=recs[1], agency="สศช.", opinion_th="x"), NESDC)
    assert not_assigned.value.code == "not_assigned"
    with pytest.raises(Conflict) as not_assigned:  # not even on paper, in a live edition
        run(
            store,
            SendAnswer(recommendation_id=recs[1], agency="สศช.", opinion_th="x"),
            SECRETARIAT,
        )
    with pytest.raises(Conflict) as unresolved:  # no resolution on the third
        run(store, SendAnswer(recommendation_id=recs[2], agency="มท.", opinion_th="x"), MOI)
    assert unresolved.value.code == "not_resolved"
    with pytest.raises(NotFound):
        run(store, SendAnswer(recommendation_id=uuid.uuid4(), agency="มท.", opinion_th="x"), MOI)
    with pytest.raises(Invalid) as unknown:
        run(store, SendAnswer(recommendation_id=recs[0], agency="ไม่มีจริง", opinion_th="x"), MOI)
    assert unknown.value.field == "agency"
    with pytest.raises(Invalid) as long:
        parse(
            SendAnswer,
            {"recommendation_id": str(recs[0]), "agency": "มท.", "opinion_th": "ก" * 50_000},
        )
    assert "20,000" in long.value.message_th
    assert followup(store, recs[0]).sent == {}  # nothing changed


def test_paper_answers_of_a_past_edition_assign_their_agency_and_are_marked() -> None:
    store, recs, _ = resolved(past=True)
    run(
        store,
        SendAnswer(
            recommendation_id=recs[0],
            agency="สำนักงาน ก.พ.ร.",
            opinion_th="เห็นด้วยในหลักการ",
            received_on=date(2022, 12, 20),
        ),
    )
    f = followup(store, recs[0])
    assert f.sent == {"opdc": "เห็นด้วยในหลักการ"} and "opdc" in f.assignments
    sent = [e for e in store.history(f.id) if isinstance(e, FollowUp.AnswerSent)]
    assert sent[0].on_paper and sent[0].assigned_with and sent[0].received_on == "2022-12-20"


def test_overdue_is_marked_once_after_the_date_and_never_when_answered() -> None:
    store, recs, _ = resolved()
    run(store, MarkOverdue(recommendation_id=recs[0], agency="moi"), SYSTEM)
    assert followup(store, recs[0]).overdue == {}  # not yet due
    store.now = datetime(2026, 12, 21, 1, 0, tzinfo=UTC)  # the 21st in Bangkok
    run(store, SendAnswer(recommendation_id=recs[0], agency="สศช.", opinion_th="x"), NESDC)
    for _ in range(2):
        run(store, MarkOverdue(recommendation_id=recs[0], agency="moi"), SYSTEM)
        run(store, MarkOverdue(recommendation_id=recs[0], agency="nesdc"), SYSTEM)
    assert followup(store, recs[0]).overdue == {"moi": "2026-12-20"}

"""Submission rules, in memory: compose, edit with versions, take or leave a change, finalize
once with a number of its own, correct by a new submission."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from assembly.actors import SYSTEM, Actor, Role
from assembly.commands import Command
from assembly.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from assembly.recommendations import HANDLERS as REC_HANDLERS
from assembly.recommendations import CreateRecommendation, ReviseRecommendation
from assembly.submissions import (
    HANDLERS,
    ComposeSubmission,
    FinalizeSubmission,
    LeaveChange,
    ReviseLetter,
    SetItems,
    Submission,
    TakeChange,
)
from tests.domain.memory import COORDINATOR, MemoryStore, edition

SECRETARIAT = Actor(Role.SECRETARIAT, account_id="5e000000-0000-4000-8000-000000000001")
SHA = "a" * 64
SIGNER = uuid.uuid4()
LETTER: dict[str, Any] = dict(
    to_th="เลขาธิการคณะรัฐมนตรี",
    signatory_id=SIGNER,
    signatory_position="ผู้อำนวยการ",
    owner_unit="สถาบันพัฒนาองค์กรชุมชน",
)


def run(store: MemoryStore, command: Command, actor: Actor = SECRETARIAT) -> None:
    handler = {**HANDLERS, **REC_HANDLERS}[type(command)]
    store.save(*handler(store, command, actor))


def world() -> tuple[MemoryStore, list[uuid.UUID]]:
    """A past edition (2565, from the paper record) with three recommendations."""
    store = MemoryStore()
    store.save(edition(2565))
    recs = []
    for n in range(3):
        cmd = CreateRecommendation(year_be=2565, title_th=f"ข้อ {n}", text_th=f"ข้อความ {n}")
        run(store, cmd, SYSTEM)
        recs.append(cmd.recommendation_id)
    return store, recs


def compose(store: MemoryStore, recs: list[uuid.UUID], **letter: Any) -> Submission:
    cmd = ComposeSubmission(
        year_be=2565, subject_th="ข้อเสนอแนะ", recommendation_ids=recs, **{**LETTER, **letter}
    )
    run(store, cmd)
    found = store.load(cmd.submission_id, Submission)
    assert found is not None
    return found


def finalize(store: MemoryStore, s: Submission, number: str = "พม 0201/1", **kw: Any) -> None:
    kw.setdefault("dated", date(2022, 11, 8))
    run(
        store,
        FinalizeSubmission(
            submission_id=s.id,
            version=s.version,
            document_number=number,
            document_sha256=SHA,
            **kw,
        ),
    )


def test_compose_keeps_the_order_and_a_snapshot_of_each_item() -> None:
    store, recs = world()
    s = compose(store, [recs[2], recs[0]])
    assert [i["title_th"] for i in s.items] == ["ข้อ 2", "ข้อ 0"]
    assert s.letter["signatory_id"] == str(SIGNER)  # only an id: the name is not in events
    run(store, SetItems(submission_id=s.id, version=s.version, item_ids=[recs[0], recs[1]]))
    assert [i["title_th"] for i in s.items] == ["ข้อ 0", "ข้อ 1"] and s.version == 2


def test_a_letter_edit_from_an_old_version_is_refused() -> None:
    store, recs = world()
    s = compose(store, recs)
    run(store, ReviseLetter(submission_id=s.id, version=1, subject_th="เรื่องใหม่"))
    with pytest.raises(Conflict) as stale:
        run(store, ReviseLetter(submission_id=s.id, version=1, to_th="อื่น"))
    assert stale.value.code == "stale" and s.letter["to_th"] == "เลขาธิการคณะรัฐมนตรี"
    run(store, ReviseLetter(submission_id=s.id, version=2, subject_th="เรื่องใหม่"))
    assert s.version == 2  # the same text again changes nothing


def test_a_changed_recommendation_waits_to_be_taken_or_left() -> None:
    store, recs = world()
    s = compose(store, recs)
    run(
        store,
        ReviseRecommendation(
            recommendation_id=recs[0], version=1, title_th="ข้อ 0", text_th="แก้แล้ว"
        ),
        SYSTEM,
    )
    run(
        store,
        ReviseRecommendation(
            recommendation_id=recs[1], version=1, title_th="ข้อ 1", text_th="แก้แล้ว"
        ),
        SYSTEM,
    )
    with pytest.raises(Conflict) as waiting:
        finalize(store, s)
    assert waiting.value.code == "items_changed"
    run(store, TakeChange(submission_id=s.id, item_id=recs[0]))
    run(store, LeaveChange(submission_id=s.id, item_id=recs[1]))
    assert [i["text_th"] for i in s.items] == ["แก้แล้ว", "ข้อความ 1", "ข้อความ 2"]
    finalize(store, s)
    assert s.final and s.document_number == "พม 0201/1"


def test_finalize_refuses_bad_numbers_dates_and_empty_documents() -> None:
    store, recs = world()
    s = compose(store, recs)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"number": ""}, "no_number"),
        ({"number": " "}, "invalid"),  # blank: refused as the command is read
        ({"dated": date(2023, 1, 2)}, "date_out_of_year"),  # 2566, not the edition's 2565
    ]
    for kw, code in cases:
        with pytest.raises(DomainError) as refused:
            finalize(store, s, **kw)
        assert refused.value.code == code
    empty = compose(store, [])
    with pytest.raises(Conflict) as nothing:
        finalize(store, empty)
    assert nothing.value.code == "empty"
    unsigned = compose(store, recs, signatory_id=None)  # None: not given
    with pytest.raises(Invalid) as incomplete:
        finalize(store, unsigned)
    assert incomplete.value.code == "letter_incomplete"
    assert not s.final


def test_a_number_is_taken_once_a_year_and_a_final_document_never_changes() -> None:
    store, recs = world()
    first, second = compose(store, recs), compose(store, recs)
    finalize(store, first, "พม 0201/7")
    with pytest.raises(Conflict) as taken:
        finalize(store, second, "พม0201 / 7")
    assert taken.value.code == "number_taken"
    for command in (
        ReviseLetter(submission_id=first.id, version=first.version, subject_th="x"),
        SetItems(submission_id=first.id, version=first.version, item_ids=[]),
        FinalizeSubmission(
            submission_id=first.id,
            version=first.version,
            document_number="พม 0201/8",
            dated=date(2022, 11, 9),
            document_sha256=SHA,
        ),
    ):
        with pytest.raises(Conflict) as frozen:
            run(store, command)
        assert frozen.value.code == "finalized"


def test_a_correction_names_the_one_it_corrects_and_copies_it() -> None:
    store, recs = world()
    first = compose(store, recs)
    with pytest.raises(Conflict):  # a draft is corrected in place
        run(store, ComposeSubmission(year_be=2565, corrects=first.id))
    finalize(store, first)
    cmd = ComposeSubmission(year_be=2565, corrects=first.id, subject_th="แก้ไข")
    run(store, cmd)
    fix = store.load(cmd.submission_id, Submission)
    assert fix is not None and fix.corrects == first.id
    assert fix.items == first.items and fix.letter["subject_th"] == "แก้ไข"


def test_items_of_another_edition_and_other_hands_are_refused() -> None:
    store, recs = world()
    store.save(edition(2569))
    with pytest.raises(NotFound):
        run(store, ComposeSubmission(year_be=2569, recommendation_ids=[recs[0]]))
    with pytest.raises(Forbidden):  # a coordinator writes to the governor, not the Cabinet
        run(store, ComposeSubmission(year_be=2565, recommendation_ids=recs), COORDINATOR)
    with pytest.raises(NotFound):  # a province's letter holds its own issues only
        run(
            store,
            ComposeSubmission(year_be=2565, province_code="50", issue_ids=[recs[0]]),
            COORDINATOR,
        )

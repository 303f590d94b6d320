"""Catch-up speed-ups keep the read models exactly as before: newmm cut at spaces gives the
tokens of newmm on the whole text, a batch in one pipeline gives the rows of one event at a
time, and the public revision bumped once a batch is still the newest public event's id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assembly import thaitext
from assembly.actors import SYSTEM
from assembly.application import Assembly
from assembly.proposals.commands import ReviseProposal, SubmitProposal
from assembly.settings import Settings
from projections.runner import ProjectionRunner
from tests.conftest import LAND, SRI_PHUM, draft_proposal, rows, setup_world
from web import demo_proposals
from web.demo import demo_councils

DATA = Path(__file__).parent / "data"


def whole(text: str) -> list[str]:
    """pythainlp's newmm on the whole text, as `thaitext` called it before the memo."""
    return list(thaitext._tokenizer().word_tokenize(text))  # type: ignore[attr-defined]


def corpus() -> list[str]:
    texts = []
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            texts += [v for v in json.loads(line).values() if isinstance(v, str)]
    for commands in demo_proposals.plan(demo_councils(), 600):
        c: Any = commands[0]
        texts += [c.title_th, f"{c.problem_th}\n{c.recommendation_th}"]
    return texts


def test_segmenting_piece_by_piece_gives_the_whole_texts_tokens() -> None:
    texts = corpus()
    assert len(texts) > 1000
    for text in texts:
        for form in (text, thaitext.normalize_for_search(text)):
            assert thaitext._segment(form) == whole(form), form


def test_an_idiom_with_a_space_is_still_found_whole() -> None:
    # The dictionary's spaced words: the memo must not cut them at their space.
    idiom = "กินอย่างหมู อยู่อย่างหมา"
    assert idiom in thaitext._dictionary()
    text = f"ชาวบ้านว่า {idiom} แล้ว"
    assert idiom in thaitext._segment(text)
    assert thaitext._segment(text) == whole(text)


def test_the_memo_never_serves_another_texts_tokens() -> None:
    first = "ถนนลูกรังในตำบลสันทราย เป็นหลุมเป็นบ่อ"
    second = "ถนนลูกรังในตำบลสันทราย ไม่มีไฟฟ้า"
    a, b = thaitext.tokens(first), thaitext.tokens(second)
    assert a[:-1] != b[:-1] or a != b
    assert thaitext.tokens(first) == a and thaitext.tokens(second) == b
    assert "ไฟฟ้า" in b and "ไฟฟ้า" not in a
    # Whitespace kept as newmm gives it (the diff of a revision shows it).
    assert thaitext.segments("ก  ข\nค") == whole("ก  ข\nค")


TABLES = {
    "proposals": "SELECT * FROM proposals ORDER BY id",
    "proposal_history": "SELECT * FROM proposal_history ORDER BY proposal_id, version",
    "audit": "SELECT * FROM audit ORDER BY notification_id",
    "public_revision": "SELECT * FROM public_revision",
    "councils": "SELECT * FROM councils ORDER BY id",
}


def snapshot(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    return {name: rows(settings, sql) for name, sql in TABLES.items()}


def test_a_batch_of_many_revisions_gives_the_rows_of_one_event_at_a_time(
    app: Assembly, settings: Settings
) -> None:
    setup_world(app)
    command = draft_proposal(app, {"council_id": SRI_PHUM, **LAND})
    pid = command.proposal_id
    texts = ["ป่าชุมชน", "ที่ดินทำกิน ในเขตป่าสงวน", "ส.ป.ก. ออกเอกสารสิทธิ"]
    for version in range(1, 31):  # an autosave's revisions, texts coming back again
        fields: dict[str, Any] = {**LAND, "problem_th": f"{texts[version % 3]} ครั้งที่ {version}"}
        app.handle(ReviseProposal(proposal_id=pid, version=version, **fields), SYSTEM)
    app.handle(SubmitProposal(proposal_id=pid), SYSTEM)
    other = draft_proposal(app, {"council_id": SRI_PHUM, **LAND}, submit=True).proposal_id

    one_batch = ProjectionRunner(settings, app, batch_size=1000)
    one_batch.rebuild()
    batched = snapshot(settings)
    one_batch.stop()
    one_by_one = ProjectionRunner(settings, app, batch_size=1)
    one_by_one.rebuild()
    single = snapshot(settings)
    one_by_one.stop()

    assert batched == single
    assert {r[0] for r in batched["proposals"]} == {pid, other}
    assert len(batched["proposal_history"]) == 1 + 30 + 1 + 2
    row = rows(settings, "SELECT problem_th, version, status FROM proposals WHERE id = %s", pid)
    assert row == [(f"{texts[30 % 3]} ครั้งที่ 30", 32, "submitted")]


def test_the_public_revision_is_the_newest_public_events_id(
    app: Assembly, settings: Settings
) -> None:
    setup_world(app)  # an edition and councils: public events, all in one batch
    runner = ProjectionRunner(settings, app, batch_size=1000)
    runner.rebuild()
    runner.stop()
    newest = rows(
        settings,
        "SELECT max(notification_id) FROM assembly_events"
        " WHERE split_part(topic, ':', 1) IN ('assembly.councils', 'assembly.editions')",
    )[0][0]
    assert rows(settings, "SELECT revision FROM public_revision") == [(newest,)]

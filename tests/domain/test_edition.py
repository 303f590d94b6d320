"""Edition rules, in memory."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assembly.actors import SYSTEM
from assembly.editions import Edition, FinalizeEdition, finalize_edition
from assembly.errors import Conflict, Invalid
from tests.domain.memory import NOW, MemoryStore, edition


def test_a_window_already_closed_means_the_paper_record() -> None:
    assert not edition(2569).from_paper
    assert edition(2568).from_paper  # its window closed in January 2026


def test_window_and_submission_rule() -> None:
    e = edition()
    assert e.window_is_open(NOW)
    e.check_window(NOW, on_behalf=False)
    with pytest.raises(Conflict) as refused:
        e.check_window(e.proposal_closes_at, on_behalf=False)
    assert refused.value.code == "window_closed"
    edition(2568).check_window(NOW, on_behalf=True)  # a paper proposal of a past year


def test_categories_must_be_there_and_distinct() -> None:
    e = edition()
    with pytest.raises(Invalid, match="อย่างน้อย 1 หมวด"):
        e.set_categories([], SYSTEM)
    with pytest.raises(Invalid, match="ซ้ำกัน"):
        e.set_categories([["a", "ก"], ["a", "ข"]], SYSTEM)
    e.set_categories([["a", "ก"]], SYSTEM)
    assert e.categories == [["a", "ก"]]
    with pytest.raises(Invalid, match="ไม่มีหมวดหมู่ “land”"):
        e.check_category("land")


def test_window_must_close_after_it_opens() -> None:
    with pytest.raises(Invalid) as refused:
        Edition.open(2569, "x", NOW, NOW - timedelta(days=1), [["a", "ก"]], NOW, SYSTEM)
    assert refused.value.field == "proposal_closes_at"


def test_finalizing_freezes_once_and_twice_is_a_no_op() -> None:
    store = MemoryStore()
    e = edition()
    store.save(e)
    assert finalize_edition(store, FinalizeEdition(year_be=2569), SYSTEM) == [e]
    with pytest.raises(Conflict) as refused:
        e.check_live()
    assert refused.value.code == "finalized"
    store.save(e)
    assert finalize_edition(store, FinalizeEdition(year_be=2569), SYSTEM) == []

"""Council rules, in memory."""

from __future__ import annotations

import uuid

import pytest

from assembly.actors import SYSTEM
from assembly.councils import RegisterCouncil, register_council
from assembly.errors import Conflict, Forbidden
from tests.domain.memory import COORDINATOR, FAR_COORDINATOR, MemoryStore, council


def test_only_the_province_coordinator_records_an_invitation() -> None:
    c = council()
    c.record_invitation(uuid.uuid4(), COORDINATOR)
    with pytest.raises(Forbidden) as refused:
        c.record_invitation(uuid.uuid4(), FAR_COORDINATOR)
    assert refused.value.code == "out_of_scope"


def test_one_council_per_code() -> None:
    store = MemoryStore()
    command = RegisterCouncil(
        code="T500101",
        name_th="สภาองค์กรชุมชนตำบลศรีภูมิ",
        province_code="50",
        district_code="5001",
        subdistrict_code="500101",
    )
    store.save(*register_council(store, command, SYSTEM))
    with pytest.raises(Conflict) as refused:
        register_council(store, command, SYSTEM)
    assert refused.value.code == "council_exists"

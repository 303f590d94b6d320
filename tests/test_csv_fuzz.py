"""A fuzz of the councils' CSV import (`assembly.councils.read_csv`, the one CSV import of the
platform): bytes of any kind, and near-valid files (byte-order marks, TIS-620, quotes, huge
fields, formula injection, NUL bytes, thousands of rows, duplicate codes, Thai combining marks).

Through the function: a file is read into a command or refused with a domain error in Thai,
never another exception; a refused row names its line and column. Over HTTP (the real app and
PostgreSQL): never a 500, a refusal is a JSON error in Thai, and a refusal writes nothing
(the import is whole or nothing); an acceptance writes exactly the rows of the file."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from litestar.testing import TestClient

import tests.domain.properties  # noqa: F401  (the hypothesis profiles)
from assembly.actors import Role
from assembly.councils import ImportCouncils, read_csv
from assembly.errors import DomainError
from assembly.settings import Settings
from tests.conftest import bearer, event_count

THAI = re.compile(r"[\u0E00-\u0E7F]")
HEADER = "council_code,name_th,province_code,district_code,subdistrict_code"
GOOD = "T500101,สภาองค์กรชุมชนตำบลศรีภูมิ,50,5001,500101"
NASTY_CELLS = [
    "T500101",
    "T500102",
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "@import",
    '"quoted, with comma"',
    '"unterminated',
    "ก" + "\u0e48\u0e49\u0e4a" * 30,  # a consonant under a pile of tone marks
    "x" * 70_000,
    "\x00",
    "<script>alert(1)</script>",
    "๕๐",  # Thai digits
    "",
    " ",
    "50",
    "5001",
    "500101",
    "\u200b",
]
cells = st.sampled_from(NASTY_CELLS) | st.text(max_size=20)
rows = st.lists(
    st.lists(cells, min_size=0, max_size=7).map(lambda r: ",".join(r)) | st.just(GOOD),
    max_size=8,
)


@st.composite
def near_valid(draw: st.DrawFn) -> bytes:
    text = "\n".join(
        [draw(st.sampled_from([HEADER, HEADER.upper(), "code,name", ""])), *draw(rows)]
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp874", "utf-16"]))
    return text.encode(encoding, errors="replace")


def read_or_refuse(data: bytes) -> ImportCouncils | DomainError:
    try:
        return read_csv(data)
    except DomainError as error:
        assert THAI.search(error.message_th), error.message_th
        return error


@given(st.binary(max_size=2000) | near_valid())
def test_any_file_is_read_or_refused_in_thai(data: bytes) -> None:
    result = read_or_refuse(data)
    if isinstance(result, ImportCouncils):
        for rejection in result.unreadable:
            assert rejection.line >= 2 and THAI.search(rejection.message_th)
            assert rejection.field, "a rejected row names its column"


def test_thousands_of_rows_with_duplicates_name_every_line() -> None:
    lines = [HEADER] + [f"T5001{n:02d},สภา{n},50,5001,500101" for n in range(3000)] * 2
    command = read_csv("\n".join(lines).encode())
    assert len(command.rows) == 6000  # duplicates are the handler's to refuse, by line


def test_over_http_never_a_500_and_a_refusal_writes_nothing(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = bearer(client, "organizer", Role.ORGANIZER)
    seen: dict[str, int] = {}

    @hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.binary(max_size=600) | near_valid())
    def upload(data: bytes) -> None:
        before = event_count(settings)
        r = client.post(
            "/api/v1/councils/import",
            files={"file": ("councils.csv", data, "text/csv")},
            headers=headers,
        )
        assert r.status_code < 500, r.text
        body = r.json()
        if r.status_code == 201:
            seen["accepted"] = seen.get("accepted", 0) + 1
            assert event_count(settings) == before + body["imported"]
            return
        seen["refused"] = seen.get("refused", 0) + 1
        assert THAI.search(body["error"]["message_th"]), body
        for detail in body["error"].get("details") or []:
            assert detail["line"] >= 2 and detail["field"], detail
        assert event_count(settings) == before, "a refused import wrote something"

    upload()
    assert seen.get("refused"), seen

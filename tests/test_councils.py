"""The council registry: one council per code, placed on DOPA geography, registered one at a
time (command, API, form) or many at once from a CSV that is imported whole or not at all."""

import math
import re
from typing import Any

import pytest
from litestar.testing import TestClient

from assembly import geography
from assembly.actors import ANONYMOUS, SYSTEM, Actor, Role
from assembly.application import Assembly
from assembly.commands import parse
from assembly.councils import (
    MAX_CSV_BYTES,
    MAX_CSV_ROWS,
    Council,
    ImportCouncils,
    RegisterCouncil,
    council_id,
    decode_csv,
    read_csv,
)
from assembly.errors import Conflict, Forbidden, Invalid, Unauthenticated
from assembly.settings import Settings
from tests.conftest import bearer, council_fields, event_count, login, rows

HEADER = "council_code,name_th,province_code,district_code,subdistrict_code"
THAI_HEADER = "รหัสสภา,ชื่อสภา,รหัสจังหวัด,รหัสอำเภอ,รหัสตำบล"
THAI = re.compile("[\u0e00-\u0e7f]")
SRI_PHUM = council_fields("cm-001")
CHIANG_MAI = [t for t in geography.tambons() if t.province_code == "50"]


def council(tambon_code: str, code: str | None = None, name: str | None = None) -> dict[str, str]:
    """A valid registration for a real tambon."""
    return council_fields(code or f"C-{tambon_code}", tambon_code, name)


def line(c: dict[str, str]) -> str:
    fields = ("code", "name_th", "province_code", "district_code", "subdistrict_code")
    return ",".join(c[f] for f in fields)


def csv_text(councils: list[dict[str, str]], header: str = HEADER) -> str:
    return "\n".join([header, *(line(c) for c in councils)]) + "\n"


def chiang_mai(n: int, prefix: str = "C") -> list[dict[str, str]]:
    return [council(t.code, f"{prefix}-{t.code}") for t in CHIANG_MAI[:n]]


def upload(
    client: TestClient[Any], data: bytes | str, headers: dict[str, str] | None = None
) -> Any:
    content = data.encode() if isinstance(data, str) else data
    return client.post(
        "/api/v1/councils/import",
        files={"file": ("councils.csv", content, "text/csv")},
        headers=headers or {},
    )


def registry(settings: Settings) -> list[tuple[Any, ...]]:
    return rows(
        settings,
        "SELECT id, code, name_th, province_code, district_code, subdistrict_code"
        " FROM councils ORDER BY code",
    )


def snapshot(settings: Settings) -> tuple[int, list[tuple[Any, ...]]]:
    """What a refusal must leave untouched: the event store and the read model."""
    return event_count(settings), registry(settings)


def seeded(client: TestClient[Any], settings: Settings) -> dict[str, str]:
    """An organizer's API headers, with one council already registered (so that "nothing
    written" is checked against a registry that is not empty)."""
    headers = bearer(client, "org")
    done = client.post("/api/v1/councils", json=SRI_PHUM, headers=headers)
    assert done.status_code == 201, done.text
    assert len(registry(settings)) == 1
    return headers


def refused(
    client: TestClient[Any],
    settings: Settings,
    headers: dict[str, str],
    data: bytes | str,
    status: int,
    code: str,
) -> dict[str, Any]:
    """Upload `data`, expect a refusal with a Thai message, and nothing written."""
    before = snapshot(settings)
    response = upload(client, data, headers)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert THAI.search(error["message_th"]), error
    assert snapshot(settings) == before
    return error  # type: ignore[no-any-return]


def api_list(client: TestClient[Any], province: str, **params: Any) -> dict[str, Any]:
    response = client.get("/api/v1/councils", params={"province": province, **params})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


# --- one council: the command ------------------------------------------------------------


def test_register_through_the_command(app: Assembly) -> None:
    position = app.handle(parse(RegisterCouncil, SRI_PHUM), SYSTEM)
    assert position == app.recorder.max_notification_id()
    assert council_id("cm-001") == council_id("CM-001")
    registered = app.repository.get(council_id("CM-001"))
    assert isinstance(registered, Council)
    assert registered.code == "CM-001"  # codes are kept upper-case
    assert registered.name_th == "สภาองค์กรชุมชนตำบลศรีภูมิ"
    assert (registered.province_code, registered.district_code, registered.subdistrict_code) == (
        "50",
        "5001",
        "500101",
    )
    for code in ("CM-001", "Cm-001", "cm-001"):
        with pytest.raises(Conflict) as again:
            app.handle(
                parse(RegisterCouncil, {**SRI_PHUM, "code": code, "name_th": "อีกสภา"}), SYSTEM
            )
        assert again.value.code == "council_exists"
        assert again.value.field == "code"
        assert "CM-001" in again.value.message_th
    assert app.recorder.max_notification_id() == position  # no refusal wrote anything
    assert app.repository.get(council_id("CM-001")).name_th == "สภาองค์กรชุมชนตำบลศรีภูมิ"


def test_only_organizers_register_through_the_command(app: Assembly) -> None:
    command = parse(RegisterCouncil, SRI_PHUM)
    with pytest.raises(Unauthenticated):
        app.handle(command, ANONYMOUS)
    for actor in (
        Actor(Role.COORDINATOR, account_id="c", province_code="50"),
        Actor(Role.COUNCIL, account_id="x", council_id=str(council_id("CM-001"))),
        Actor(Role.SECRETARIAT, account_id="s"),
    ):
        with pytest.raises(Forbidden):
            app.handle(command, actor)
        with pytest.raises(Forbidden):
            app.handle(ImportCouncils(rows=read_csv(csv_text([SRI_PHUM]).encode()).rows), actor)
    assert app.recorder.max_notification_id() is None
    app.handle(command, Actor(Role.ORGANIZER, account_id="o"))
    assert app.exists(council_id("CM-001"))


def test_import_command_is_all_or_nothing(app: Assembly) -> None:
    app.handle(parse(RegisterCouncil, SRI_PHUM), SYSTEM)
    head = app.recorder.max_notification_id()
    fresh = [council(t.code) for t in CHIANG_MAI[1:4]]
    command = read_csv(csv_text([*fresh, {**SRI_PHUM, "code": "CM-001"}]).encode())
    with pytest.raises(Invalid) as refused_import:
        app.handle(command, SYSTEM)
    assert refused_import.value.code == "import_rejected"
    assert refused_import.value.details == [
        {"line": 5, "field": "code", "message_th": "รหัสสภา CM-001 ลงทะเบียนไว้แล้ว"}
    ]
    assert app.recorder.max_notification_id() == head
    assert not app.existing({council_id(c["code"]) for c in fresh})
    app.handle(read_csv(csv_text(fresh).encode()), SYSTEM)
    assert app.existing({council_id(c["code"]) for c in fresh}) == {
        council_id(c["code"]) for c in fresh
    }


# --- one council: the API and the pages ---------------------------------------------------


def test_register_through_the_api_and_read_it_at_once(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = bearer(client, "org")
    created = client.post("/api/v1/councils", json=SRI_PHUM, headers=headers)
    assert created.status_code == 201, created.text
    assert created.json() == {"id": str(council_id("CM-001"))}
    # Read your own write: no waiting between the write and the pages that show it.
    listed = api_list(client, "50")
    assert listed["next_cursor"] is None
    assert listed["items"] == [
        {
            "id": str(council_id("CM-001")),
            "code": "CM-001",
            "name_th": "สภาองค์กรชุมชนตำบลศรีภูมิ",
            "province_code": "50",
            "district_code": "5001",
            "subdistrict_code": "500101",
            "district_name_th": "เมืองเชียงใหม่",
            "subdistrict_name_th": "ศรีภูมิ",
        }
    ]
    assert api_list(client, "10")["items"] == []
    province = client.get("/provinces/50")
    assert province.status_code == 200
    assert "สภาองค์กรชุมชนตำบลศรีภูมิ" in province.text and "CM-001" in province.text
    assert f'href="/councils/{council_id("CM-001")}"' in province.text
    shown = client.get(f"/councils/{council_id('CM-001')}")
    assert shown.status_code == 200
    for text in ("สภาองค์กรชุมชนตำบลศรีภูมิ", "CM-001", "เชียงใหม่", "เมืองเชียงใหม่", "ศรีภูมิ"):
        assert text in shown.text
    assert "ยังไม่มีสภาที่ลงทะเบียน" in client.get("/provinces/10").text

    before = snapshot(settings)
    for code in ("CM-001", "cm-001", "Cm-001"):
        again = client.post(
            "/api/v1/councils", json={**SRI_PHUM, "code": code, "name_th": "สภาซ้ำ"}, headers=headers
        )
        assert again.status_code == 409, again.text
        error = again.json()["error"]
        assert error["code"] == "council_exists"
        assert error["field"] == "code"
        assert error["message_th"] == "รหัสสภา CM-001 ลงทะเบียนไว้แล้ว"
    assert snapshot(settings) == before
    assert client.get(f"/councils/{council_id('XX-404')}").status_code == 404


REFUSED_PLACES = [
    ({"province_code": "99"}, "province_code", "ไม่พบรหัสจังหวัด 99"),
    ({"district_code": "5099"}, "district_code", "ไม่พบรหัสอำเภอ/เขต 5099"),
    ({"subdistrict_code": "500199"}, "subdistrict_code", "ไม่พบรหัสตำบล/แขวง 500199"),
    (
        {"district_code": "1001", "subdistrict_code": "100101"},
        "district_code",
        "อำเภอ/เขต 1001 ไม่อยู่ในจังหวัด 50",
    ),
    (
        {"subdistrict_code": "500203"},  # a tambon of Chom Thong (5002), not of Mueang
        "subdistrict_code",
        "ตำบล/แขวง 500203 ไม่อยู่ในอำเภอ/เขต 5001",
    ),
    ({"province_code": "5O"}, "province_code", "รหัสจังหวัด: รูปแบบไม่ถูกต้อง"),
    ({"province_code": "500"}, "province_code", "รหัสจังหวัด: รูปแบบไม่ถูกต้อง"),
    ({"district_code": "501"}, "district_code", "รหัสอำเภอ/เขต: รูปแบบไม่ถูกต้อง"),
    ({"subdistrict_code": "50010a"}, "subdistrict_code", "รหัสตำบล/แขวง: รูปแบบไม่ถูกต้อง"),
    ({"subdistrict_code": "5001011"}, "subdistrict_code", "รหัสตำบล/แขวง: รูปแบบไม่ถูกต้อง"),
    ({"code": "ab"}, "code", "รหัสสภา: รูปแบบไม่ถูกต้อง"),
    ({"code": "สภา-01"}, "code", "รหัสสภา: รูปแบบไม่ถูกต้อง"),
    ({"code": "CM 001"}, "code", "รหัสสภา: รูปแบบไม่ถูกต้อง"),
    ({"name_th": "ก"}, "name_th", "ชื่อสภา: ต้องมีอย่างน้อย 2 ตัวอักษร"),
    ({"name_th": "   "}, "name_th", "ชื่อสภา: ต้องไม่เป็นช่องว่างล้วน"),
]


@pytest.mark.parametrize(("change", "field", "words"), REFUSED_PLACES)
def test_geography_and_format_are_checked(change: dict[str, str], field: str, words: str) -> None:
    with pytest.raises(Invalid) as refused_command:
        parse(RegisterCouncil, {**SRI_PHUM, **change})
    assert refused_command.value.field == field
    assert words in refused_command.value.message_th


def test_api_refuses_bad_places_with_the_field_named(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = bearer(client, "org")
    before = snapshot(settings)
    for change, field, words in REFUSED_PLACES:
        response = client.post("/api/v1/councils", json={**SRI_PHUM, **change}, headers=headers)
        assert response.status_code == 422, (change, response.text)
        error = response.json()["error"]
        assert error["field"] == field, change
        assert words in error["message_th"], change
    assert snapshot(settings) == before
    # Each of those rows in a CSV is refused with the same field and message, by line.
    lines = [line({**SRI_PHUM, **change}) for change, _, _ in REFUSED_PLACES]
    text = HEADER + "\n" + "\n".join(lines) + "\n"
    error = refused(client, settings, headers, text, 422, "import_rejected")
    assert [(d["line"], d["field"]) for d in error["details"]] == [
        (n, field) for n, (_, field, _) in enumerate(REFUSED_PLACES, start=2)
    ]
    for detail, (change, _, words) in zip(error["details"], REFUSED_PLACES, strict=True):
        if change.get("name_th") == "   ":  # a CSV cell is tidied first: blank is too short
            words = "ชื่อสภา: ต้องมีอย่างน้อย 2 ตัวอักษร"
        assert words in detail["message_th"]


def test_missing_field_and_bad_json_are_refused(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = bearer(client, "org")
    before = snapshot(settings)
    body = {k: v for k, v in SRI_PHUM.items() if k != "district_code"}
    missing = client.post("/api/v1/councils", json=body, headers=headers)
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "district_code"
    assert missing.json()["error"]["message_th"] == "ต้องระบุรหัสอำเภอ/เขต"
    unknown = client.post("/api/v1/councils", json={**SRI_PHUM, "owner": "x"}, headers=headers)
    assert unknown.status_code == 422
    assert unknown.json()["error"]["field"] == "owner"
    assert client.post("/api/v1/councils", content=b"{nope", headers=headers).status_code == 400
    assert snapshot(settings) == before


def test_anonymous_and_other_roles_write_nothing(
    client: TestClient[Any], settings: Settings
) -> None:
    coordinator = bearer(client, "coord", Role.COORDINATOR, province_code="50")
    secretariat = bearer(client, "sec", Role.SECRETARIAT)
    good_csv = csv_text(chiang_mai(3))
    before = snapshot(settings)

    anonymous = client.post("/api/v1/councils", json=SRI_PHUM)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "unauthenticated"
    assert upload(client, good_csv).status_code == 401
    bad_token = {"Authorization": "Bearer not-a-token"}
    assert client.post("/api/v1/councils", json=SRI_PHUM, headers=bad_token).status_code == 401
    for headers in (coordinator, secretariat):
        denied = client.post("/api/v1/councils", json=SRI_PHUM, headers=headers)
        assert denied.status_code == 403, denied.text
        assert denied.json()["error"]["code"] == "forbidden"
        assert THAI.search(denied.json()["error"]["message_th"])
        assert upload(client, good_csv, headers).status_code == 403
    # The pages: an anonymous visitor is asked to sign in, a coordinator is turned away.
    assert client.get("/councils/new").status_code == 401
    assert client.post("/councils", data=SRI_PHUM).status_code == 401
    assert (
        client.post(
            "/councils/import", files={"file": ("c.csv", good_csv.encode(), "text/csv")}
        ).status_code
        == 401
    )
    token = login(client, "coord2", Role.COORDINATOR, province_code="50")
    before = snapshot(settings)
    form = client.post("/councils", data={**SRI_PHUM, "_csrf": token})
    assert form.status_code == 403
    assert "ไม่มีสิทธิ์" in form.text
    imported = client.post(
        "/councils/import",
        data={"_csrf": token},
        files={"file": ("c.csv", good_csv.encode(), "text/csv")},
    )
    assert imported.status_code == 403
    assert snapshot(settings) == before
    assert registry(settings) == []


def test_anonymous_upload_is_refused_before_the_file_is_read(
    client: TestClient[Any], settings: Settings
) -> None:
    bad_csv = csv_text([council("500101", name="สภาศรีภูมิ"), {**SRI_PHUM, "province_code": "99"}])
    assert upload(client, bad_csv).status_code == 401
    assert upload(client, "สภา".encode("cp874")).status_code == 401


def test_register_through_the_form(client: TestClient[Any], settings: Settings) -> None:
    token = login(client, "org")
    page = client.get("/councils/new")
    assert page.status_code == 200 and 'name="subdistrict_code"' in page.text
    wrong = client.post(
        "/councils", data={**SRI_PHUM, "subdistrict_code": "500203", "_csrf": token}
    )
    assert wrong.status_code == 422
    assert "ตำบล/แขวง 500203 ไม่อยู่ในอำเภอ/เขต 5001" in wrong.text
    assert 'value="500203"' in wrong.text  # what was typed is kept
    assert registry(settings) == []
    done = client.post("/councils", data={**SRI_PHUM, "_csrf": token})
    assert done.status_code == 200
    assert done.url.path == f"/councils/{council_id('CM-001')}"
    assert "สภาองค์กรชุมชนตำบลศรีภูมิ" in done.text
    before = snapshot(settings)
    again = client.post("/councils", data={**SRI_PHUM, "code": "Cm-001", "_csrf": token})
    assert again.status_code == 422
    assert "รหัสสภา CM-001 ลงทะเบียนไว้แล้ว" in again.text
    no_csrf = client.post("/councils", data={**SRI_PHUM, "code": "CM-002"})
    assert no_csrf.status_code == 403
    assert snapshot(settings) == before


def test_thai_digits_are_accepted_by_the_api_as_by_the_import(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = bearer(client, "org")
    body = {
        **SRI_PHUM,
        "code": "CM-๐๐๑",
        "province_code": "๕๐",
        "district_code": "๕๐๐๑",
        "subdistrict_code": "๕๐๐๑๐๑",
    }
    response = client.post("/api/v1/councils", json=body, headers=headers)
    assert response.status_code == 201, response.text
    assert registry(settings)[0][1:] == ("CM-001", SRI_PHUM["name_th"], "50", "5001", "500101")


def test_name_is_at_least_two_characters_after_normalization(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = bearer(client, "org")
    response = client.post(
        "/api/v1/councils", json={**SRI_PHUM, "name_th": "ก\u200b"}, headers=headers
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == "name_th"
    assert registry(settings) == []


# --- many councils: the CSV import ---------------------------------------------------------


def test_import_two_hundred_councils(client: TestClient[Any], settings: Settings) -> None:
    headers = bearer(client, "org")
    councils = chiang_mai(200)
    events = event_count(settings)
    response = upload(client, csv_text(councils), headers)
    assert response.status_code == 201, response.text
    assert response.json() == {"imported": 200, "rejected": 0}
    assert event_count(settings) == events + 200
    stored = registry(settings)
    assert [r[1:] for r in stored] == sorted(
        (c["code"], c["name_th"], "50", c["district_code"], c["subdistrict_code"]) for c in councils
    )
    assert {r[0] for r in stored} == {council_id(c["code"]) for c in councils}
    listed = api_list(client, "50", limit=1000)["items"]
    assert len(listed) == 200
    assert {c["code"] for c in listed} == {c["code"] for c in councils}
    page = client.get("/provinces/50").text
    assert "สภาองค์กรชุมชนตำบล 200 สภา" in page
    last = councils[-1]
    shown = client.get(f"/councils/{council_id(last['code'])}")
    assert shown.status_code == 200 and last["name_th"] in shown.text
    # The same file again: every row is already registered, and nothing is written.
    error = refused(client, settings, headers, csv_text(councils), 422, "import_rejected")
    assert [d["line"] for d in error["details"]] == list(range(2, 202))
    assert all(d["message_th"].endswith("ลงทะเบียนไว้แล้ว") for d in error["details"])
    assert "200 จาก 200" in error["message_th"]


def test_excel_utf8_with_bom_is_accepted(client: TestClient[Any], settings: Settings) -> None:
    """Excel's "CSV UTF-8" starts with a byte-order mark and ends lines with CRLF."""
    headers = bearer(client, "org")
    councils = chiang_mai(3)
    for heading, prefix in ((HEADER, "A"), (THAI_HEADER, "B")):
        councils = chiang_mai(3, prefix=prefix)
        text = "\r\n".join([heading, *(line(c) for c in councils)]) + "\r\n"
        response = upload(client, b"\xef\xbb\xbf" + text.encode(), headers)
        assert response.status_code == 201, response.text
        assert response.json() == {"imported": 3, "rejected": 0}
        stored = [r[1:3] for r in registry(settings) if r[1].startswith(prefix)]
        assert stored == [(c["code"], c["name_th"]) for c in councils]
    assert len(registry(settings)) == 6
    assert decode_csv(b"\xef\xbb\xbf" + HEADER.encode()) == HEADER  # the mark itself is dropped


def test_tis620_file_is_refused_with_advice(client: TestClient[Any], settings: Settings) -> None:
    headers = seeded(client, settings)
    data = csv_text(chiang_mai(5)).encode("cp874")
    assert data.startswith(HEADER.encode())  # the Thai starts on line 2
    error = refused(client, settings, headers, data, 400, "encoding")
    assert error["field"] == "file"
    assert "UTF-8" in error["message_th"]
    assert "TIS-620" in error["message_th"]
    assert "บรรทัด 2" in error["message_th"]
    # A Thai heading in TIS-620: the problem is on line 1.
    data = csv_text(chiang_mai(5), header=THAI_HEADER).encode("cp874")
    assert "บรรทัด 1" in refused(client, settings, headers, data, 400, "encoding")["message_th"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le"])
def test_utf16_file_is_refused(client: TestClient[Any], settings: Settings, encoding: str) -> None:
    headers = seeded(client, settings)
    text = csv_text(chiang_mai(3))
    if encoding.endswith("-bom"):
        data = ("\ufeff" + text).encode(encoding.removesuffix("-bom"))
    else:
        data = text.encode(encoding)
    error = refused(client, settings, headers, data, 400, "encoding")
    assert error["field"] == "file"
    if encoding != "utf-16-le":  # without a BOM it is recognised by its NUL bytes
        assert "UTF-16" in error["message_th"] and "UTF-8" in error["message_th"]


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("council_code,name_th,province_code,subdistrict_code", ["district_code"]),
        ("รหัสสภา,ชื่อสภา,รหัสจังหวัด,รหัสอำเภอ", ["subdistrict_code"]),
        ("name_th,province_code,district_code", ["council_code", "subdistrict_code"]),
        (
            "สภา;ชื่อ;จังหวัด;อำเภอ;ตำบล",  # a semicolon file: one unknown column
            ["council_code", "name_th", "province_code", "district_code", "subdistrict_code"],
        ),
    ],
)
def test_missing_columns_are_named(
    client: TestClient[Any], settings: Settings, header: str, missing: list[str]
) -> None:
    headers = seeded(client, settings)
    data = header + "\n" + "CM-9,สภา,50,5001,500102\n"
    error = refused(client, settings, headers, data, 422, "missing_columns")
    assert error["field"] == "file"
    named = error["message_th"].split(" (")[0].removeprefix("หัวตารางขาดคอลัมน์: ")
    assert named.split(", ") == missing


def test_columns_are_found_by_name_in_any_order(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = bearer(client, "org")
    text = (
        " Subdistrict_Code ,note,NAME_TH,district_code,province_code,council_code\n"
        "500102,ใหม่,สภาตำบลพระสิงห์,5001,50,cm-2\n"
    )
    response = upload(client, text, headers)
    assert response.status_code == 201, response.text
    assert [r[1:] for r in registry(settings)] == [
        ("CM-2", "สภาตำบลพระสิงห์", "50", "5001", "500102")
    ]


def test_bad_rows_are_listed_by_line(client: TestClient[Any], settings: Settings) -> None:
    headers = seeded(client, settings)
    councils = chiang_mai(10)  # lines 2..11
    councils[1] = {**councils[1], "subdistrict_code": "509999"}  # line 3: no such tambon
    councils[3] = {**councils[3], "district_code": "1001"}  # line 5: district of Bangkok
    councils[5] = {**councils[5], "subdistrict_code": "500203"}  # line 7: tambon of 5002
    councils[7] = {**councils[7], "province_code": "5x"}  # line 9: not a code
    councils[8] = {**councils[8], "province_code": "98"}  # line 10: no such province
    error = refused(client, settings, headers, csv_text(councils), 422, "import_rejected")
    assert error["field"] == "file"
    assert "5 จาก 10" in error["message_th"]
    assert [(d["line"], d["field"]) for d in error["details"]] == [
        (3, "subdistrict_code"),
        (5, "district_code"),
        (7, "subdistrict_code"),
        (9, "province_code"),
        (10, "province_code"),
    ]
    messages = [d["message_th"] for d in error["details"]]
    assert messages[0] == "ไม่พบรหัสตำบล/แขวง 509999"
    assert "1001" in messages[1] and "ไม่อยู่ในจังหวัด" in messages[1]
    assert "500203" in messages[2] and "ไม่อยู่ในอำเภอ/เขต" in messages[2]
    assert messages[3] == "รหัสจังหวัด: รูปแบบไม่ถูกต้อง"
    assert messages[4] == "ไม่พบรหัสจังหวัด 98"


def test_line_numbers_count_blank_lines_and_crlf(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = seeded(client, settings)
    good = chiang_mai(4)
    bad = {**good[3], "subdistrict_code": "500199"}
    text = "\r\n".join([HEADER, line(good[1]), "", ",,,,", line(good[2]), line(bad), ""])
    error = refused(client, settings, headers, text, 422, "import_rejected")
    assert [d["line"] for d in error["details"]] == [6]  # 1 header, 3-4 blank, 6 the bad row
    assert "1 จาก 3" in error["message_th"]


def test_short_row_is_rejected_by_line(client: TestClient[Any], settings: Settings) -> None:
    headers = seeded(client, settings)
    text = csv_text(chiang_mai(2)) + "CM-X1,สภาที่ไม่ครบ\n"
    error = refused(client, settings, headers, text, 422, "import_rejected")
    assert [(d["line"], d["field"]) for d in error["details"]] == [(4, "province_code")]


def test_duplicate_codes_within_the_file(client: TestClient[Any], settings: Settings) -> None:
    headers = seeded(client, settings)
    councils = chiang_mai(6)
    councils[2] = {**councils[2], "code": "dup-1"}  # line 4
    councils[4] = {**councils[4], "code": "DUP-1"}  # line 6: the same code, other case
    councils[5] = {**councils[5], "code": "Dup-1"}  # line 7
    error = refused(client, settings, headers, csv_text(councils), 422, "import_rejected")
    assert error["details"] == [
        {"line": 6, "field": "code", "message_th": "รหัสสภา DUP-1 ซ้ำกับบรรทัดที่ 4"},
        {"line": 7, "field": "code", "message_th": "รหัสสภา DUP-1 ซ้ำกับบรรทัดที่ 4"},
    ]


def test_duplicate_against_the_registry(client: TestClient[Any], settings: Settings) -> None:
    headers = seeded(client, settings)  # CM-001 is registered
    councils = [*chiang_mai(4)]
    councils.insert(2, {**council("500102"), "code": "cm-001"})  # line 4
    error = refused(client, settings, headers, csv_text(councils), 422, "import_rejected")
    assert error["details"] == [
        {"line": 4, "field": "code", "message_th": "รหัสสภา CM-001 ลงทะเบียนไว้แล้ว"}
    ]
    assert "1 จาก 5" in error["message_th"]


def test_every_problem_of_a_file_is_reported_at_once(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = seeded(client, settings)  # CM-001 is registered
    councils = chiang_mai(6)
    councils[1] = {**councils[1], "subdistrict_code": "509999"}  # line 3: no such tambon
    councils[2] = {**councils[2], "code": "cm-001"}  # line 4: registered already
    councils[4] = {**councils[4], "code": councils[3]["code"]}  # line 6: same as line 5
    error = refused(client, settings, headers, csv_text(councils), 422, "import_rejected")
    assert "3 จาก 6" in error["message_th"]
    assert [d["line"] for d in error["details"]] == [3, 4, 6]


def test_one_bad_row_among_a_hundred_stops_the_whole_file(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = seeded(client, settings)
    councils = chiang_mai(101)
    councils[55] = {**councils[55], "district_code": "5002"}  # line 57
    error = refused(client, settings, headers, csv_text(councils), 422, "import_rejected")
    assert [d["line"] for d in error["details"]] == [57]
    assert "1 จาก 101" in error["message_th"]
    assert len(registry(settings)) == 1  # the seed only
    del councils[55]
    assert upload(client, csv_text(councils), headers).json() == {"imported": 100, "rejected": 0}


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xef\xbb\xbf",
        HEADER.encode(),
        (HEADER + "\r\n").encode(),
        (HEADER + "\n\n,,,,\n ,\t,,, \n").encode(),
    ],
    ids=["empty", "bom-only", "header", "header-crlf", "blank-rows"],
)
def test_file_without_councils_is_refused(
    client: TestClient[Any], settings: Settings, data: bytes
) -> None:
    headers = seeded(client, settings)
    error = refused(client, settings, headers, data, 422, "empty_import")
    assert error["field"] == "file"


def test_request_without_a_file_is_refused(client: TestClient[Any], settings: Settings) -> None:
    headers = seeded(client, settings)
    before = snapshot(settings)
    response = client.post(
        "/api/v1/councils/import",
        files={"upload": ("c.csv", csv_text(chiang_mai(2)).encode(), "text/csv")},
        headers=headers,
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == "file"
    assert snapshot(settings) == before


def test_fifty_megabytes_are_refused(client: TestClient[Any], settings: Settings) -> None:
    headers = seeded(client, settings)
    good = csv_text(chiang_mai(200)).encode()
    big = good * (50 * 1024 * 1024 // len(good) + 1)
    assert len(big) > 50 * 1024 * 1024
    error = refused(client, settings, headers, big, 413, "too_large")
    assert "ใหญ่เกิน" in error["message_th"]
    # Just over the file limit (but within the request limit): the message says the limit.
    over = HEADER.encode() + b"\n" + b"#" * (MAX_CSV_BYTES - len(HEADER))
    assert MAX_CSV_BYTES < len(over) < MAX_CSV_BYTES + 64 * 1024 - 1024
    error = refused(client, settings, headers, over, 413, "too_large")
    assert error["field"] == "file"
    assert "5 MB" in error["message_th"] and "ใหญ่เกินไป" in error["message_th"]


def test_too_many_rows_are_refused(client: TestClient[Any], settings: Settings) -> None:
    headers = seeded(client, settings)
    data = HEADER + "\n" + "X,ก,1,2,3\n" * (MAX_CSV_ROWS + 1)
    assert len(data.encode()) < MAX_CSV_BYTES
    error = refused(client, settings, headers, data, 413, "too_large")
    assert f"{MAX_CSV_ROWS:,}" in error["message_th"]


def test_quoted_fields_and_invisible_characters(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = bearer(client, "org")
    text = (
        HEADER + "\n"
        '"cm-1","สภาองค์กรชุมชนตำบลศรีภูมิ, อำเภอเมือง, เชียงใหม่",50,5001,500101\n'
        '\u200bcm-2\u200b,"สภา\u200bตำบล\u200bช้างม่อย  ""ใหม่""",50 , 5001,"500102"\n'
        '"cm-3","สภาตำบล\nพระสิงห์",50,5001,500103\n'
        "cm-4,\u00a0นํ้าบ่อหลวง\ufeff,50,5001,500104\n"
    )
    response = upload(client, text, headers)
    assert response.status_code == 201, response.text
    assert response.json() == {"imported": 4, "rejected": 0}
    assert [r[1:3] for r in registry(settings)] == [
        ("CM-1", "สภาองค์กรชุมชนตำบลศรีภูมิ, อำเภอเมือง, เชียงใหม่"),
        ("CM-2", 'สภาตำบลช้างม่อย "ใหม่"'),
        ("CM-3", "สภาตำบล พระสิงห์"),
        ("CM-4", "น้ำบ่อหลวง"),
    ]


def test_thai_digits_in_codes_are_read_as_arabic(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = bearer(client, "org")
    text = (
        THAI_HEADER
        + "\n"
        + "cm-๐๐๑,สภาตำบลศรีภูมิ,๕๐,๕๐๐๑,๕๐๐๑๐๑\n"
        + "๑๒๓๔,สภาตำบลพระบรมมหาราชวัง,๑๐,๑๐๐๑,๑๐๐๑๐๑\n"
    )
    response = upload(client, text, headers)
    assert response.status_code == 201, response.text
    assert [r[1:] for r in registry(settings)] == [
        ("1234", "สภาตำบลพระบรมมหาราชวัง", "10", "1001", "100101"),
        ("CM-001", "สภาตำบลศรีภูมิ", "50", "5001", "500101"),
    ]
    assert api_list(client, "10")["items"][0]["subdistrict_name_th"] == "พระบรมมหาราชวัง"
    # Thai digits name the same council as Arabic ones.
    error = refused(
        client,
        settings,
        headers,
        THAI_HEADER + "\nCM-001,ซ้ำ,50,5001,500102\n",
        422,
        "import_rejected",
    )
    assert error["details"][0]["message_th"] == "รหัสสภา CM-001 ลงทะเบียนไว้แล้ว"


def test_markup_in_a_name_is_kept_as_text(client: TestClient[Any], settings: Settings) -> None:
    headers = bearer(client, "org")
    name = '<script>alert("x")</script> สภา & <b>ตำบล</b>'
    text = HEADER + "\n" + f'cm-x,"{name.replace(chr(34), chr(34) * 2)}",50,5001,500101\n'
    response = upload(client, text, headers)
    assert response.status_code == 201, response.text
    assert registry(settings)[0][2] == name
    assert api_list(client, "50")["items"][0]["name_th"] == name
    for path in ("/provinces/50", f"/councils/{council_id('CM-X')}"):
        page = client.get(path).text
        assert "&lt;script&gt;alert(" in page
        assert "<script>alert" not in page
        assert "&lt;b&gt;ตำบล&lt;/b&gt;" in page and "<b>ตำบล" not in page


# --- the import form --------------------------------------------------------------------------


def post_form(client: TestClient[Any], token: str | None, data: bytes | str, **headers: str) -> Any:
    content = data.encode() if isinstance(data, str) else data
    return client.post(
        "/councils/import",
        data={"_csrf": token} if token else {},
        files={"file": ("councils.csv", content, "text/csv")},
        headers=headers,
    )


def test_import_form(client: TestClient[Any], settings: Settings) -> None:
    token = login(client, "org")
    page = client.get("/councils/import")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text and f'value="{token}"' in page.text
    councils = chiang_mai(3)
    done = post_form(client, token, csv_text(councils))
    assert done.status_code == 200, done.text
    assert "นำเข้าสำเร็จ 3 สภา" in done.text and "<html" in done.text
    assert len(registry(settings)) == 3

    before = snapshot(settings)
    again = chiang_mai(6, prefix="N")
    again[1] = {**again[1], "district_code": "5002"}  # line 3: tambon not in the district
    again[4] = {**again[4], "subdistrict_code": "500299"}  # line 6: no such tambon
    rejected = post_form(client, token, csv_text(again))
    assert rejected.status_code == 422
    assert "นำเข้าสำเร็จ" not in rejected.text
    assert "ไม่ได้นำเข้าเลย: 2 จาก 6 แถวมีปัญหา" in rejected.text
    cells = re.findall(r"<tr><td>(\d+)</td><td>([a-z_]*)</td><td>([^<]+)</td></tr>", rejected.text)
    assert cells == [
        ("3", "subdistrict_code", f"ตำบล/แขวง {again[1]['subdistrict_code']} ไม่อยู่ในอำเภอ/เขต 5002"),
        ("6", "subdistrict_code", "ไม่พบรหัสตำบล/แขวง 500299"),
    ]
    registered = chiang_mai(5, prefix="N")
    registered[3] = {**registered[3], "code": councils[0]["code"].lower()}  # line 5
    duplicate = post_form(client, token, csv_text(registered))
    assert duplicate.status_code == 422
    cells = re.findall(r"<tr><td>(\d+)</td><td>([a-z_]*)</td><td>([^<]+)</td></tr>", duplicate.text)
    assert cells == [("5", "code", f"รหัสสภา {councils[0]['code']} ลงทะเบียนไว้แล้ว")]
    encoding = post_form(client, token, csv_text(again).encode("cp874"))
    assert encoding.status_code == 422 and "UTF-8" in encoding.text
    huge = post_form(client, token, b"x" * (50 * 1024 * 1024))
    assert huge.status_code == 413 and "ใหญ่เกิน" in huge.text
    assert post_form(client, None, csv_text(again)).status_code == 403  # no CSRF token
    assert snapshot(settings) == before


def test_import_form_with_htmx_returns_only_the_result(
    client: TestClient[Any], settings: Settings
) -> None:
    token = login(client, "org")
    done = post_form(client, token, csv_text(chiang_mai(2)), **{"HX-Request": "true"})
    assert done.status_code == 200, done.text
    assert "นำเข้าสำเร็จ 2 สภา" in done.text
    assert "<html" not in done.text and "<form" not in done.text
    bad = post_form(client, token, csv_text(chiang_mai(2)), **{"HX-Request": "true"})
    assert bad.status_code == 422
    assert "ลงทะเบียนไว้แล้ว" in bad.text and "<html" not in bad.text
    assert len(registry(settings)) == 2


# --- reading: pagination -----------------------------------------------------------------------


def test_pages_walk_every_council_of_a_province_once(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = bearer(client, "org")
    councils = chiang_mai(30)
    # Several councils in one tambon: the cursor must tell them apart by code.
    councils += [council("500101", code) for code in ("Z-1", "A-1", "M-1", "A-10", "A-2")]
    councils.append(council("100101", "BKK-1"))  # another province
    assert upload(client, csv_text(councils), headers).status_code == 201
    expected = sorted(
        ((c["subdistrict_code"], c["code"]) for c in councils if c["province_code"] == "50"),
    )
    assert len(expected) == 35
    whole = api_list(client, "50", limit=1000)
    assert [(c["subdistrict_code"], c["code"]) for c in whole["items"]] == expected
    assert whole["next_cursor"] is None
    for limit in (1, 7, 10, 34, 35, 36):
        seen: list[tuple[str, str]] = []
        cursor = None
        pages = 0
        while True:
            params = {"limit": limit} | ({"cursor": cursor} if cursor else {})
            found = api_list(client, "50", **params)
            pages += 1
            assert 0 < len(found["items"]) <= limit
            seen += [(c["subdistrict_code"], c["code"]) for c in found["items"]]
            cursor = found["next_cursor"]
            if cursor is None:
                break
            assert pages < 100
        assert seen == expected  # all of them, once each, in order
        assert pages == math.ceil(35 / limit)
    assert [c["code"] for c in api_list(client, "10")["items"]] == ["BKK-1"]
    assert api_list(client, "11")["items"] == []


def test_listing_parameters_are_checked(client: TestClient[Any]) -> None:
    for query in (
        "province=5",
        "province=๕๐x",
        "province=50&limit=0",
        "province=50&limit=1001",
        "province=50&limit=ten",
        "",
    ):
        response = client.get(f"/api/v1/councils?{query}")
        assert response.status_code in (400, 422), (query, response.text)
        assert THAI.search(response.json()["error"]["message_th"])

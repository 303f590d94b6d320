"""The public transparency pages, open data, feed and API (no sign-in), over real HTTP on
the real store: what they show, read-your-writes through the public cache, and the cache
serving without the heavy queries."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.etree import ElementTree

import psycopg
from litestar.testing import TestClient

from assembly.actors import Role
from assembly.settings import Settings
from tests.conftest import CM, login, wait_for_projections
from tests.responses_scene import MOI, NESDC, answer, resolved_scene

ATOM = "{http://www.w3.org/2005/Atom}"


def _sql(settings: Settings, sql: str) -> None:
    with psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        conn.execute(sql)


def test_national_page_shows_what_was_asked_and_what_came_of_it(client: TestClient[Any]) -> None:
    scene = resolved_scene(client)
    page = client.get("/transparency/2569")
    assert page.status_code == 200
    text = page.text
    assert "เร่งออกโฉนดชุมชน" in text and "บ้านมั่นคงในเมือง" in text
    assert "คณะรัฐมนตรีมีมติแล้ว รอหน่วยงานตอบ" in text
    assert f"/transparency/recommendations/{scene.recs[0]}" in text
    assert text.count("<svg") >= 4  # status, theme, province charts and the tile map
    assert 'role="img"' in text and "ตามหมวดประเด็น" in text
    # The unanswered-themes table: both recommendations assigned, none answered yet.
    assert "ยังไม่ได้คำตอบ" in text
    assert client.get("/transparency", follow_redirects=False).headers["location"] == (
        "/transparency/2569"
    )


def test_an_answer_sent_shows_at_once_everywhere(client: TestClient[Any]) -> None:
    scene = resolved_scene(client)
    rec = f"/transparency/recommendations/{scene.recs[0]}"
    before = [client.get(u).text for u in (rec, "/transparency/2569")]
    assert "เห็นควรเร่งรัดการออกโฉนด" not in before[0]
    answer(scene.app, scene.recs[0], NESDC, "เห็นควรเร่งรัดการออกโฉนดชุมชน")
    wait_for_projections(scene.app)
    page = client.get(rec).text
    assert "ผู้แทน สศช." in page and "เห็นควรเร่งรัดการออกโฉนดชุมชน" in page
    assert "หน่วยงานตอบแล้วบางส่วน" in page
    assert "ตอบแล้ว 1 จาก 2 หน่วยงาน" in client.get("/transparency/2569").text
    api = client.get("/api/v1/editions/2569/transparency").json()
    first = next(r for r in api["recommendations"] if r["id"] == str(scene.recs[0]))
    assert first["status"] == "partly_answered" and first["answered"] == 1
    rows = client.get("/open/2569/answers.json").json()["items"]
    assert any(r["opinion_th"] == "เห็นควรเร่งรัดการออกโฉนดชุมชน" and r["number"] for r in rows)
    # A later answer supersedes it with a reason: both shown, the old one as replaced.
    answer(scene.app, scene.recs[0], NESDC, "ความเห็นฉบับใหม่", reason_th="ข้อมูลเพิ่มเติมจากกรมที่ดิน")
    wait_for_projections(scene.app)
    page = client.get(rec).text
    assert "ความเห็นฉบับใหม่" in page and "ข้อมูลเพิ่มเติมจากกรมที่ดิน" in page
    assert "<del>" in page and "ถูกแทนที่" in page


def test_a_cached_page_is_served_without_the_heavy_queries(
    client: TestClient[Any], settings: Settings
) -> None:
    scene = resolved_scene(client)
    assert client.get("/transparency/2569").status_code == 200
    cache = client.app.state.public_cache
    builds = cache.builds
    # The rows behind the page go (behind the projector's back): the page is still served
    # whole, so it came from the cache, not from the tables.
    _sql(settings, "DELETE FROM recommendations")
    again = client.get("/transparency/2569")
    assert "เร่งออกโฉนดชุมชน" in again.text and cache.builds == builds and cache.hits >= 1
    # Any projected change moves the revision: the next request builds from the tables.
    answer(scene.app, scene.recs[1], MOI, "รับไปพิจารณา")
    wait_for_projections(scene.app)
    fresh = client.get("/transparency/2569")
    assert cache.builds == builds + 1
    assert "เร่งออกโฉนดชุมชน" not in fresh.text and "ยังไม่มีข้อเสนอแนะในปีนี้" in fresh.text


def test_province_page_and_summary_api(client: TestClient[Any]) -> None:
    scene = resolved_scene(client)
    page = client.get("/transparency/2569/provinces/50")
    assert page.status_code == 200
    assert "เชียงใหม่" in page.text and "เร่งออกโฉนดชุมชน" in page.text
    summary = client.get("/api/v1/editions/2569/provinces/50/summary").json()
    assert summary["province_code"] == "50" and summary["recommendations"] == 2
    assert summary["statuses"] == {"resolved": 2}
    assert {r["id"] for i in summary["issues"] for r in i["recommendations"]} == {
        str(r) for r in scene.recs
    }
    assert summary["councils_behind"] == 2 and summary["proposals"] == 2
    empty = client.get("/api/v1/editions/2569/provinces/10/summary").json()
    assert empty["issues"] == [] and empty["recommendations"] == 0
    schema = client.get("/schema/openapi.json").json()
    assert "/api/v1/editions/{year_be}/provinces/{code}/summary" in schema["paths"]
    assert "/api/v1/editions/{year_be}/transparency" in schema["paths"]


def test_open_data_files_and_their_documentation(client: TestClient[Any]) -> None:
    scene = resolved_scene(client)
    answer(scene.app, scene.recs[1], MOI, "รับไปพิจารณา")
    wait_for_projections(scene.app)
    raw = client.get("/open/2569/recommendations.csv")
    assert raw.headers["content-type"].startswith("text/csv")
    assert raw.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the Thai
    rows = list(csv.DictReader(io.StringIO(raw.content.decode("utf-8-sig"))))
    assert {r["title_th"] for r in rows} == {"เร่งออกโฉนดชุมชน", "บ้านมั่นคงในเมือง"}
    assert {r["status"] for r in rows} == {"resolved", "answered"}
    answers = list(csv.DictReader(io.StringIO(client.get("/open/2569/answers.csv").text)))
    assert [a["number"] for a in answers if a["status"] == "answered"] == ["2.1"]
    provinces = client.get("/open/2569/provinces.json").json()
    assert len(provinces["items"]) == 77
    cm = next(p for p in provinces["items"] if p["province_code"] == "50")
    assert cm["recommendations"] == 2 and cm["status_answered"] == 1
    docs = client.get("/open").text
    for name in ("recommendations", "answers", "provinces"):
        for field in client.get(f"/open/2569/{name}.json").json()["fields"]:
            assert f"<code>{field}</code>" in docs  # every field documented in Thai


def test_atom_feed_is_valid_and_thai(client: TestClient[Any]) -> None:
    scene = resolved_scene(client)
    answer(scene.app, scene.recs[0], NESDC, "เห็นชอบ")
    wait_for_projections(scene.app)
    for url in ("/open/feed.atom", "/open/2569/feed.atom"):
        response = client.get(url)
        assert response.headers["content-type"].startswith("application/atom+xml")
        feed = ElementTree.fromstring(response.content)
        assert feed.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated"):
            assert feed.find(f"{ATOM}{required}") is not None
        entries = feed.findall(f"{ATOM}entry")
        titles = [e.findtext(f"{ATOM}title") or "" for e in entries]
        assert any("หน่วยงานตอบข้อเสนอแนะ" in t and "เร่งออกโฉนดชุมชน" in t for t in titles)
        assert any("คณะรัฐมนตรีมีมติ" in t for t in titles)
        assert any("เสนอคณะรัฐมนตรีแล้ว" in t for t in titles)
        for e in entries:
            assert e.findtext(f"{ATOM}id") and e.findtext(f"{ATOM}updated")
            assert e.find(f"{ATOM}link").get("href", "").startswith("http")  # type: ignore[union-attr]
        assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)
    assert json.loads(client.get("/open/2569/answers.json").text)["fields"][0] == "year_be"


def test_whole_pages_kept_for_anyone_never_carry_a_signed_in_header(
    client: TestClient[Any],
) -> None:
    resolved_scene(client)
    assert "ออกจากระบบ" not in client.get("/transparency/2569").text  # kept whole
    login(client, "public-reader", Role.COUNCIL, council_id=CM[0])
    mine = client.get("/transparency/2569").text
    assert "คุณ public-reader" in mine and "ออกจากระบบ" in mine and "เร่งออกโฉนดชุมชน" in mine
    client.cookies.clear()
    anyone = client.get("/transparency/2569").text
    assert "public-reader" not in anyone and "เร่งออกโฉนดชุมชน" in anyone

"""The web shell: Thai pages, security headers, htmx from our own origin, errors never 500."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from assembly.application import Assembly
from tests.conftest import HEALTHY, import_councils, services_app, wait_for_projections
from web.demo import demo_councils


def test_home_is_thai_and_lists_77_provinces(client: TestClient[Any]) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="th">' in page.text
    assert page.text.count('href="/provinces/') == 77
    assert "เชียงใหม่" in page.text and "กรุงเทพมหานคร" in page.text


def test_security_headers_and_no_inline_script(client: TestClient[Any]) -> None:
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text  # only <script src> from our own origin
    assert (
        "http://" not in page.text.replace("http://127.0.0.1", "") and "https://" not in page.text
    )


def test_htmx_is_served_from_our_origin(client: TestClient[Any]) -> None:
    htmx = client.get("/static/htmx/htmx.min.js")
    assert htmx.status_code == 200 and "htmx" in htmx.text[:200]
    assert 'src="/static/htmx/htmx.min.js"' in client.get("/").text
    assert client.get("/static/app.css").status_code == 200


def test_thai_error_pages(client: TestClient[Any]) -> None:
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "ไม่พบหน้าที่ต้องการ" in missing.text
    assert '<html lang="th">' in missing.text
    api_missing = client.get("/api/v1/editions/2599")
    assert api_missing.status_code == 404
    assert api_missing.json()["error"]["message_th"]
    forbidden = client.get("/councils/new")
    assert forbidden.status_code == 401 and "กรุณาเข้าสู่ระบบ" in forbidden.text
    wrong_method = client.delete("/")
    assert wrong_method.status_code == 405 and "ไม่รองรับ" in wrong_method.text


def test_unexpected_errors_become_a_thai_500_page(client: TestClient[Any]) -> None:
    services = client.app.state.services
    original = services.db

    class Broken:
        def __getattr__(self, name: str) -> Any:
            raise RuntimeError("database exploded")

    services.db = Broken()
    try:
        page = client.get("/provinces")
        assert page.status_code == 500
        assert "ระบบขัดข้องชั่วคราว" in page.text and "exploded" not in page.text
        health = client.get("/health")
        assert health.status_code == 503 and health.json()["database"] == "unavailable"
    finally:
        services.db = original


def test_openapi_lists_the_api(client: TestClient[Any]) -> None:
    schema = client.get("/schema/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/provinces",
        "/api/v1/councils",
        "/api/v1/councils/import",
        "/api/v1/editions",
        "/api/v1/editions/{year_be}",
        "/api/v1/auth/tokens",
        "/health",
    ):
        assert path in paths, path
    assert "OpenEdition" in str(schema["components"]["schemas"])


def test_health_reports_lag(client: TestClient[Any]) -> None:
    assert client.get("/health").json() == HEALTHY


def test_province_page_lists_its_councils_and_filters_by_amphoe(client: TestClient[Any]) -> None:
    app: Assembly = services_app(client)
    chiang_mai = [c for c in demo_councils() if c.province_code == "50"][:40]
    import_councils(app, chiang_mai)
    wait_for_projections(app)
    page = client.get("/provinces/50")
    assert page.status_code == 200
    assert all(c.name_th in page.text for c in chiang_mai)
    district = chiang_mai[-1].district_code
    fragment = client.get(f"/provinces/50?amphoe={district}", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert all(c.name_th in fragment.text for c in chiang_mai if c.district_code == district)
    assert not any(c.name_th in fragment.text for c in chiang_mai if c.district_code != district)
    assert client.get("/provinces/99").status_code == 404
    assert client.get("/provinces/50?amphoe=<script>").status_code == 200  # ignored, not echoed raw

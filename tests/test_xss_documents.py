"""XSS payloads in a submission's recommendation text and its letter's fields (subject,
addressee, body, the signatory's name), on its page as text and in its documents: the PDF
(read back with pdftotext) and the DOCX (read back with python-docx) show them as the literal
text that was typed (its digits in Thai, as the documents print every number): no markup
escaped into entities, nothing dropped, nothing interpreted."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import docx
from litestar.testing import TestClient

from assembly.actors import Role
from assembly.thai import thai_digits
from tests.conftest import (
    PASSWORD,
    create_recommendation,
    issue,
    proposal,
    services_app,
    setup_world,
)
from tests.conftest import bearer as signed_in
from tests.conftest import wait_for_projections as settled
from tests.pdftext import POPPLER, pdftotext, squeeze
from tests.test_submissions import LETTER
from tests.test_xss import check_page
from tests.xss import PAYLOADS as P
from tests.xss import live_markup
from web.letters import InvitationLetter, render_invitation_html

TYPED = [P[0], P[1], P[3], P[4]]  # a script, an attribute, a template, a closing tag
WRITTEN = {  # the letter's fields
    "subject_th": P[5],
    "to_th": P[2],
    "signatory_name": f"นาย {P[6]}",
    "body": [P[4], "จึงเรียนมาเพื่อโปรดพิจารณา"],
}


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


@POPPLER
def test_payloads_in_the_pdf_and_the_docx_are_literal_text(client: TestClient[Any]) -> None:
    app = setup_world(services_app(client))
    text = "\n".join(TYPED)
    rec = create_recommendation(app, [issue(app, proposal(app))], title_th="บ้านมั่นคง", text_th=text)
    settled(app)
    headers = signed_in(client, "sec-docs", Role.SECRETARIAT)
    made = client.post(
        "/api/v1/editions/2569/submissions",
        json={**LETTER, **WRITTEN, "recommendation_ids": [str(rec.recommendation_id)]},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    sid = made.json()["id"]
    letter = [P[5], P[2], P[4]]  # the signatory is printed on the final letter only
    office = client.get(f"/api/v1/submissions/{sid}/export?format=docx", headers=headers)
    assert office.status_code == 200, office.text[:300]
    found = _docx_text(office.content)
    for payload in [*TYPED, *letter]:
        assert thai_digits(payload) in found, payload
    assert "&lt;" not in found and "&quot;" not in found
    pdf = client.get(f"/api/v1/submissions/{sid}/export?format=pdf", headers=headers)
    assert pdf.status_code == 200, pdf.text[:300]
    shown = squeeze(pdftotext(pdf.content))
    for payload in [*TYPED, *letter]:
        assert squeeze(thai_digits(payload)) in shown, payload
    assert "&lt;" not in shown and "&quot;" not in shown
    client.post("/login", data={"username": "sec-docs", "password": PASSWORD})
    check_page(client, f"/submissions/{sid}", {"XSS6", "XSS1"})


def test_an_invitation_letter_shows_a_council_s_name_as_text() -> None:
    """The letter's HTML (what WeasyPrint lays out into the PDF): a council named with a
    payload is text in it, never markup."""
    letter = InvitationLetter(
        council_name_th=f"สภา {P[0]}",
        council_code="T500104",
        place_th=f"ตำบล {P[4]}",
        code="K7QD-M2XP-9RTF",
        expires_at=datetime(2026, 12, 31, tzinfo=UTC),
        issued_at=datetime(2026, 11, 25, tzinfo=UTC),
        claim_url="https://assembly.example/claim",
    )
    live, text = live_markup(render_invitation_html(letter))
    assert not live, live
    for marker in ("XSS1", "XSS5"):  # the letter prints digits in Thai
        assert marker in text or thai_digits(marker) in text, marker

"""The follow-up PDF read back as a reader of the file would (poppler), one column at a time:
the seed's golden table (the 2565 report's five recommendations and the ten opinions of its
last table, entered from the paper record) in the seed's order with Thai numbers, and a long
follow-up whose table header comes back on every page and whose long opinions come back
whole across page breaks."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import docx
import msgspec
from litestar.testing import TestClient

from assembly.agencies import catalogued
from assembly.responses import Assignment, RecordResolution, SendAnswer
from assembly.thai import arabic_digits, thai_digits
from projections.documents import Answer, FollowUp, SubmissionDocument
from projections.followup_document import printed
from tests.conftest import SECRETARIAT, services_app, wait_for_projections
from tests.documents_sample import LONG, seed_document, seed_recommendations
from tests.pdftext import HEADER, PAGE_NUMBER, POPPLER, assert_in_order, pdftotext, squeeze
from tests.test_submission_golden import _finalized_seed
from web.documents.pdf import render_pdf

pytestmark = POPPLER

OPINIONS = Path(__file__).parent / "data" / "seed_opinions_2565.json"
# The columns on A4 in points (1 cm = 28.35 pt): left margin 3 cm, ที่ 1.9 cm, ข้อเสนอแนะ 36%
# of the 16 cm line; the page number sits above y = 70.
RECOMMENDATION = (138, 300)
OPINION = (300, 560)


def seed_opinions() -> list[dict[str, str]]:
    """The seed's ten opinions: number ("๑.๑"), agency ("สศช."), text without its
    "ผู้แทน …" (the document names the representative)."""
    return list(json.loads(OPINIONS.read_text(encoding="utf-8")))


def column(pdf: bytes, x: tuple[int, int]) -> str:
    """One column of every page, squeezed, without repeated headers and page numbers."""
    text = pdftotext(pdf, "-x", str(x[0]), "-y", "70", "-W", str(x[1] - x[0]), "-H", "800")
    kept = [
        line
        for line in text.replace("\f", "\n").splitlines()
        if line.strip() not in ("ความเห็น", "ข้อเสนอแนะ") and not PAGE_NUMBER.match(line)
    ]
    return squeeze("\n".join(kept))


def test_the_seed_followup_reads_in_the_seed_order(client: TestClient[Any]) -> None:
    sid, _ = _finalized_seed(client)
    app = services_app(client)
    items = [
        i["id"] for i in client.get(f"/api/v1/submissions/{sid}").json()["submission"]["items"]
    ]
    opinions = seed_opinions()
    leads = [o["agency"] for o in opinions if o["number"].endswith(".๑")]
    app.handle(
        RecordResolution(
            submission_id=sid,
            resolved_on=date(2022, 11, 15),
            decision_th="รับทราบ และมอบหมายหน่วยงานที่เกี่ยวข้องพิจารณา",
            assignments=[
                Assignment(recommendation_id=rec, lead_agency=lead, agencies=["มท."])
                for rec, lead in zip(items, leads, strict=True)
            ],
        ),
        SECRETARIAT,
    )
    for opinion in opinions:  # in the seed's order: that is their order of arrival
        item = int(arabic_digits(opinion["number"]).split(".")[0])
        app.handle(
            SendAnswer(
                recommendation_id=items[item - 1],
                agency=opinion["agency"],
                opinion_th=opinion["opinion_th"],
                received_on=date(2022, 12, 1),
            ),
            SECRETARIAT,
        )
    wait_for_projections(app)

    pdf = client.get(f"/api/v1/submissions/{sid}/follow-up?format=pdf")  # anyone
    assert pdf.status_code == 200, pdf.text
    assert_in_order(
        column(pdf.content, OPINION),
        [squeeze(_as_printed(o)) for o in opinions],
    )
    assert_in_order(
        column(pdf.content, RECOMMENDATION),
        [squeeze(thai_digits(text)) for text in seed_recommendations()],
    )
    text = pdftotext(pdf.content)
    assert "ตาบล" not in text and "ตำบล" in text
    assert "ได้รับเป็นหนังสือ ลงวันที่ ๑ ธันวาคม ๒๕๖๕" in text  # marked as entered from paper
    assert squeeze("ที่ นร ๐๕๐๓/๒๘๐๓๖ ลงวันที่ ๘ พฤศจิกายน ๒๕๖๕") in squeeze(text)

    table = docx.Document(io.BytesIO(client.get(_url(sid, "docx")).content)).tables[-1]
    cells = "\n".join(r.cells[2].text for r in table.rows[1:])
    assert_in_order(squeeze(cells), [squeeze(_as_printed(o)) for o in opinions])
    # The submission's own export now carries the same opinions in its ความเห็น column.
    letter = client.get(f"/api/v1/submissions/{sid}/export?format=pdf").content
    assert_in_order(column(letter, (430, 560)), [squeeze(_as_printed(o))[:40] for o in opinions])


def _url(sid: str, fmt: str) -> str:
    return f"/api/v1/submissions/{sid}/follow-up?format={fmt}"


def _as_printed(opinion: dict[str, str]) -> str:
    """'๕.๑ ผู้แทน พอช. เห็นว่า …' as the seed prints it (its paragraphs one after another)."""
    ref = catalogued(opinion["agency"])
    assert ref is not None
    return f"{opinion['number']} {ref.representative_th} {opinion['opinion_th']}"


def long_followup(items: int = 12) -> SubmissionDocument:
    """The seed's document, its rows repeated, each with three long answers (one longer
    than a page)."""
    seed = seed_document()
    rows = []
    for n in range(1, items + 1):
        base = seed.items[(n - 1) % len(seed.items)]
        answers = [
            Answer(
                number=m,
                agency=code,
                agency_th=ref.name_th,
                abbreviation=ref.short_th,
                representative_th=ref.representative_th,
                lead=m == 1,
                text_th=f"เห็นว่า ข้อ {n}.{m} " + LONG * (12 if m == 2 and n % 4 == 0 else 2),
                on_paper=False,
                received_on=None,
                sent_at=None,
            )
            for m, code in enumerate(("nesdc", "moi", "opdc"), 1)
            if (ref := catalogued(code)) is not None
        ]
        rows.append(
            msgspec.structs.replace(
                base,
                number=n,
                answers=answers,
                opinions=[printed(n, a) for a in answers],
            )
        )
    part = FollowUp(revision=9, as_of=date(2022, 12, 1), resolved_on=date(2022, 11, 15))
    return msgspec.structs.replace(seed, items=rows, followup=part)


def test_a_long_followup_repeats_its_header_on_every_page_and_loses_no_line() -> None:
    document = long_followup()
    pdf = render_pdf(document)
    pages = pdftotext(pdf, "-layout").split("\f")[:-1]
    assert len(pages) >= 5
    for number, page in enumerate(pages, 1):
        assert any(HEADER.match(line) for line in page.splitlines()), f"page {number}"
    opinions = column(pdf, OPINION)
    expected = [squeeze(thai_digits(o)) for item in document.items for o in item.opinions]
    assert_in_order(opinions, expected)  # a page-long opinion comes back whole, in order
    assert re.search(r"๑๒\.๓ผู้แทนสำนักงานก\.พ\.ร\.", opinions)

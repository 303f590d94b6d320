"""Accessibility of the main pages, as the roles who see them, in real Chromium: every page
says `<html lang="th">`, and axe-core (npm, installed by `npm ci` in tests/browser/ and
injected by this test: the app never serves it) finds no form control without an accessible
name and nothing serious or critical. Each page checked leaves a screenshot, on a phone
(360x740) for the council and the public, on a desktop for the desks."""

from __future__ import annotations

from typing import Any

from assembly.actors import Role
from assembly.application import Assembly
from assembly.forum import PostComment
from assembly.responses import Assignment, RecordResolution
from tests.browser_kit import (
    DESKTOP,
    PHONE,
    axe_problems,
    axe_source,
    chromium,
    dump,
    keyboard_sign_in,
    new_tab,
    shot,
    unnamed_controls,
)
from tests.conftest import (
    CM,
    SECRETARIAT,
    add_user,
    create_recommendation,
    issue,
    proposal,
    wait_for_projections,
)
from tests.forum_scene import CM_COUNCILS
from tests.national_scene import YEAR, hall_by_commands
from tests.responses_scene import DATED, MOI, answer, finalized_submission
from tests.test_browser import live_server

__all__ = ["chromium", "live_server"]  # fixtures, picked up by name


def scene(app: Assembly) -> dict[str, Any]:
    """The national meeting's hall (its world: Chiang Mai's councils, two recommendations, a
    session, two delegates), and a council's proposal followed to an agency's answer, a
    comment in its issue's forum, and a proposal left on the coordinator's pile."""
    session, _recs, _codes = hall_by_commands(app)
    # (the accounts first: the council is told in its inbox of what comes back)
    for name, role, scope in (
        ("a-council", Role.COUNCIL, {"council_id": CM[0]}),
        ("a-coord", Role.COORDINATOR, {"province_code": "50"}),
        ("a-sec", Role.SECRETARIAT, {}),
        ("a-org", Role.ORGANIZER, {}),
    ):
        add_user(app, name, role, **scope)
    mine = proposal(app, CM[0], title_th="ที่ดินทำกินของหมู่บ้านป่าแดด")
    held = issue(app, mine, title="ที่ดินทำกินของชุมชน")
    proposal(app, CM[2], title_th="น้ำแล้งซ้ำซากในฤดูแล้ง")  # on the pile
    rec = create_recommendation(app, [held], title_th="เร่งออกโฉนดชุมชน").recommendation_id
    submission = finalized_submission(app, [rec])
    app.handle(
        RecordResolution(
            submission_id=submission,
            resolved_on=DATED,
            decision_th="รับทราบ และมอบหมายกระทรวงมหาดไทย",
            assignments=[Assignment(recommendation_id=rec, lead_agency="มท.")],
        ),
        SECRETARIAT,
    )
    answer(app, rec, MOI, "เห็นด้วยในหลักการ จะเร่งรัดการออกโฉนดชุมชน")
    app.handle(PostComment(subject_id=held, body_th="เห็นด้วย ขอให้เร่งรัด"), CM_COUNCILS[0])
    wait_for_projections(app)
    return {"session": session, "proposal": mine, "issue": held, "submission": submission}


MISSING = "/no-such-page"  # the Thai error page


def pages(s: dict[str, Any]) -> list[tuple[str | None, dict[str, Any], list[str]]]:
    """(who, their screen, the pages they see): None for a visitor not signed in; b-del1
    is a delegate of the hall's scene."""
    return [
        (
            None,
            PHONE,
            ["/", "/login", "/claim", f"/transparency/{YEAR}", f"/meetings/{YEAR}/hall", MISSING],
        ),
        (
            "a-council",
            PHONE,
            [
                "/",
                "/proposals/new",
                f"/proposals/{s['proposal']}",
                f"/forum/{s['issue']}",
                f"/forum/{YEAR}/provinces/50",
                "/inbox",
            ],
        ),
        (
            "a-coord",
            DESKTOP,
            ["/provinces/50/proposals", "/provinces/50/board", f"/provinces/50/meeting/{YEAR}"],
        ),
        ("a-sec", DESKTOP, [f"/submissions/{s['submission']}", f"/editions/{YEAR}/submissions"]),
        (
            "a-org",
            DESKTOP,
            [f"/meetings/{YEAR}/national", f"/meetings/{YEAR}/national/sessions/{s['session']}"],
        ),
        ("b-del1", PHONE, ["/meeting"]),
    ]


def test_main_pages_are_thai_named_and_pass_axe(
    live_server: str, chromium: Any, app: Assembly
) -> None:
    axe_source()  # fails first, and plainly, when npm never installed it
    s = scene(app)
    problems: dict[str, list[str]] = {}
    checked = 0

    def check(tab: Any, where: str, picture: str) -> None:
        found = [] if tab.locator("html").get_attribute("lang") == "th" else ["no lang=th"]
        found += axe_problems(tab) + unnamed_controls(tab)
        wide = tab.evaluate("document.documentElement.scrollWidth")
        if wide > tab.viewport_size["width"]:
            found.append(f"{wide} px wide on a {tab.viewport_size['width']} px screen")
        if found:
            problems[where] = found
        shot(tab, picture)

    for who, screen, paths in pages(s):
        tab = new_tab(chromium, screen, axe=True)
        if who:
            keyboard_sign_in(tab, live_server, who)
        for path in paths:
            response = tab.goto(f"{live_server}{path}")
            expected = 404 if path == MISSING else 200
            assert response is not None and response.status == expected, (who, path, response)
            tab.wait_for_load_state("load")
            tab.wait_for_timeout(300)  # htmx's load-triggered parts (similar proposals, jobs)
            name = "-".join(p for p in path.split("/") if p and len(p) < 30) or "home"
            check(tab, f"{who or 'visitor'} {path}", f"a11y-{who or 'visitor'}-{name}")
            checked += 1
        if screen is PHONE:  # and the header's menu as a phone opens it
            tab.locator("label.menu-button").tap()
            tab.locator("header nav").wait_for()
            check(tab, f"{who or 'visitor'} menu open", f"a11y-{who or 'visitor'}-menu-open")
        errors = [e for e in tab.errors if MISSING not in e]  # (the 404 asked for)
        assert errors == [], (who, errors)
        tab.context.close()
    assert checked == sum(len(p) for _, _, p in pages(s))
    assert problems == {}, dump(problems)


def test_the_check_sees_what_it_looks_for(live_server: str, chromium: Any) -> None:
    """The same check on a page spoiled on purpose: an unnamed field and button, text too
    pale to read, the language gone. It must say so (else a pass above means nothing)."""
    tab = new_tab(chromium, PHONE, axe=True)
    tab.goto(f"{live_server}/login")
    assert axe_problems(tab) == []
    tab.evaluate(
        """() => {
        const form = document.querySelector('main form');
        form.insertAdjacentHTML('beforeend', '<input name=x><button></button>');
        form.insertAdjacentHTML('beforeend', '<p class=pale>จางเกินอ่าน</p>');
        document.querySelector('.pale').style.color = '#eee';  // CSSOM: the CSP allows it
        document.documentElement.removeAttribute('lang');
        }"""
    )
    rules = {line.split(" ", 1)[0] for line in axe_problems(tab)}
    assert {"label", "button-name", "color-contrast", "html-has-lang"} <= rules, rules
    assert unnamed_controls(tab) == [
        "no accessible name: - textbox",
        "no accessible name: - button",
    ]

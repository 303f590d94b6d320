"""What the phone-and-desktop browser tests share: Debian's Chromium with a phone's context
(360x740, touch, a mobile user agent) and a desktop's, screenshots kept in one folder for
CI's artifacts, the keyboard's way through a form, and axe-core injected by the test (from
tests/browser/node_modules, installed by `npm ci`; the app never serves it)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.test_browser import ARGS, CHROMIUM, sync_api, watch

ROOT = Path(__file__).resolve().parent.parent
# `make test` names a fresh folder and prints it at the end; a bare pytest uses the same one.
SCREENSHOTS = Path(os.environ.get("TEST_SCREENSHOTS") or ROOT / "var/test-artifacts/screenshots")
AXE = ROOT / "tests/browser/node_modules/axe-core/axe.min.js"

ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "user_agent": ANDROID,
    "locale": "th-TH",
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}, "locale": "th-TH"}


@pytest.fixture
def chromium(live_server: str) -> Iterator[Any]:
    """One browser for several people: each gets a context of their own (their own cookies,
    their own screen), as a phone and a desktop would."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def new_tab(browser: Any, options: dict[str, Any], *, axe: bool = False) -> Any:
    """A tab in a new context, its errors collected (`watch`). With `axe`, axe-core is in
    every document it opens."""
    context = browser.new_context(**options)
    if axe:
        context.add_init_script(path=str(axe_source()))
    return watch(context.new_page())


def shot(tab: Any, name: str) -> Path:
    """A full-page PNG in the artifacts folder. Playwright leaves `style=""` on what it touched
    for the picture, which htmx would copy onto a swapped element under the strict CSP (a
    console error): taken off again."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    tab.evaluate("document.querySelectorAll('[style]').forEach(e => e.removeAttribute('style'))")
    return path


def tab_to(tab: Any, selector: str, limit: int = 60) -> None:
    """Press Tab until the element `selector` names has the focus, as a keyboard user would;
    fails if the page's tab order never reaches it."""
    for _ in range(limit):
        if tab.evaluate("s => !!document.activeElement?.matches(s)", selector):
            return
        tab.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector} on {tab.url}")


def keyboard_sign_in(tab: Any, base: str, username: str) -> None:
    """Sign in by the keyboard alone: Tab to the username, type, Tab, type, Enter."""
    tab.goto(f"{base}/login")
    tab_to(tab, "input[name=username]")
    tab.keyboard.type(username)
    tab.keyboard.press("Tab")
    tab.keyboard.type(PASSWORD)
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{base}/")


def axe_source() -> Path:
    if not AXE.exists():
        pytest.fail(
            "axe-core is not installed: the accessibility test needs node and npm; "
            "`make test` runs `npm ci` in tests/browser/ (package-lock.json)",
            pytrace=False,
        )
    return AXE


# Form controls without an accessible name, and a page without its language, fail at any
# impact; anything else when axe rates it serious or critical.
NAME_RULES = {
    "label",
    "select-name",
    "button-name",
    "input-button-name",
    "aria-input-field-name",
    "aria-toggle-field-name",
    "html-has-lang",
    "html-lang-valid",
}


def axe_problems(tab: Any) -> list[str]:
    """What axe-core finds wrong on the page as it stands, one line per rule and element."""
    found = tab.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary)}))"
    )
    problems = []
    for v in found:
        if v["id"] in NAME_RULES or v["impact"] in ("serious", "critical"):
            for node in v["nodes"][:5]:
                problems.append(f"{v['id']} ({v['impact']}): {v['help']}: {node}")
    return problems


# A control in Playwright's view of the accessibility tree with no name: `- textbox` alone,
# or with only its states and value (`- checkbox [checked]`, `- textbox: typed`).
UNNAMED = re.compile(
    r"^\s*- (textbox|searchbox|combobox|listbox|spinbutton|slider|checkbox|radio|switch|button)"
    r"(?: \[[^\]]*\])*(?::.*)?$"
)


def unnamed_controls(tab: Any) -> list[str]:
    """Form controls without an accessible name, read from the browser's accessibility tree
    (a second opinion beside axe's rules)."""
    tree = tab.locator("body").aria_snapshot()
    return [
        f"no accessible name: {line.strip()}" for line in tree.splitlines() if UNNAMED.match(line)
    ]


def dump(problems: dict[str, list[str]]) -> str:
    return json.dumps(problems, ensure_ascii=False, indent=1)

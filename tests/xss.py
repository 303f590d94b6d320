"""Payloads that try to become markup, and a check that a page shows them only as text.

Each payload carries a marker (XSS1…) so that a page can be searched for it: a page that
shows a payload must have its marker in its text, and no tag, attribute, script or URL made
from it (parsed with the stdlib's `html.parser`, as a browser would split the page)."""

from __future__ import annotations

from html.parser import HTMLParser

PAYLOADS = [
    '<script>alert("XSS1")</script> ขอโฉนดชุมชน',
    '"><img src=x onerror=alert("XSS2")> ที่ดินทำกิน',
    "javascript:alert('XSS3') หนี้สินเกษตรกร",
    "{{7*7}} XSS4 {% if 1 %}ถ้า{% endif %} ${7*7}",
    "</textarea><svg onload=alert('XSS5')> บ้านมั่นคง",
    "<svg><a xlink:href=\"javascript:alert('XSS6')\">ป่าชุมชน</a></svg>",
    "' onmouseover='alert(\"XSS7\")' data-x=' น้ำ",
]
MARKERS = [f"XSS{n}" for n in range(1, len(PAYLOADS) + 1)]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc"}
SAFE_ATTRIBUTES = {"value", "title", "aria-label", "alt", "placeholder", "content"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []  # markup made from a payload
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            joined = f"{name}={value or ''}"
            if not any(m in joined for m in MARKERS):
                continue
            if name in SAFE_ATTRIBUTES:
                self.text.append(value or "")  # shown, as a field's value or a title
            # A payload may be an attribute's value (an input's value, a title) but never
            # an event handler, a URL to run, or an attribute of its own.
            handler = name.startswith("on")
            runs = name in URL_ATTRIBUTES and "javascript:" in (value or "").lower()
            own = name not in SAFE_ATTRIBUTES and not name.startswith(("data-", "hx-"))
            if handler or runs or own:
                self.live.append(f"<{tag} {joined}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data and any(m in data for m in MARKERS):
            self.live.append(f"<script>{data[:80]}")
        self.text.append(data)


def live_markup(html: str) -> tuple[list[str], str]:
    """(markup made from a payload, the page's text and field values) of one HTML page."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.live, "".join(parser.text)


def shown_markers(text: str) -> set[str]:
    return {m for m in MARKERS if m in text}

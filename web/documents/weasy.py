"""What every PDF of ours shares with WeasyPrint: the bundled fonts, a fetcher that loads
nothing else, progress from WeasyPrint's own log, and exact Thai in the text layer.

The text layer. WeasyPrint writes one ToUnicode entry per glyph. HarfBuzz shapes Thai into
glyphs that do not map back one to one: sara am (ำ) becomes nikhahit + the glyph of sara aa, so
a PDF reader sees "ตาบล" for "ตำบล"; tone marks moved over a vowel come back in the wrong order
("สง่" for "ส่ง"). No font or feature setting avoids it. PDF's own answer is marked content
with an ActualText (ISO 32000-1, 14.9.4): `/Span <</ActualText <FEFF…>>> BDC … EMC` around
what is drawn, and readers (poppler's pdftotext, pdf.js, Acrobat) then give that text instead
of the glyphs' mappings. `install_actual_text` wraps WeasyPrint's `draw_first_line` (the one
place where a line of a text box is shown, inside its BT … ET) so that each line is marked with
the text of its box. It relies on that function's name and signature, which is why
pyproject.toml pins `weasyprint>=70,<71`; `test_pdf_text.py` fails if a new version breaks it.
"""

from __future__ import annotations

import base64
import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cache, wraps
from pathlib import Path
from typing import Any

import fontpkg
import pydyf
import weasyprint.draw.text as weasy_text
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assembly.thai import thai_digits
from web.documents import Progress

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

# The printed documents' templates (letters, submissions): one environment, strict, with
# Thai digits at hand.
print_templates = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
print_templates.filters["thai_digits"] = thai_digits

# Fonts for the characters Sarabun lacks, in the order tried (Debian: fonts-dejavu-core for
# symbols such as ⚖ and some emoji, fonts-droid-fallback for CJK, fonts-thai-tlwg for Thai).
FALLBACK_FAMILIES = ("DejaVu Sans", "Droid Sans Fallback", "Garuda", "Loma", "sans-serif")


@cache
def font_files() -> dict[str, Path]:
    """The Sarabun TTFs shipped by `fontpkg-sarabun`, by CSS weight."""
    return {
        "regular": fontpkg.path("Sarabun", weight=400),
        "bold": fontpkg.path("Sarabun", weight=700),
    }


_IMAGE_DATA = re.compile(r"^data:image/(png|jpeg);base64,[A-Za-z0-9+/=]+$")


class FontsOnly(URLFetcher):
    """Fetch only our own font files, plus the data: URIs a renderer made itself (an emblem):
    a document never reaches the network or other files, whatever its text says."""

    def __init__(self, images: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._images = frozenset(images)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        allowed = {path.as_uri() for path in font_files().values()} | self._images
        if url not in allowed:
            raise ValueError(f"documents may not load {url[:80]!r}")
        return super().fetch(url, headers)


def css_families(families: tuple[str, ...]) -> Markup:
    """A font-family list for the stylesheet (our own constants: safe to print unescaped)."""
    return Markup(", ".join(f'"{name}"' if " " in name else name for name in families))


def font_values() -> dict[str, Any]:
    """What the printed templates' stylesheets take: the bundled Sarabun and the fallbacks."""
    fonts = font_files()
    return {
        "font_regular": fonts["regular"].as_uri(),
        "font_bold": fonts["bold"].as_uri(),
        "fallbacks": css_families(FALLBACK_FAMILIES),
    }


def lay_out(html: str, images: tuple[str, ...] = ()) -> Document:
    """A printed document's HTML laid out, relative to our templates, loading nothing but our
    fonts and `images` (data: URIs the renderer made itself)."""
    return HTML(
        string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=FontsOnly(images=images)
    ).render()


def pdf_bytes(document: Document, **options: Any) -> bytes:
    pdf = document.write_pdf(**options)
    assert pdf is not None  # no target given: the bytes are returned
    return pdf


def image_data_uri(data: bytes) -> str:
    """A PNG or JPEG as a data: URI (anything else is refused: no SVG, no remote refs)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif data.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    else:
        raise ValueError("the emblem must be a PNG or JPEG image")
    uri = f"data:image/{kind};base64,{base64.b64encode(data).decode('ascii')}"
    assert _IMAGE_DATA.match(uri)
    return uri


# --- Exact text: ActualText around each drawn line -------------------------------------


def actual_text(text: str) -> pydyf.Dictionary:
    """The property list of a Span whose text is `text`: UTF-16BE with BOM, as a hex string
    (a hex string needs no escaping, whatever the text holds)."""
    encoded = b"\xfe\xff" + text.encode("utf-16-be")
    return pydyf.Dictionary({"ActualText": f"<{encoded.hex()}>"})


def _marked(draw_first_line: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(draw_first_line)
    def draw(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any, *a: Any) -> Any:
        text = textbox.text.strip()
        # An ellipsis changes what is drawn from the box's text: keep the glyphs' mapping then.
        if not text or text_overflow == "ellipsis" or block_ellipsis != "none":
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, *a)
        # pydyf's Stream, not WeasyPrint's: its own begin_marked_content is for tagged PDF.
        pydyf.Stream.begin_marked_content(stream, "Span", actual_text(textbox.text))
        try:
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, *a)
        finally:
            pydyf.Stream.end_marked_content(stream)

    draw.__actual_text__ = True  # type: ignore[attr-defined]
    return draw


def install_actual_text() -> None:
    """Mark every text line WeasyPrint draws with its ActualText (idempotent, process-wide:
    it only adds to the text layer, drawing is unchanged)."""
    if not getattr(weasy_text.draw_first_line, "__actual_text__", False):
        weasy_text.draw_first_line = _marked(weasy_text.draw_first_line)


# --- Progress: WeasyPrint logs each page it lays out --------------------------------------

_PAGE = re.compile(r"Creating layout - Page (\d+)")
_watchers = threading.local()


class _PageHandler(logging.Handler):
    """Forwards "Step 5 - Creating layout - Page n" to the render running on this thread."""

    def emit(self, record: logging.LogRecord) -> None:
        watcher: Callable[[int], None] | None = getattr(_watchers, "page", None)
        if watcher is None:
            return
        found = _PAGE.search(record.getMessage())
        if found:
            watcher(int(found[1]))


@cache
def _progress_logger() -> logging.Logger:
    # WeasyPrint's progress log is internal chatter: ours alone, not the application's log.
    logger = logging.getLogger("weasyprint.progress")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(_PageHandler())
    return logger


@contextmanager
def pages_watched(page: Callable[[int], None]) -> Iterator[None]:
    """Call `page(n)` as WeasyPrint lays out page n of a render on this thread."""
    _progress_logger()
    _watchers.page = page
    try:
        yield
    finally:
        _watchers.page = None


def pages_laid_out(
    progress: Progress, start: float, end: float, expected: int
) -> AbstractContextManager[None]:
    """Report each page as WeasyPrint lays it out, between `start` and `end` of the whole,
    on the scale of `expected` pages (an estimate: never past `end`)."""

    def page(number: int) -> None:
        done = min(number / max(expected, 1), 1.0)
        progress(start + (end - start) * done, f"กำลังจัดหน้าที่ {thai_digits(number)}")

    return pages_watched(page)


install_actual_text()

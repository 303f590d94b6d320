"""The provincial meeting's scene, shared by its test files: the 2569 edition's provincial
window (1 February to 31 March 2027) and three of Chiang Mai's issues for the agenda."""

from __future__ import annotations

import uuid
from datetime import datetime

from assembly.actors import SYSTEM
from assembly.application import Assembly
from assembly.calendar import SetTimeline
from assembly.thai import BANGKOK
from tests.conftest import CM, issue, proposal, setup_world


def open_window(app: Assembly) -> None:
    """The provincial meetings' window of 2569, which the meeting's day must lie in."""
    app.handle(
        SetTimeline(
            year_be=2569,
            provincial_starts_at=datetime(2027, 2, 1, 8, 0, tzinfo=BANGKOK),
            provincial_ends_at=datetime(2027, 3, 31, 17, 0, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )


def provincial_scene(app: Assembly) -> list[uuid.UUID]:
    """The world, the window, and Chiang Mai's three issues (land, debt, water)."""
    setup_world(app)
    open_window(app)
    return [
        issue(app, proposal(app, CM[0]), title="ที่ดินทำกินในเขตป่า"),
        issue(app, proposal(app, CM[1], title_th="หนี้นอกระบบ"), title="หนี้สินครัวเรือน"),
        issue(app, proposal(app, CM[2], title_th="น้ำแล้ง"), title="น้ำเพื่อการเกษตร"),
    ]

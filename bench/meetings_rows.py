"""The national meeting hall's figures (`bench.meetings`' printed rows) as rows of the common
table: check-ins within 10 minutes, the last vote on every screen within 1 s."""

from __future__ import annotations

import re

from bench.common import ratio, row


def _max_ms(text: object) -> float:
    found = re.search(r"max (\d+|inf) ms", str(text))
    return float(found.group(1)) if found else float("nan")


def meeting_rows(rows: list[list[object]], split: bool) -> list[dict[str, object]]:
    """Rows in `bench.meetings.run`'s order: check-ins, votes, one vote alone, the last
    vote on the screens, the close on the screens."""
    shape = "a worker and two --web-only" if split else "one serve process"
    name = "meetings_split" if split else "meetings"
    checkins = float(str(rows[0][1]).split()[0])
    alone, last, closed = _max_ms(rows[2][3]), _max_ms(rows[3][3]), _max_ms(rows[4][3])
    return [
        row(
            name,
            f"national meeting: 600 check-ins at 4 doors within 10 minutes ({shape})",
            f"{checkins:.1f} s ({rows[0][2]}, {rows[0][3]}); answers {rows[0][6]}",
            checkins,
            str(rows[0][4]),
            None,
            checkins <= 600,
        ),
        row(
            name,
            f"the last of 600 votes on all 200 screens < 1 s ({shape})",
            f"max {last:.0f} ms after it was acknowledged; the result max {closed:.0f} ms"
            f" after the close; votes {rows[1][1]} ({rows[1][2]}), {rows[1][6]}",
            last,
            f"one vote alone on the 200 screens max {alone:.0f} ms",
            ratio(last, alone),
            last < 1000,
        ),
    ]

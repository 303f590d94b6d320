"""A readable difference between two versions of a submission: which letter fields changed,
which items came, went or moved, and, inside a changed text, which words (cut at Thai word
boundaries, so a change shows as the words a person would mark)."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

import msgspec

from assembly.submissions import LABELS
from assembly.thaitext import segments
from projections.submissions import ItemView, VersionView


class Piece(msgspec.Struct, frozen=True):
    kind: str  # same | added | removed
    text: str


class FieldChange(msgspec.Struct, frozen=True):
    field: str
    label_th: str
    pieces: list[Piece]


class ItemChange(msgspec.Struct, frozen=True):
    id: str
    title_th: str
    change: str  # added | removed | moved | changed
    position_before: int | None  # 1-based
    position_after: int | None
    pieces: list[Piece] = msgspec.field(default_factory=list)  # for a changed text


class Diff(msgspec.Struct, frozen=True):
    from_version: int
    to_version: int
    letter: list[FieldChange]
    items: list[ItemChange]

    @property
    def empty(self) -> bool:
        return not self.letter and not self.items


def words_diff(before: str, after: str) -> list[Piece]:
    """The two texts as runs of kept, removed and added words."""
    a, b = segments(before) if before else [], segments(after) if after else []
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)


def _letter(
    before: dict[str, Any], after: dict[str, Any], names: dict[str, str]
) -> list[FieldChange]:
    changes = []
    for field in sorted(set(before) | set(after), key=_field_order):
        old, new = before.get(field), after.get(field)
        if old == new:
            continue
        if field == "signatory_id":  # show the names, not their ids
            old, new = names.get(str(old), ""), names.get(str(new), "")
        changes.append(
            FieldChange(field, LABELS.get(field, field), words_diff(_text(old), _text(new)))
        )
    return changes


def _field_order(field: str) -> int:
    order = list(LABELS)
    return order.index(field) if field in order else len(order)


def _items(before: list[ItemView], after: list[ItemView]) -> list[ItemChange]:
    old = {i.id: (n, i) for n, i in enumerate(before, 1)}
    new = {i.id: (n, i) for n, i in enumerate(after, 1)}
    # Moved: out of the order the kept items would otherwise be in.
    kept_before = [i.id for i in before if i.id in new]
    kept_after = [i.id for i in after if i.id in old]
    in_place = set()
    for op, i1, i2, _, _ in SequenceMatcher(None, kept_before, kept_after).get_opcodes():
        if op == "equal":
            in_place.update(kept_before[i1:i2])
    changes = []
    for item_id, (n, item) in new.items():
        if item_id not in old:
            changes.append(ItemChange(item_id, item.title_th, "added", None, n))
            continue
        m, was = old[item_id]
        if (was.title_th, was.text_th) != (item.title_th, item.text_th):
            pieces = words_diff(
                f"{was.title_th}\n{was.text_th}", f"{item.title_th}\n{item.text_th}"
            )
            changes.append(ItemChange(item_id, item.title_th, "changed", m, n, pieces))
        elif item_id not in in_place:
            changes.append(ItemChange(item_id, item.title_th, "moved", m, n))
    for item_id, (m, was) in old.items():
        if item_id not in new:
            changes.append(ItemChange(item_id, was.title_th, "removed", m, None))
    return changes


def diff(before: VersionView, after: VersionView, names: dict[str, str]) -> Diff:
    """`names`: signatory id -> name, for the signatory line."""
    return Diff(
        before.version,
        after.version,
        _letter(before.letter, after.letter, names),
        _items(before.items, after.items),
    )

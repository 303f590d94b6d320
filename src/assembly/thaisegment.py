"""newmm segmentation piece by piece: the same tokens as newmm on the whole text, each piece
between two spaces segmented once in the process (a catch-up segments every proposal of an
edition, and proposals share most of their phrases)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

# newmm yields every run of spaces and every newline as a token of its own, and no dictionary
# match crosses one unless the dictionary has a word with a space in it (a few idioms do).
_BREAK = re.compile(r"([ \t]+|\r?\n)")


class PieceSegmenter:
    """`segment(text)` gives `whole(text)`'s tokens (newmm over the whole text) by pieces.

    Given the whole-text segmenter and the dictionary it uses (from `assembly.thaitext`,
    which owns both: this module stays a leaf).
    """

    def __init__(self, whole: Callable[[str], list[str]], dictionary: Iterable[str]) -> None:
        self._whole = whole
        # What follows the first space of each dictionary word that has one (its first piece).
        heads = {_BREAK.split(w, maxsplit=1)[2].split()[0] for w in dictionary if _BREAK.search(w)}
        self._heads = frozenset(heads)
        self._lengths = tuple(sorted({len(h) for h in heads}))
        self._piece = lru_cache(maxsize=200_000)(lambda piece: tuple(whole(piece)))

    def _may_span(self, pieces: list[str]) -> bool:
        """Whether a dictionary word might reach across a space of the text: some piece after
        a space begins as the part after the space of such a word does."""
        return any(p[:n] in self._heads for p in pieces[2::2] for n in self._lengths)

    def segment(self, text: str) -> list[str]:
        """newmm's segmentation of the text, the same tokens as segmenting it whole, but cut
        at its spaces first so that each piece is segmented once in the process."""
        pieces = _BREAK.split(text)
        if len(pieces) == 1 or self._may_span(pieces):
            return self._whole(text)
        out: list[str] = []
        for i, piece in enumerate(pieces):
            if i % 2:
                out.append(piece)  # the space or newline between two pieces
            elif piece:
                out.extend(self._piece(piece))
        return out

"""newmm segmentation piece by piece: the same tokens as newmm on the whole text, each piece
between two spaces segmented once in the process (a catch-up segments every proposal of an
edition, and proposals share most of their phrases)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from assembly.thaitext import _dictionary, _tokenizer

# newmm yields every run of spaces and every newline as a token of its own, and no dictionary
# match crosses one unless the dictionary has a word with a space in it (a few idioms do).
_BREAK = re.compile(r"([ \t]+|\r?\n)")


@cache
def _spaced_heads() -> tuple[frozenset[str], tuple[int, ...]]:
    """What follows the first space of each dictionary word that has one (its first piece)."""
    heads = {_BREAK.split(w, maxsplit=1)[2].split()[0] for w in _dictionary() if _BREAK.search(w)}
    return frozenset(heads), tuple(sorted({len(h) for h in heads}))


def _may_span(pieces: list[str]) -> bool:
    """Whether a dictionary word might reach across a space of the text: some piece after a
    space begins as the part after the space of such a word does."""
    heads, lengths = _spaced_heads()
    return any(piece[:n] in heads for piece in pieces[2::2] for n in lengths)


@lru_cache(maxsize=200_000)
def _segment_piece(piece: str) -> tuple[str, ...]:
    return tuple(_tokenizer().word_tokenize(piece))  # type: ignore[attr-defined]


def segment(text: str) -> list[str]:
    """newmm's segmentation of the text, the same tokens as segmenting it whole, but cut at
    its spaces first so that each piece is segmented once in the process: proposals share
    most of their phrases (a catch-up segments every proposal of an edition)."""
    pieces = _BREAK.split(text)
    if len(pieces) == 1 or _may_span(pieces):
        return list(_tokenizer().word_tokenize(text))  # type: ignore[attr-defined]
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(piece)  # the space or newline between two pieces
        elif piece:
            out.extend(_segment_piece(piece))
    return out

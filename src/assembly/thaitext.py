"""Thai text for search: normalized spelling, segmented words (pythainlp newmm).

PostgreSQL has no Thai parser, so the projector stores these words and queries use the same
function: a word from the middle of a Thai text is found.
"""

from __future__ import annotations

import re
from functools import cache

from assembly.thai import normalize

_PUNCT = re.compile(r"[\s\"'“”‘’()\[\]{}<>.,;:!?/\\|@#$%^&*+=~`_-]+")
# Tone marks typed twice, or before a vowel that should come first, read the same.
_TONE = "\u0e48\u0e49\u0e4a\u0e4b"
_DOUBLE_TONE = re.compile(f"([{_TONE}])\\1+")
_TONE_BEFORE_VOWEL = re.compile(f"([{_TONE}])([\u0e31\u0e34-\u0e37\u0e38\u0e39\u0e47])")


def normalize_for_search(text: str) -> str:
    text = normalize(text).lower()
    text = _DOUBLE_TONE.sub(r"\1", text)
    return _TONE_BEFORE_VOWEL.sub(r"\2\1", text)


@cache
def _tokenizer() -> object:
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import Tokenizer

    return Tokenizer(custom_dict=set(thai_words()), engine="newmm")


def words(text: str) -> list[str]:
    tokenizer = _tokenizer()
    out = []
    for token in tokenizer.word_tokenize(normalize_for_search(text)):  # type: ignore[attr-defined]
        token = _PUNCT.sub("", token)
        if token:
            out.append(token)
    return out


@cache
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@cache
def parts(token: str) -> tuple[str, ...]:
    """Dictionary words inside a compound (เขตป่าสงวน -> เขต, ป่า, ป่าสงวน, สงวน), so that a
    search for a word in the middle of a compound finds it."""
    if len(token) < 4 or not ("\u0e00" <= token[0] <= "\u0e7f"):
        return ()
    known = _dictionary()
    found = {
        token[i:j]
        for i in range(len(token))
        for j in range(i + 2, min(len(token), i + 20) + 1)
        if (i, j) != (0, len(token)) and token[i:j] in known
    }
    return tuple(sorted(found))


def search_document(title: str, problem: str, solution: str) -> str:
    tokens = words(f"{title}\n{problem}\n{solution}")
    return " ".join([*tokens, *(p for t in set(tokens) for p in parts(t))])


def search_query(q: str) -> list[str]:
    return words(q)

"""Thai text for search and similarity: normalized spelling, segmented words, synonyms.

PostgreSQL has no Thai parser, so the projector stores these words and queries use the same
function: a word from the middle of a Thai text is found. Similarity uses them too, with
spelling variants, abbreviations and dialect words mapped to one canonical form.
"""

from __future__ import annotations

import re
from functools import cache

from assembly.thai import normalize

_PUNCT = re.compile(r"[\s\"'“”‘’()\[\]{}<>.,;:!?/\\|@#$%^&*+=~`_\-–—…]+")
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_DOUBLE_MARK = re.compile(f"([{_TONES}\u0e31\u0e34-\u0e3a\u0e47\u0e4c])\\1+")
# A tone mark typed before the upper/lower vowel it belongs after (ที่ typed as ท + ่ + ี).
_TONE_BEFORE_VOWEL = re.compile(f"([{_TONES}])([\u0e31\u0e34-\u0e37\u0e38\u0e39\u0e47])")
_REPEAT = re.compile(r"(\S+?)\s*ๆ")  # ไม้ยมก: the word before it, once
_LONG_RUN = re.compile(r"(.)\1{2,}")  # มากกกก -> มาก

# Words the segmenter must keep whole (abbreviations, agencies, programmes, dialect).
DOMAIN_WORDS = frozenset(
    """ส.ป.ก. สปก. ธ.ก.ส. ธกส. อบต. อบจ. พอช. รพ.สต. รพสต. สปสช. กสศ. ปภ. สทบ. อสม. พม.
    โฉนดชุมชน บ้านมั่นคง กองทุนหมู่บ้าน ป่าชุมชน ป่าสงวน หนี้นอกระบบ ประปาหมู่บ้าน
    สภาองค์กรชุมชน วิสาหกิจชุมชน ไร้สัญชาติ ไร้รัฐ เรือประมงพาณิชย์ ประมงพื้นบ้าน อวนลาก
    หมอกควัน ไฟป่า แก้มลิง ฝนทิ้งช่วง ถนนลูกรัง ติดเตียง ติดบ้าน เบี้ยยังชีพ เบี้ยความพิการ
    ยุบรวม ควบรวม นิคมอุตสาหกรรม เหมืองหิน เหมืองแร่ โพแทช ยางพารา ดอกโหด""".split()
)

# Variants -> one canonical word (abbreviation, synonym or dialect).
SYNONYMS: dict[str, str] = {
    "สปก.": "ส.ป.ก.",
    "สปก": "ส.ป.ก.",
    "ธกส.": "ธ.ก.ส.",
    "ธกส": "ธ.ก.ส.",
    "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร": "ธ.ก.ส.",
    "องค์การบริหารส่วนตำบล": "อบต.",
    "อบต": "อบต.",
    "โรงพยาบาลส่งเสริมสุขภาพตำบล": "รพ.สต.",
    "รพสต.": "รพ.สต.",
    "รพสต": "รพ.สต.",
    "สถาบันพัฒนาองค์กรชุมชน": "พอช.",
    "ที่ทำกิน": "ที่ดินทำกิน",
    "ที่นา": "ที่ดินทำกิน",
    "ไร่นา": "ที่ดินทำกิน",
    "เงินกู้นอกระบบ": "หนี้นอกระบบ",
    "ดอกโหด": "หนี้นอกระบบ",
    "ดอกลอย": "หนี้นอกระบบ",
    "ขาดน้ำ": "แล้ง",
    "ภัยแล้ง": "แล้ง",
    "ฝนทิ้งช่วง": "แล้ง",
    "น้ำบ่พอ": "แล้ง",
    "ฝุ่นควัน": "หมอกควัน",
    "ฝุ่นพิษ": "หมอกควัน",
    "pm2.5": "หมอกควัน",
    "pm25": "หมอกควัน",
    "ถนนดิน": "ถนนลูกรัง",
    "ทางลูกรัง": "ถนนลูกรัง",
    "ควบรวม": "ยุบรวม",
    "ติดบ้าน": "ติดเตียง",
    "ไร้รัฐ": "ไร้สัญชาติ",
    "บัตรประชาชน": "บัตรประจำตัวประชาชน",
    # dialect
    "บ่": "ไม่",
    "บ่ได้": "ไม่ได้",
    "เฮ็ด": "ทำ",
    "เฮ็ดนา": "ทำนา",
    "ข้าวนา": "นา",
    "หลาว": "ตอนนี้",
    "เหม็ด": "หมด",
    "พรือ": "อย่างไร",
    "น้ำประปา": "ประปา",
    "ประปาหมู่บ้าน": "ประปา",
}


def normalize_for_search(text: str) -> str:
    """One spelling for the many ways the same Thai word gets typed."""
    text = normalize(text).lower()
    text = _TONE_BEFORE_VOWEL.sub(r"\2\1", text)
    text = _DOUBLE_MARK.sub(r"\1", text)
    text = _LONG_RUN.sub(r"\1", text)
    return _REPEAT.sub(r"\1", text)


@cache
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words()) | DOMAIN_WORDS | frozenset(SYNONYMS)


@cache
def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords())


@cache
def _tokenizer() -> object:
    from pythainlp.tokenize import Tokenizer

    return Tokenizer(custom_dict=set(_dictionary()), engine="newmm")


def tokens(text: str) -> list[str]:
    """Every segmented word of the normalized text, punctuation and spaces dropped."""
    out = []
    for token in _tokenizer().word_tokenize(normalize_for_search(text)):  # type: ignore[attr-defined]
        token = token.strip()
        if token and not _PUNCT.fullmatch(token):
            out.append(SYNONYMS.get(token, token))
    return out


def words(text: str) -> list[str]:
    """Content words for similarity: tokens without stopwords, variants made canonical."""
    return content_words(tokens(text))


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


def _searchable(items: list[str]) -> list[str]:
    # The tsvector parser splits on dots: keep abbreviations whole for it.
    return [t.replace(".", "") for t in items]


def content_words(found: list[str]) -> list[str]:
    """`words` for tokens already segmented."""
    stop = _stopwords()
    return [t for t in found if t not in stop and len(t) > 1]


def search_text(found: list[str]) -> str:
    """The tsvector text for tokens already segmented: the tokens and their parts."""
    expanded = [*found, *(p for t in set(found) for p in parts(t))]
    return " ".join(_searchable(expanded))


def search_document(title: str, problem: str, solution: str) -> str:
    return search_text(tokens(f"{title}\n{problem}\n{solution}"))


def search_query(q: str) -> list[str]:
    return _searchable([t for t in tokens(q) if t not in _stopwords()] or tokens(q))

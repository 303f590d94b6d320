"""Thai text for search and similarity: normalized spelling, segmented words, synonyms.

PostgreSQL has no Thai parser, so the projector stores these words and queries use the same
function: a word from the middle of a Thai text is found. Similarity uses them too, with
spelling variants, abbreviations and dialect words mapped to one canonical form.
"""

from __future__ import annotations

import re
from functools import cache

from assembly.thai import normalize
from assembly.thaisegment import PieceSegmenter

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
    กยศ. กฟภ. กปภ. พช. สพฐ. สตง. กฟก. คทช. อย. สสส. ปปส. อปท. พ.ร.บ. ส.ค.1 น.ส.3
    โฉนดชุมชน บ้านมั่นคง กองทุนหมู่บ้าน ป่าชุมชน ป่าสงวน หนี้นอกระบบ ประปาหมู่บ้าน
    สภาองค์กรชุมชน วิสาหกิจชุมชน ไร้สัญชาติ ไร้รัฐ เรือประมงพาณิชย์ ประมงพื้นบ้าน อวนลาก
    หมอกควัน ไฟป่า แก้มลิง ฝนทิ้งช่วง ถนนลูกรัง ติดเตียง ติดบ้าน เบี้ยยังชีพ เบี้ยความพิการ
    ยุบรวม ควบรวม นิคมอุตสาหกรรม เหมืองหิน เหมืองแร่ โพแทช ยางพารา ดอกโหด เหมืองฝาย
    แก่เหมือง ค่าชดเชย ดินถล่ม""".split()
)

# Abbreviations and the full names of agencies -> one form.
ABBREVIATIONS: dict[str, str] = {
    "สปก.": "ส.ป.ก.",
    "สปก": "ส.ป.ก.",
    "สำนักงานการปฏิรูปที่ดินเพื่อเกษตรกรรม": "ส.ป.ก.",
    "เขตปฏิรูปที่ดิน": "ส.ป.ก.",
    "ธกส.": "ธ.ก.ส.",
    "ธกส": "ธ.ก.ส.",
    "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร": "ธ.ก.ส.",
    "องค์การบริหารส่วนตำบล": "อบต.",
    "อบต": "อบต.",
    "องค์การบริหารส่วนจังหวัด": "อบจ.",
    "อบจ": "อบจ.",
    "องค์กรปกครองส่วนท้องถิ่น": "อปท.",
    "โรงพยาบาลส่งเสริมสุขภาพตำบล": "รพ.สต.",
    "รพสต.": "รพ.สต.",
    "รพสต": "รพ.สต.",
    "สถานีอนามัย": "รพ.สต.",
    "อนามัย": "รพ.สต.",  # what villagers still call the tambon health station
    "รพ.": "โรงพยาบาล",
    "สถาบันพัฒนาองค์กรชุมชน": "พอช.",
    "กองทุนเงินให้กู้ยืมเพื่อการศึกษา": "กยศ.",
    "กยศ": "กยศ.",
    "การไฟฟ้าส่วนภูมิภาค": "กฟภ.",
    "กฟภ": "กฟภ.",
    "การประปาส่วนภูมิภาค": "กปภ.",
    "กปภ": "กปภ.",
    "อาสาสมัครสาธารณสุขประจำหมู่บ้าน": "อสม.",
    "อสม": "อสม.",
    "สำนักงานหลักประกันสุขภาพแห่งชาติ": "สปสช.",
    "สปสช": "สปสช.",
    "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์": "พม.",
    "กรมการพัฒนาชุมชน": "พช.",
    "กรมป้องกันและบรรเทาสาธารณภัย": "ปภ.",
    "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน": "สพฐ.",
    "สำนักงานการตรวจเงินแผ่นดิน": "สตง.",
    "กองทุนฟื้นฟูและพัฒนาเกษตรกร": "กฟก.",
    "คณะกรรมการนโยบายที่ดินแห่งชาติ": "คทช.",
    "สำนักงานคณะกรรมการอาหารและยา": "อย.",
    "พรบ.": "พ.ร.บ.",
    "พรบ": "พ.ร.บ.",
    "สค.1": "ส.ค.1",
    "นส.3": "น.ส.3",
    "กรุงเทพมหานคร": "กรุงเทพฯ",
    "กทม.": "กรุงเทพฯ",
    "กทม": "กรุงเทพฯ",
    "ผญบ.": "ผู้ใหญ่บ้าน",
    "ศพด.": "ศูนย์พัฒนาเด็กเล็ก",
    "ศูนย์เด็กเล็ก": "ศูนย์พัฒนาเด็กเล็ก",
}

# Regional words -> the central Thai word (Isan, Northern/Kham Mueang, Southern).
DIALECT: dict[str, str] = {
    # Isan: ร -> ฮ, ช -> ซ, and its own everyday words
    "บ่": "ไม่",
    "เฮ็ด": "ทำ",
    "เฮ็ดนา": "ทำนา",
    "เฮ็ดงาน": "ทำงาน",
    "เฮ็ดไฮ่": "ทำไร่",
    "เฮือน": "บ้าน",
    "ฮู้": "รู้",
    "ฮอด": "ถึง",
    "ไฮ่": "ไร่",
    "ฮ้อง": "ร้อง",
    "ฮั่ว": "รั่ว",
    "ฮัก": "รัก",
    "ฮักษา": "รักษา",
    "ฮ้อน": "ร้อน",
    "ฮ่วม": "ร่วม",
    "ฮวม": "รวม",
    "ฮ่อง": "ร่อง",
    "ฮ้าน": "ร้าน",
    "ซ้าง": "ช้าง",
    "ซ่อย": "ช่วย",
    "ซาย": "ทราย",
    "ซาวบ้าน": "ชาวบ้าน",
    "ซาวนา": "ชาวนา",
    "งัว": "วัว",
    "งัวควาย": "วัวควาย",
    "ขัว": "สะพาน",
    "ไผ": "ใคร",
    "ไส": "ไหน",
    "หยัง": "อะไร",
    "อิหยัง": "อะไร",
    "เทื่อ": "ครั้ง",
    "มื้อนี้": "วันนี้",
    "มื้ออื่น": "พรุ่งนี้",
    "ย้าน": "กลัว",
    "เว้า": "พูด",
    "เบิ่ง": "ดู",
    "เฮา": "เรา",
    "ข่อย": "ฉัน",
    "เพิ่น": "เขา",
    "แม่น": "ใช่",
    "ส่วนหลาย": "ส่วนใหญ่",
    "ปลาแดก": "ปลาร้า",
    "แซบ": "อร่อย",
    "ม่วน": "สนุก",
    "ข้าวนา": "นา",
    "น้ำบ่พอ": "แล้ง",
    "เด็กน้อย": "เด็ก",
    "บักหำ": "เด็ก",
    "บักหำน้อย": "เด็ก",
    "อีหล่า": "เด็ก",
    "ผู้เฒ่า": "ผู้สูงอายุ",
    "คนเฒ่า": "ผู้สูงอายุ",
    "ผู้เฒ่าผู้แก่": "ผู้สูงอายุ",
    "คนเฒ่าคนแก่": "ผู้สูงอายุ",
    "พ่อใหญ่": "ผู้สูงอายุ",
    "แม่ใหญ่": "ผู้สูงอายุ",
    "พ่อเฒ่า": "ผู้สูงอายุ",
    "แม่เฒ่า": "ผู้สูงอายุ",
    # Northern
    "อู้": "พูด",
    "กิ๋น": "กิน",
    "ละอ่อน": "เด็ก",
    "อุ๊ย": "ผู้สูงอายุ",
    "พ่ออุ๊ย": "ผู้สูงอายุ",
    "แม่อุ๊ย": "ผู้สูงอายุ",
    "ปี้": "พี่",
    "ปี้น้อง": "พี่น้อง",
    "เปิ้น": "เขา",
    "ฮื้อ": "ให้",
    "หื้อ": "ให้",
    "กาด": "ตลาด",
    "กาดนัด": "ตลาดนัด",
    "ผ่อ": "ดู",
    "ลำเหมือง": "คลองส่งน้ำ",  # an irrigation ditch, not a mine
    "ดอย": "ภูเขา",
    "ภู": "ภูเขา",
    # Southern
    "หลาว": "ตอนนี้",
    "เหม็ด": "หมด",
    "หร็อย": "ดี",
    "พรือ": "อย่างไร",
    "ทำพรือ": "ทำอย่างไร",
    "ไหร": "อะไร",
    "แหลง": "พูด",
    "ม่าย": "ไม่",
    "ลูกเด็ก": "เด็ก",
    "นายหัว": "นายจ้าง",
    "ต้นโหนด": "ต้นตาล",
    "โหนด": "ตาล",
    "ขี้หมิ้น": "ขมิ้น",
}

# Words that mean the same thing in these proposals -> one of them.
VARIANTS: dict[str, str] = {
    "ที่ทำกิน": "ที่ดินทำกิน",
    "ที่นา": "ที่ดินทำกิน",
    "ไร่นา": "ที่ดินทำกิน",
    "เงินกู้นอกระบบ": "หนี้นอกระบบ",
    "ดอกโหด": "หนี้นอกระบบ",
    "ดอกลอย": "หนี้นอกระบบ",
    "ขาดน้ำ": "แล้ง",
    "ภัยแล้ง": "แล้ง",
    "ฝนทิ้งช่วง": "แล้ง",
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
    "น้ำประปา": "ประปา",
    "ประปาหมู่บ้าน": "ประปา",
    "อุทกภัย": "น้ำท่วม",
    "น้ำท่วมขัง": "น้ำท่วม",
    "ดินโคลนถล่ม": "ดินถล่ม",
    "ดินสไลด์": "ดินถล่ม",
    "ดินไสลด์": "ดินถล่ม",
    "โคลนถล่ม": "ดินถล่ม",
    "ค่าเยียวยา": "ค่าชดเชย",
    "เงินเยียวยา": "ค่าชดเชย",
    "เงินชดเชย": "ค่าชดเชย",
    "ค่าทดแทน": "ค่าชดเชย",
    "โค": "วัว",
    "กระบือ": "ควาย",
    "โคกระบือ": "วัวควาย",
    "สุกร": "หมู",
    "สุนัข": "หมา",
    "คนป่วย": "ผู้ป่วย",
    "คนไข้": "ผู้ป่วย",
    "ผู้พิการ": "คนพิการ",
    "ผู้มีความพิการ": "คนพิการ",
    "คนชรา": "ผู้สูงอายุ",
    "คนแก่": "ผู้สูงอายุ",
    "ผู้สูงวัย": "ผู้สูงอายุ",
    "เรือน": "บ้าน",
    "บ้านเรือน": "บ้าน",
    "หลังคาเรือน": "ครัวเรือน",
    "แรงงานต่างด้าว": "แรงงานข้ามชาติ",
    "พม่า": "เมียนมา",
    "อินเตอร์เน็ต": "อินเทอร์เน็ต",
    "อินเตอร์เนต": "อินเทอร์เน็ต",
    "อินเทอร์เนต": "อินเทอร์เน็ต",
    "เน็ต": "อินเทอร์เน็ต",
    "มือถือ": "โทรศัพท์มือถือ",
    "โซล่าเซลล์": "โซลาร์เซลล์",
    "โซล่าร์เซลล์": "โซลาร์เซลล์",
    "โซลาเซลล์": "โซลาร์เซลล์",
    "ตั้งท้อง": "ตั้งครรภ์",
    "มีครรภ์": "ตั้งครรภ์",
    "คิดสั้น": "ฆ่าตัวตาย",
    "เอกสารสิทธิ์": "เอกสารสิทธิ",
}

# The misspellings of the Royal Institute's list that councils type most.
MISSPELLINGS: dict[str, str] = {
    "อนุญาติ": "อนุญาต",
    "โอกาศ": "โอกาส",
    "สาธารณะสุข": "สาธารณสุข",
    "สังเกตุ": "สังเกต",
    "เกษตกร": "เกษตรกร",
    "บุคคลากร": "บุคลากร",
    "ทรัพยากรณ์": "ทรัพยากร",
    "ผาสุข": "ผาสุก",
    "รสชาด": "รสชาติ",
    "ผูกพันธ์": "ผูกพัน",
    "คลีนิก": "คลินิก",
    "คลีนิค": "คลินิก",
    "ลายเซ็นต์": "ลายเซ็น",
    "ศรีษะ": "ศีรษะ",
    "สัปปะรด": "สับปะรด",
    "อุปสรรค์": "อุปสรรค",
    "เครื่องสำอางค์": "เครื่องสำอาง",
    "บรรเทาสาธารณะภัย": "บรรเทาสาธารณภัย",
    "สาธารณะประโยชน์": "สาธารณประโยชน์",
    "สาธารณูปโภต": "สาธารณูปโภค",
}

# Variants -> one canonical word (abbreviation, dialect, synonym or misspelling).
SYNONYMS: dict[str, str] = {**ABBREVIATIONS, **DIALECT, **VARIANTS, **MISSPELLINGS}

# Particles and intensifiers of the regional languages: they say how, not what.
DIALECT_STOPWORDS = frozenset("กะ สิ เด้อ เนาะ เน้อ เจ้า ก่อ ตะ นิ โหม หนิ จ๊าด แต๊ จังหู หนัด".split())

# ฏ and ฎ swapped: กฎ is never spelled with ฏ, nor ปฏิ- with ฎ.
_PA_TAK_CHADA = (("ปฎิ", "ปฏิ"), ("กฏ", "กฎ"))


def normalize_for_search(text: str) -> str:
    """One spelling for the many ways the same Thai word gets typed."""
    text = normalize(text).lower()
    text = _TONE_BEFORE_VOWEL.sub(r"\2\1", text)
    text = _DOUBLE_MARK.sub(r"\1", text)
    text = _LONG_RUN.sub(r"\1", text)
    for wrong, right in _PA_TAK_CHADA:
        text = text.replace(wrong, right)
    # (the ไม้ยมก pattern backtracks over every word: most texts have none, so look first)
    return _REPEAT.sub(r"\1", text) if "ๆ" in text else text


@cache
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words()) | DOMAIN_WORDS | frozenset(SYNONYMS) | DIALECT_STOPWORDS


@cache
def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords()) | DIALECT_STOPWORDS


@cache
def _tokenizer() -> object:
    from pythainlp.tokenize import Tokenizer

    return Tokenizer(custom_dict=set(_dictionary()), engine="newmm")


@cache
def _pieces() -> PieceSegmenter:
    return PieceSegmenter(_tokenizer().word_tokenize, _dictionary())  # type: ignore[attr-defined]


def _segment(text: str) -> list[str]:
    return _pieces().segment(text)  # newmm's tokens of the whole text, piece by piece


def canonical(token: str) -> str:
    """The one form of a variant (abbreviation, dialect, synonym, misspelling)."""
    return SYNONYMS.get(token, token)


def tokens(text: str) -> list[str]:
    """Every segmented word of the normalized text, punctuation and spaces dropped."""
    found = (t.strip() for t in _segment(normalize_for_search(text)))
    return [canonical(t) for t in found if t and not _PUNCT.fullmatch(t)]


def segments(text: str) -> list[str]:
    """The text cut at Thai word boundaries, nothing dropped: joined, they give it back."""
    return _segment(text)


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


# Thai vowel and tone marks written above or below a letter: they add no letter of their own.
_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a") | frozenset(
    chr(c) for c in range(0x0E47, 0x0E4F)
)


def is_word(token: str) -> bool:
    """A whole word a reader recognises: at least two letters (marks not counted: น้ำ and ป่า
    are words, a lone consonant is not) and, when Thai, in the dictionary."""
    letters = [ch for ch in token if ch not in _MARKS]
    if len(letters) < 2:
        return False
    thai_script = any("\u0e00" <= ch <= "\u0e7f" for ch in token)
    return not thai_script or token in _dictionary()


def content_words(found: list[str]) -> list[str]:
    """`words` for tokens already segmented."""
    stop = _stopwords()
    return [t for t in found if t not in stop and len(t) > 1]


def search_text(found: list[str]) -> str:
    """The tsvector text for tokens already segmented: the tokens and their parts."""
    # In the order of first appearance, not a set's: a set's order changes with each
    # process's hash seed, and a rebuild must give the same tsvector (positions and all).
    expanded = [*found, *(p for t in dict.fromkeys(found) for p in parts(t))]
    return " ".join(_searchable(expanded))


def search_document(title: str, problem: str, solution: str) -> str:
    return search_text(tokens(f"{title}\n{problem}\n{solution}"))


def search_query(q: str) -> list[str]:
    return _searchable([t for t in tokens(q) if t not in _stopwords()] or tokens(q))

"""What similar proposals and suggested groups compare: a proposal's canonical content words
(title words count more, compound words also by their parts, the category as one more word,
the words of the petition genre left out) and the character 3-grams of its normalized text."""

from __future__ import annotations

from collections import Counter, defaultdict

from assembly.thaitext import canonical, is_word, normalize_for_search, parts, words

TITLE_BOOST = 2
CATEGORY_WEIGHT = 2  # the category a council chose, as one more (strong) word
PART_WEIGHT = 0.5  # the dictionary words inside a compound word


# Words of the petition genre itself: every proposal asks, solves, names its tambon.
GENRE_STOPWORDS = frozenset(
    """ขอ ขอให้ ให้ ปัญหา แก้ไข แก้ปัญหา เร่ง เร่งรัด ดำเนินการ สนับสนุน ส่งเสริม ชาวบ้าน
    ประชาชน ชุมชน ตำบล หมู่บ้าน หมู่ที่ พื้นที่ หน่วยงาน รัฐ รัฐบาล ภาครัฐ จังหวัด อำเภอ ทุกปี
    ปี ครัวเรือน จำนวนมาก หลายคน ได้รับ เดือดร้อน ความเดือดร้อน ต้องการ เพื่อ ทำให้ ปัจจุบัน
    ตอนนี้ จัด จัดทำ โครงการ พิจารณา แนวทาง มาตรการ หลาย ราย คน บาท ไร่ ครั้ง เดือน วัน
    ต้อง เกิด มาก ขึ้น""".split()
)


def word_features(
    title: str, problem: str, solution: str, category: str | None = None
) -> dict[str, float]:
    return feature_counts(words(title), words(f"{problem}\n{solution}"), category)


def shown_words(title: str, problem: str, solution: str) -> set[str]:
    """The words worth showing a person as "shared words": whole content words of the text
    (not the parts of compounds, which give fragments such as เก of เกษตร, nor the category),
    each a dictionary word at least two letters long (issue 10)."""
    found = words(title) + words(f"{problem}\n{solution}")
    return {w for w in map(canonical, found) if w not in GENRE_STOPWORDS and is_word(w)}


def feature_counts(
    title_words: list[str], body_words: list[str], category: str | None = None
) -> dict[str, float]:
    """Words (title ones count more), the parts of compound words, and the category.

    Words stored by an older projector are made canonical again here (a cheap lookup), so
    a new synonym applies without segmenting every proposal anew.
    """
    counts: dict[str, float] = defaultdict(float)
    for found, weight in ((body_words, 1.0), (title_words, float(TITLE_BOOST))):
        for w in found:
            w = canonical(w)
            if w in GENRE_STOPWORDS:
                continue
            counts[w] += weight
            for part in parts(w):
                counts[part] += weight * PART_WEIGHT
    if category:
        counts[f"category:{category}"] += CATEGORY_WEIGHT
    return counts


def gram_features(title: str, problem: str, solution: str) -> Counter[str]:
    text = "".join(normalize_for_search(f"{title} {problem} {solution}").split())
    return Counter(text[i : i + 3] for i in range(max(0, len(text) - 2)))

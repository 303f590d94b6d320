"""The default taxonomy of an edition (configurable per edition: `SetCategories`)."""

from __future__ import annotations

# The themes seen in real national meetings and in council work (MISSION.md).
DEFAULT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("land", "ที่ดินทำกินและที่อยู่อาศัย"),
    ("housing", "ที่อยู่อาศัยและบ้านมั่นคง"),
    ("debt", "หนี้สินชุมชน"),
    ("agriculture", "เกษตรกรรม"),
    ("natural-resources", "ทรัพยากรธรรมชาติและสิ่งแวดล้อม"),
    ("disaster", "ภัยพิบัติ"),
    ("welfare", "สวัสดิการและกลุ่มเปราะบาง"),
    ("health", "สุขภาพ"),
    ("education", "การศึกษา"),
    ("infrastructure", "โครงสร้างพื้นฐาน"),
    ("community-rights", "สิทธิชุมชน"),
    ("human-rights", "สิทธิมนุษยชน"),
    ("decentralization", "การกระจายอำนาจ"),
    ("grassroots-economy", "เศรษฐกิจฐานราก"),
    ("state-projects", "ผลกระทบจากโครงการพัฒนาของรัฐ"),
)

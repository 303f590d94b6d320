"""What every format prints of the answers: the ความเห็น cell (each numbered opinion, and in
the follow-up its note and the agencies still awaited) and the follow-up's head (the
submission, the Cabinet's resolution and its amendments). Thai digits throughout; the
renderers only lay these out."""

from __future__ import annotations

from dataclasses import dataclass

from assembly.thai import thai_date, thai_digits
from projections.documents import Answer, Awaited, Item, SubmissionDocument

TITLE = "สรุปผลการพิจารณา"
NO_RESOLUTION = "ยังไม่มีมติคณะรัฐมนตรีต่อหนังสือฉบับนี้"
NO_ANSWER = "ยังไม่มีความเห็นจากหน่วยงาน"

TEXT, NOTE, AWAITED = "text", "note", "awaited"


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph of the ความเห็น cell: an opinion's text, a note under it (dates, paper,
    lead agency), or an agency still awaited (`overdue` marks it)."""

    text: str
    kind: str = TEXT
    overdue: bool = False


def paragraphs(text: str) -> list[str]:
    return [thai_digits(part.strip()) for part in text.split("\n") if part.strip()]


def _day(value: object) -> str:
    return thai_date(value, digits=True)  # type: ignore[arg-type]


def answer_note(answer: Answer) -> str:
    """'หน่วยงานหลัก · ได้รับเป็นหนังสือ ลงวันที่ ๓๐ มีนาคม ๒๕๖๕ · ปรับปรุงแล้ว ๑ ครั้ง'."""
    parts = []
    if answer.lead:
        parts.append("หน่วยงานหลัก")
    if answer.on_paper:
        dated = f" ลงวันที่ {_day(answer.received_on)}" if answer.received_on else ""
        parts.append(f"ได้รับเป็นหนังสือ{dated} ฝ่ายเลขานุการบันทึกแทน")
    elif answer.sent_at:
        parts.append(f"ส่งทางระบบ {_day(answer.sent_at)}")
    if answer.assigned_with_answer:
        parts.append("ไม่ได้รับมอบหมายไว้ บันทึกตามเอกสาร")
    if answer.superseded:
        parts.append(thai_digits(f"ส่งฉบับใหม่แทนแล้ว {answer.superseded} ครั้ง"))
    return " · ".join(parts)


def awaited_line(awaited: Awaited) -> Line:
    """'รอความเห็นจาก มท. (หน่วยงานหลัก) กำหนดตอบ ๒๐ ธันวาคม ๒๕๖๙ · เกินกำหนด'."""
    text = f"รอความเห็นจาก {awaited.abbreviation}"
    if awaited.lead:
        text += " (หน่วยงานหลัก)"
    if awaited.due_on:
        text += f" กำหนดตอบ {_day(awaited.due_on)}"
    if awaited.overdue:
        text += " · เกินกำหนด"
    return Line(text, AWAITED, awaited.overdue)


def opinion_lines(item: Item, *, followup: bool) -> list[Line]:
    """The ความเห็น cell: each opinion as printed ("๑.๑ ผู้แทน สศช. …", one paragraph a line);
    in the follow-up, each with its note, then the agencies still awaited."""
    lines: list[Line] = []
    for n, opinion in enumerate(item.opinions):
        lines += [Line(p) for p in paragraphs(opinion)]
        note = answer_note(item.answers[n]) if followup and n < len(item.answers) else ""
        if note:
            lines.append(Line(note, NOTE))
    if followup:
        lines += [awaited_line(a) for a in item.awaited]
        if not lines:
            lines.append(Line(NO_ANSWER, NOTE))
    return lines


def head(document: SubmissionDocument) -> list[tuple[str, str]]:
    """The follow-up's head, (label, text) a line: which submission, the resolution and each
    amendment with its reason, the date the figures stand at, and how many answered."""
    letter, part = document.letter, document.followup
    assert part is not None
    lines = [
        ("หนังสือ", f"ที่ {letter.number} ลงวันที่ {_day(letter.dated)}" if letter.dated else ""),
        ("เรื่อง", letter.subject),
    ]
    if part.resolved_on is None:
        lines.append(("มติคณะรัฐมนตรี", NO_RESOLUTION))
    else:
        lines.append(("มติคณะรัฐมนตรี", f"เมื่อวันที่ {_day(part.resolved_on)} {part.decision_th}"))
        if part.notified_on:
            lines.append(("แจ้งหน่วยงาน", f"เมื่อวันที่ {_day(part.notified_on)}"))
    for n, amendment in enumerate(part.amendments, 1):
        lines.append(
            (
                f"แก้ไขมติ ครั้งที่ {n}",
                f"บันทึกเมื่อ {_day(amendment.amended_on)} (มติวันที่ {_day(amendment.resolved_on)})"
                f" เหตุผล: {amendment.reason_th}",
            )
        )
    answered = sum(len(item.answers) for item in document.items)
    awaited = [a for item in document.items for a in item.awaited]
    overdue = sum(1 for a in awaited if a.overdue)
    if part.resolved_on is not None:
        count = f"ได้รับ {answered:,} ความเห็น รออีก {len(awaited):,} หน่วยงาน"
        lines.append(("ความเห็น", count + (f" (เกินกำหนด {overdue:,})" if overdue else "")))
    if part.as_of:
        lines.append(("ข้อมูล ณ วันที่", _day(part.as_of)))
    return [(thai_digits(label), thai_digits(text)) for label, text in lines]

"""Demo forum: a few comments and endorsements on Chiang Mai's issues and on the national
recommendations, one comment reported and hidden with a reason, so that a new user sees the
forum at work (the demo council's own comment is the hidden one: signed in as
`demo-council`, its inbox says why; as `demo-coordinator`, the moderators' list has it).

Councils speak through their own accounts; those without one in the demo get a made-up
account id (events carry account ids only, never names)."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import NAMESPACE_URL, UUID, uuid5

from assembly.actors import Actor, Role
from assembly.application import Assembly
from assembly.councils import RegisterCouncil, council_id
from assembly.errors import DomainError
from assembly.forum import Endorse, HideComment, PostComment, ReportComment
from web.demo_consolidation import Consolidated

NAMESPACE = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/demo/forum")
DEMO_COUNCIL = "T500101"  # the `demo-council` account's council (Si Phum, Chiang Mai)

# (the commenting council's place among Chiang Mai's, words) for the province's first issues
ISSUE_TALK = (
    (
        (
            0,
            "ในตำบลของเราเจอปัญหานี้มากว่า 10 ปี ชาวบ้านกว่า 80 ครัวเรือนยังไม่มีเอกสารสิทธิ"
            " สภาเห็นด้วยให้เสนอเป็นวาระแรกของการประชุมจังหวัด",
        ),
        (
            1,
            "ขอให้ผู้ประสานงานจังหวัดรวบรวมข้อมูลแปลงที่ดินจากทุกตำบลก่อนวันประชุม"
            " สภาของเรายินดีส่งผลสำรวจที่ทำไว้เมื่อปีที่แล้วให้",
        ),
        (2, "เห็นด้วย และควรเชิญผู้แทนหน่วยงานที่เกี่ยวข้องมารับฟังในวันประชุมด้วย"),
    ),
    (
        (3, "ควรแยกให้ชัดว่าพื้นที่ใดแก้ได้ในระดับจังหวัด พื้นที่ใดต้องเสนอถึงคณะรัฐมนตรี"),
        (0, "ปัญหานี้แก้ไม่ได้เพราะเจ้าหน้าที่บางคนรับเงินใต้โต๊ะ ทุกคนรู้ดีว่าเป็นใคร"),  # hidden
    ),
)
HIDDEN = (1, 1)  # which comment of ISSUE_TALK the coordinator hides
REPORT_REASON = "กล่าวหาเจ้าหน้าที่โดยไม่มีหลักฐาน"
HIDE_REASON = "กล่าวหาบุคคลโดยไม่มีหลักฐาน ขอให้เสนอข้อเท็จจริงของปัญหาแทน แล้วส่งความเห็นใหม่ได้"
ISSUE_ENDORSERS = (7, 4, 2)  # how many Chiang Mai councils endorse each of the first issues
# For the recommendations: two councils of each of these provinces (Bangkok, Khon Kaen,
# Songkhla, Ubon Ratchathani, Chiang Mai with the demo council), by their place in that list.
REC_PROVINCES = ("10", "40", "90", "34", "50")
REC_TALK = (
    (
        (2, "สภาในภาคอีสานเจอปัญหาเดียวกัน ขอให้ข้อเสนอแนะระบุกรอบเวลาที่หน่วยงานต้องตอบให้ชัดเจน"),
        (4, "ควรให้สภาองค์กรชุมชนตำบลมีผู้แทนในคณะทำงานติดตามผลระดับจังหวัดด้วย"),
    ),
    ((8, "เห็นด้วยทั้งหมด ขอให้ที่ประชุมระดับชาติรับรองข้อเสนอแนะนี้"),),
)
REC_ENDORSERS = (5, 3)


def _comment(subject: UUID, i: int, words: str) -> PostComment:
    """The demo's i-th comment on a subject, its id fixed by both (a second load finds it)."""
    return PostComment(
        subject_id=subject, body_th=words, comment_id=uuid5(NAMESPACE, f"comment|{subject}|{i}")
    )


def _speaker(council: UUID, accounts: Mapping[str, UUID]) -> Actor:
    own = accounts.get("demo-council") if council == council_id(DEMO_COUNCIL) else None
    account = own or uuid5(NAMESPACE, f"account|{council}")
    return Actor(Role.COUNCIL, account_id=str(account), council_id=str(council))


def _councils(councils: list[RegisterCouncil], province: str) -> list[UUID]:
    """A province's councils, the demo council first where it is one of them."""
    ids = [council_id(c.code) for c in councils if c.province_code == province]
    first = council_id(DEMO_COUNCIL)
    return sorted(ids, key=lambda c: c != first)


def load(
    app: Assembly,
    councils: list[RegisterCouncil],
    consolidated: Consolidated,
    accounts: Mapping[str, UUID],
) -> int:
    """Returns the last notification id (0 when nothing was said: no Chiang Mai issues, or
    the demo loaded after the forum closed)."""
    local = _councils(councils, "50")
    chiang_mai = [i.issue_id for i in consolidated.issues if i.province_code == "50" and local]
    speakers = [c for p in REC_PROVINCES for c in _councils(councils, p)[:2]]
    recs = [r.recommendation_id for r in consolidated.recommendations if speakers]
    moderator = accounts.get("demo-coordinator") or uuid5(NAMESPACE, "account|coordinator")
    coordinator = Actor(Role.COORDINATOR, account_id=str(moderator), province_code="50")
    last = 0
    try:
        for n, (subject, talk) in enumerate(zip(chiang_mai, ISSUE_TALK, strict=False)):
            for i, (who, words) in enumerate(talk):
                said = _comment(subject, i, words)
                last = app.handle(said, _speaker(local[who % len(local)], accounts))
                if (n, i) == HIDDEN:
                    reporter = _speaker(local[1 % len(local)], accounts)
                    report = ReportComment(comment_id=said.comment_id, reason_th=REPORT_REASON)
                    app.handle(report, reporter)
                    hide = HideComment(comment_id=said.comment_id, reason_th=HIDE_REASON)
                    last = app.handle(hide, coordinator)
        for subject, many in zip(chiang_mai, ISSUE_ENDORSERS, strict=False):
            for council in local[:many]:
                last = app.handle(Endorse(subject_id=subject), _speaker(council, accounts))
        for subject, talk, many in zip(recs, REC_TALK, REC_ENDORSERS, strict=False):
            for i, (who, words) in enumerate(talk):
                said = _comment(subject, i, words)
                last = app.handle(said, _speaker(speakers[who % len(speakers)], accounts))
            for council in speakers[:many]:
                last = app.handle(Endorse(subject_id=subject), _speaker(council, accounts))
    except DomainError:  # the forum closed already (the demo loaded after the meetings)
        return last
    return last

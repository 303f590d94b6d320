"""Demo consolidation: provincial issues over part of the demo's submitted proposals, and
national recommendations over the themes many provinces raised. The rest of the submitted
proposals stay unconsolidated, so the coordinator's board has work (and suggestions) left.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from uuid import UUID

from assembly import geography
from assembly.actors import SYSTEM
from assembly.application import Assembly
from assembly.commands import Command
from assembly.consolidation import CreateIssue, RankIssues
from assembly.editions import DEFAULT_CATEGORIES
from assembly.proposals import DraftProposal, SubmitProposal
from assembly.recommendations import CreateRecommendation
from assembly.submissions import ComposeSubmission

SHARE = 0.6  # of each province's submitted proposals taken into issues
PER_ISSUE = 12  # proposals at most in one demo issue
THEMES = dict(DEFAULT_CATEGORIES)
AGENCIES = {
    "land": ["กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม", "กรมที่ดิน", "สำนักงานการปฏิรูปที่ดินเพื่อเกษตรกรรม"],
    "housing": ["สถาบันพัฒนาองค์กรชุมชน", "การเคหะแห่งชาติ"],
    "debt": ["ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร", "กระทรวงการคลัง"],
    "agriculture": ["กระทรวงเกษตรและสหกรณ์"],
    "natural-resources": ["กรมป่าไม้", "กรมอุทยานแห่งชาติ สัตว์ป่า และพันธุ์พืช"],
    "disaster": ["กรมป้องกันและบรรเทาสาธารณภัย", "กรมชลประทาน"],
    "welfare": ["กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์"],
    "health": ["กระทรวงสาธารณสุข", "สำนักงานหลักประกันสุขภาพแห่งชาติ"],
    "education": ["กระทรวงศึกษาธิการ"],
    "infrastructure": ["กระทรวงคมนาคม", "กระทรวงมหาดไทย"],
    "community-rights": ["กระทรวงมหาดไทย", "สำนักงานคณะกรรมการกฤษฎีกา"],
    "human-rights": ["คณะกรรมการสิทธิมนุษยชนแห่งชาติ", "กระทรวงยุติธรรม"],
    "decentralization": ["กระทรวงมหาดไทย", "กรมส่งเสริมการปกครองท้องถิ่น"],
    "grassroots-economy": ["กระทรวงพาณิชย์", "กรมการพัฒนาชุมชน"],
    "state-projects": ["สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม", "สำนักนายกรัฐมนตรี"],
}


@dataclass(frozen=True)
class Submitted:
    proposal_id: UUID
    province_code: str
    category: str


def submitted(plans: Iterable[list[Command]], province_of: dict[UUID, str]) -> list[Submitted]:
    """The proposals a demo plan leaves submitted (not returned, not withdrawn)."""
    out = []
    for commands in plans:
        draft = commands[0]
        if (
            isinstance(draft, DraftProposal)
            and len(commands) == 2
            and isinstance(commands[1], SubmitProposal)
            and draft.council_id is not None
        ):
            out.append(
                Submitted(draft.proposal_id, province_of[draft.council_id], draft.category or "")
            )
    return out


def issues(proposals: list[Submitted], seed: int = 2569) -> Iterator[CreateIssue]:
    """Per province and theme, most of the proposals in issues of up to PER_ISSUE."""
    rng = random.Random(seed)
    groups: dict[tuple[str, str], list[UUID]] = defaultdict(list)
    for p in proposals:
        groups[(p.province_code, p.category)].append(p.proposal_id)
    for (province, category), ids in sorted(groups.items()):
        taken = ids[: round(len(ids) * SHARE)]
        name = geography.province(province)
        for n, start in enumerate(range(0, len(taken), PER_ISSUE), 1):
            chunk = taken[start : start + PER_ISSUE]
            theme = THEMES.get(category, category)
            yield CreateIssue(
                year_be=2569,
                province_code=province,
                title_th=f"{theme} จังหวัด{name.name_th if name else province} (กลุ่มที่ {n})",
                summary_th=f"สภาองค์กรชุมชนตำบล {len(chunk)} แห่งเสนอปัญหาด้าน{theme}"
                f" ที่มีลักษณะร่วมกัน {rng.choice(['ต่อเนื่องหลายปี', 'รุนแรงขึ้น', 'ยังไม่ได้รับการแก้ไข'])}",
                category=category or None,
                proposal_ids=chunk,
            )


def recommendations(made: list[CreateIssue]) -> Iterator[CreateRecommendation]:
    """One national recommendation per theme that at least ten provinces raised."""
    by_theme: dict[str, list[CreateIssue]] = defaultdict(list)
    for issue in made:
        by_theme[issue.category or ""].append(issue)
    for category, its in sorted(by_theme.items()):
        if len({i.province_code for i in its}) < 10:
            continue
        theme = THEMES.get(category, category)
        yield CreateRecommendation(
            year_be=2569,
            title_th=f"ข้อเสนอแนะเชิงนโยบายด้าน{theme}",
            text_th=f"ให้คณะรัฐมนตรีมอบหมายหน่วยงานที่เกี่ยวข้องแก้ไขปัญหาด้าน{theme}"
            f" ตามที่สภาองค์กรชุมชนตำบลจาก {len({i.province_code for i in its})} จังหวัดเสนอ"
            " โดยให้ชุมชนมีส่วนร่วมในการวางแผนและติดตามผล",
            issue_ids=[i.issue_id for i in its],
            agencies=AGENCIES.get(category, []),
        )


@dataclass(frozen=True)
class Consolidated:
    """What the demo consolidated (the forum's demo talks about it)."""

    last: int  # the last notification id
    issues: list[CreateIssue]  # each province's, most proposals first
    recommendations: list[CreateRecommendation]


def load(app: Assembly, proposals: list[Submitted]) -> Consolidated:
    """Issues (4 at a time), each province's ranking, the recommendations, then the
    secretariat's draft submission to the Cabinet of them all."""
    made = list(issues(proposals))
    with ThreadPoolExecutor(max_workers=4) as pool:
        last = max(pool.map(lambda c: app.handle(c, SYSTEM), made, chunksize=32), default=0)
    by_province: dict[str, list[CreateIssue]] = defaultdict(list)
    for issue in made:
        by_province[issue.province_code].append(issue)
    ranked_all: list[CreateIssue] = []
    for province, its in sorted(by_province.items()):
        ranked = sorted(its, key=lambda i: -len(i.proposal_ids))
        ranked_all.extend(ranked)
        last = app.handle(
            RankIssues(
                year_be=2569, province_code=province, issue_ids=[i.issue_id for i in ranked]
            ),
            SYSTEM,
        )
    recs = list(recommendations(made))
    for rec in recs:
        last = app.handle(rec, SYSTEM)
    if recs:  # nothing to send with no recommendations
        last = app.handle(draft_submission(recs), SYSTEM)
    return Consolidated(last, ranked_all, recs)


def draft_submission(recs: list[CreateRecommendation]) -> ComposeSubmission:
    """The secretariat's draft to the Cabinet, of every recommendation: the letter filled in
    but for the signatory (a person's name is the secretariat's to enter)."""
    return ComposeSubmission(
        year_be=2569,
        recommendation_ids=[r.recommendation_id for r in recs],
        subject_th="ข้อเสนอแนะจากสมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี 2569",
        to_th="รัฐมนตรีว่าการกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
        enclosures=["สรุปปัญหาและข้อเสนอแนะจากสมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ จำนวน 1 ชุด"],
        body=[
            "ตามที่สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) ได้จัดการประชุมระดับชาติของสภาองค์กรชุมชน"
            "ตำบล ประจำปี 2569 เพื่อสรุปปัญหาที่ประชาชนในจังหวัดต่าง ๆ ประสบ และข้อเสนอแนะแนวทาง"
            "การแก้ไขเพื่อเสนอต่อคณะรัฐมนตรีพิจารณาสั่งการ ตามมาตรา 32 (2) แห่งพระราชบัญญัติ"
            "สภาองค์กรชุมชน พ.ศ. 2551 นั้น",
            f"ที่ประชุมได้มีมติเห็นชอบข้อเสนอแนะ จำนวน {len(recs)} ข้อ ความละเอียดปรากฏตามสิ่งที่ส่งมาด้วย",
            "จึงเรียนมาเพื่อโปรดพิจารณานำเสนอคณะรัฐมนตรีต่อไป",
        ],
        signatory_position="ผู้อำนวยการสถาบันพัฒนาองค์กรชุมชน",
        owner_unit="สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)\n2044/31-33 ถนนเพชรบุรีตัดใหม่"
        " แขวงบางกะปิ เขตห้วยขวาง กรุงเทพฯ 10310",
        department="สำนักนโยบายและยุทธศาสตร์",
        phone="0 2378 8300",
        fax="0 2378 8321",
        email="saraban@codi.or.th",
    )

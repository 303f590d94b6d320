"""About 20,000 demo proposals in Thai over the 77 provinces, every category and status.

Texts are put together from templates per category with the council's own place names, so
they read like what councils write; they are generated, and the pages say so in demo mode.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from assembly.actors import SYSTEM
from assembly.application import Assembly
from assembly.commands import Command
from assembly.councils import RegisterCouncil, council_id
from assembly.proposals import (
    DraftProposal,
    ReturnProposal,
    SubmitProposal,
    WithdrawProposal,
)

PROPOSALS = 20_000


@dataclass(frozen=True)
class Topic:
    category: str
    level: str
    titles: tuple[str, ...]
    problems: tuple[str, ...]
    solutions: tuple[str, ...]


TOPICS = (
    Topic(
        "land",
        "national",
        (
            "ขอโฉนดชุมชนให้ชาวบ้านที่อยู่ในเขตป่าตำบล{t}",
            "แก้ปัญหาที่ดินทำกินทับซ้อนเขตป่าสงวนในตำบล{t}",
            "ขอให้รับรองสิทธิที่ดินทำกินของเกษตรกรในพื้นที่ ส.ป.ก. ตำบล{t}",
        ),
        (
            "ชาวบ้าน {n} ครัวเรือนในตำบล{t} ทำกินในที่ดินที่ถูกประกาศเป็นเขตป่าสงวนทับที่ทำกินเดิม ไม่มีเอกสารสิทธิ ถูกดำเนินคดีบุกรุก",
            "เกษตรกรตำบล{t} อำเภอ{a} ใช้ที่ดินมากว่า {y} ปีแต่ยังไม่มีเอกสารสิทธิ กู้เงินไม่ได้ และกังวลว่าจะถูกไล่ที่",
        ),
        (
            "ให้รัฐเร่งรังวัดแนวเขตร่วมกับชุมชนและออกโฉนดชุมชน ให้ชุมชนร่วมดูแลป่า",
            "ขอให้คณะรัฐมนตรีมีมติคุ้มครองสิทธิผู้อยู่อาศัยเดิม ระหว่างพิสูจน์สิทธิ และตั้งคณะทำงานระดับจังหวัด",
        ),
    ),
    Topic(
        "housing",
        "province",
        ("ขอสนับสนุนโครงการบ้านมั่นคงชุมชนตำบล{t}", "แก้ปัญหาที่อยู่อาศัยไม่มั่นคงของคนจนเมืองใน{a}"),
        (
            "ชาวบ้าน {n} ครัวเรือนเช่าที่ดินอยู่อาศัยริมคลองในตำบล{t} ถูกขอคืนพื้นที่ ไม่มีที่อยู่ใหม่",
            "บ้านเรือนในตำบล{t} ทรุดโทรม ผู้สูงอายุและคนพิการอยู่ในบ้านที่ไม่ปลอดภัย",
        ),
        (
            "ให้ พอช. และจังหวัดสนับสนุนงบบ้านมั่นคงและจัดหาที่ดินรัฐให้เช่าระยะยาว",
            "จัดตั้งกองทุนซ่อมสร้างบ้านผู้ยากไร้ร่วมกับ อบต. และสภาองค์กรชุมชน",
        ),
    ),
    Topic(
        "debt",
        "national",
        ("แก้หนี้นอกระบบของครัวเรือนตำบล{t}", "ขอพักหนี้และปรับโครงสร้างหนี้ ธ.ก.ส. ของเกษตรกรตำบล{t}"),
        (
            "ครัวเรือนกว่า {n} ครัวเรือนในตำบล{t} เป็นหนี้นอกระบบดอกเบี้ยร้อยละ 20 ต่อเดือน ต้องกู้ใหม่ใช้หนี้เก่า",
            "เกษตรกรใน{a} มีหนี้ ธ.ก.ส. สะสม ราคาผลผลิตตก ผ่อนไม่ไหว ถูกฟ้องยึดที่ดิน",
        ),
        (
            "ให้รัฐรับซื้อหนี้นอกระบบผ่านกองทุนชุมชนและสถาบันการเงินชุมชน ดอกเบี้ยต่ำ",
            "ขอพักชำระหนี้ 3 ปี ปลอดดอกเบี้ย และตั้งคลินิกแก้หนี้ระดับตำบล",
        ),
    ),
    Topic(
        "agriculture",
        "province",
        ("ราคายางพาราตกต่ำ เกษตรกรตำบล{t} ขาดรายได้", "ขอสนับสนุนเกษตรอินทรีย์และตลาดชุมชนตำบล{t}"),
        (
            "ชาวสวนยาง {n} ครัวเรือนในตำบล{t} ขายยางได้กิโลกรัมละไม่ถึง {y} บาท ต้นทุนปุ๋ยสูงขึ้นทุกปี",
            "เกษตรกรตำบล{t} ใช้สารเคมีมาก สุขภาพเสื่อม ขาดความรู้และตลาดรองรับผลผลิตปลอดภัย",
        ),
        (
            "ให้รัฐประกันรายได้และส่งเสริมการแปรรูปยางโดยสหกรณ์ชุมชน",
            "จัดตั้งตลาดเขียวในอำเภอ{a} และให้ รพ.สต. โรงเรียน ซื้อผักจากกลุ่มเกษตรกร",
        ),
    ),
    Topic(
        "natural-resources",
        "national",
        ("ไฟป่าและหมอกควันในตำบล{t}", "ขอให้ชุมชนร่วมจัดการป่าชุมชนตำบล{t}"),
        (
            "ทุกปีช่วงมีนาคมเกิดไฟป่าในตำบล{t} ค่าฝุ่น PM2.5 สูงเกิน {y} ไมโครกรัม เด็กและผู้สูงอายุป่วย",
            "ป่าชุมชนตำบล{t} ถูกบุกรุกตัดไม้ ชุมชนไม่มีอำนาจจัดการตามกฎหมาย",
        ),
        (
            "สนับสนุนงบอาสาดับไฟป่าและทำแนวกันไฟโดยชุมชน ร่วมกับกรมป่าไม้",
            "ให้ขึ้นทะเบียนป่าชุมชนตาม พ.ร.บ.ป่าชุมชน และมอบอำนาจให้คณะกรรมการป่าชุมชน",
        ),
    ),
    Topic(
        "disaster",
        "province",
        ("น้ำท่วมซ้ำซากในตำบล{t}", "ภัยแล้งขาดน้ำทำการเกษตรในตำบล{t}"),
        (
            "ทุกฤดูฝนน้ำท่วมบ้านเรือน {n} ครัวเรือนในตำบล{t} นาข้าวเสียหาย ถนนขาด",
            "ฝนทิ้งช่วง แหล่งน้ำตื้นเขิน เกษตรกรตำบล{t} ปลูกข้าวไม่ได้ {y} ไร่",
        ),
        (
            "ขุดลอกคลองและทำระบบระบายน้ำ ตั้งศูนย์เตือนภัยชุมชน",
            "สร้างแก้มลิงและสระน้ำประจำไร่นา โดยให้ชุมชนร่วมออกแบบ",
        ),
    ),
    Topic(
        "welfare",
        "province",
        ("ดูแลผู้สูงอายุติดบ้านติดเตียงตำบล{t}", "ขอสนับสนุนกองทุนสวัสดิการชุมชนตำบล{t}"),
        (
            "ผู้สูงอายุ {n} คนในตำบล{t} อยู่ลำพัง ลูกหลานไปทำงานในเมือง ขาดผู้ดูแล",
            "กองทุนสวัสดิการชุมชนตำบล{t} มีสมาชิกมากขึ้นแต่เงินสมทบจากรัฐไม่พอ",
        ),
        (
            "ให้ อบต. จ้างผู้ดูแลผู้สูงอายุจากคนในชุมชน และมีศูนย์ดูแลกลางวัน",
            "ให้รัฐสมทบเงินกองทุนสวัสดิการชุมชนแบบหนึ่งต่อหนึ่งอย่างต่อเนื่อง",
        ),
    ),
    Topic(
        "health",
        "province",
        ("รพ.สต. ตำบล{t} ขาดบุคลากร", "ปัญหายาเสพติดในเยาวชนตำบล{t}"),
        (
            "รพ.สต. ตำบล{t} ดูแลประชากร {n} คนแต่มีพยาบาลเพียงคนเดียว ผู้ป่วยต้องเดินทางไกลไปโรงพยาบาลอำเภอ",
            "เยาวชนในตำบล{t} ใช้ยาเสพติดมากขึ้น ครอบครัวไม่รู้วิธีช่วยเหลือ",
        ),
        (
            "เพิ่มอัตรากำลังและงบประมาณให้ รพ.สต. ที่ถ่ายโอนไป อบจ.",
            "ตั้งศูนย์บำบัดโดยชุมชน และกิจกรรมกีฬาดนตรีสำหรับเยาวชน",
        ),
    ),
    Topic(
        "education",
        "national",
        ("คัดค้านการยุบรวมโรงเรียนขนาดเล็กในตำบล{t}", "ขอทุนการศึกษาเด็กยากจนตำบล{t}"),
        (
            "โรงเรียนบ้านในตำบล{t} มีนักเรียน {n} คน ถูกสั่งให้ควบรวม เด็กต้องเดินทางไกล {y} กิโลเมตร",
            "เด็กจากครอบครัวยากจนในตำบล{t} หลุดออกจากระบบการศึกษาหลังจบ ม.3",
        ),
        ("ให้คงโรงเรียนขนาดเล็กไว้ และให้ชุมชนร่วมบริหาร", "ตั้งกองทุนการศึกษาชุมชนร่วมกับ กสศ."),
    ),
    Topic(
        "infrastructure",
        "tambon",
        ("ซ่อมถนนลูกรังเข้าหมู่บ้านในตำบล{t}", "ประปาหมู่บ้านตำบล{t} ใช้การไม่ได้"),
        (
            "ถนนดินเข้าหมู่บ้านในตำบล{t} ยาว {y} กิโลเมตร เป็นหลุมบ่อ หน้าฝนรถเข้าไม่ได้",
            "ระบบประปาหมู่บ้านตำบล{t} ชำรุด น้ำขุ่น {n} ครัวเรือนต้องซื้อน้ำดื่ม",
        ),
        ("ให้ อบต. และกรมทางหลวงชนบทปรับปรุงถนนเป็นลาดยาง", "ซ่อมระบบประปาและตั้งคณะกรรมการประปาหมู่บ้าน"),
    ),
    Topic(
        "community-rights",
        "national",
        ("ขอให้ชุมชนมีส่วนร่วมก่อนอนุญาตเหมืองแร่ในตำบล{t}", "สิทธิชุมชนประมงพื้นบ้านตำบล{t}"),
        (
            "มีการขอประทานบัตรเหมืองหินในตำบล{t} โดยไม่รับฟังความเห็นชาวบ้าน {n} ครัวเรือน",
            "เรือประมงพาณิชย์เข้ามาลากอวนในเขต {y} ไมล์ทะเล ประมงพื้นบ้านตำบล{t} จับปลาไม่ได้",
        ),
        ("ให้ทำประชามติในชุมชนและประเมินผลกระทบสุขภาพก่อนอนุญาต", "บังคับใช้เขตทะเลชายฝั่งและให้ชุมชนร่วมเฝ้าระวัง"),
    ),
    Topic(
        "human-rights",
        "national",
        ("คนไร้สัญชาติในตำบล{t} ไม่มีบัตรประชาชน",),
        ("ชาวบ้าน {n} คนในตำบล{t} เกิดในประเทศไทยแต่ไม่มีสถานะทางทะเบียน เข้าไม่ถึงการรักษาและการศึกษา",),
        ("เร่งพิสูจน์สถานะบุคคลโดยให้อำเภอ{a} ออกหน่วยเคลื่อนที่",),
    ),
    Topic(
        "decentralization",
        "national",
        ("ขอให้ท้องถิ่นมีงบและอำนาจจัดการปัญหาในตำบล{t}",),
        ("งบประมาณของ อบต. ในตำบล{t} ร้อยละ {y} เป็นงบบุคลากร เหลือพัฒนาน้อย โครงการชุมชนต้องรอส่วนกลาง",),
        ("กระจายอำนาจการคลังให้ท้องถิ่น และให้แผนตำบลเป็นฐานของงบประมาณจังหวัด",),
    ),
    Topic(
        "grassroots-economy",
        "province",
        ("ส่งเสริมวิสาหกิจชุมชนและสินค้า OTOP ตำบล{t}",),
        ("กลุ่มทอผ้าและแปรรูปอาหาร {n} กลุ่มในตำบล{t} ขาดทุนหมุนเวียนและช่องทางตลาดออนไลน์",),
        ("ให้ทุนหมุนเวียนดอกเบี้ยต่ำและอบรมการขายออนไลน์ร่วมกับพาณิชย์จังหวัด",),
    ),
    Topic(
        "state-projects",
        "national",
        ("ผลกระทบจากการสร้างเขื่อนต่อชาวบ้านตำบล{t}", "ผลกระทบนิคมอุตสาหกรรมต่อชุมชนตำบล{t}"),
        (
            "โครงการเขื่อนจะทำให้ที่ดิน {n} ครัวเรือนในตำบล{t} ถูกน้ำท่วม ค่าชดเชยไม่เป็นธรรม",
            "โรงงานในนิคมปล่อยน้ำเสียลงลำห้วย ปลาตาย ชาวบ้านตำบล{t} ใช้น้ำไม่ได้",
        ),
        ("ให้ทบทวนโครงการและศึกษาผลกระทบโดยมีชุมชนร่วม", "ให้ตรวจสอบและเยียวยา และมีกองทุนฟื้นฟูสิ่งแวดล้อม"),
    ),
)

RETURN_REASONS = (
    "ขอให้ระบุจำนวนครัวเรือนที่ได้รับผลกระทบให้ชัดเจน",
    "ข้อเสนอยังไม่ระบุหน่วยงานที่ต้องดำเนินการ",
    "ขอรายละเอียดพื้นที่และระยะเวลาที่เกิดปัญหาเพิ่มเติม",
)


def _texts(
    rng: random.Random, topic: Topic, council: RegisterCouncil, tambon: str, amphoe: str
) -> dict[str, Any]:
    n, y = rng.randint(12, 480), rng.randint(3, 60)
    fill = {"t": tambon, "a": amphoe, "n": n, "y": y}
    return {
        "title_th": rng.choice(topic.titles).format(**fill),
        "problem_th": rng.choice(topic.problems).format(**fill),
        "recommendation_th": rng.choice(topic.solutions).format(**fill),
        "category": topic.category,
        "level": topic.level,
        "affected_households": n,
        "affected_people": n * rng.randint(2, 5),
    }


def plan(
    councils: list[RegisterCouncil], count: int = PROPOSALS, seed: int = 2569
) -> Iterator[list[Command]]:
    """For each demo proposal, the commands that give it its status (drafted by its council)."""
    from assembly import geography

    rng = random.Random(seed)
    for _ in range(count):
        council = rng.choice(councils)
        tambon = geography.tambon(council.subdistrict_code)
        amphoe = geography.district(council.district_code)
        topic = rng.choice(TOPICS)
        draft = DraftProposal(
            year_be=2569,
            # from the seed, so the same plan made again names the same proposals
            proposal_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            council_id=council_id(council.code),
            **_texts(
                rng,
                topic,
                council,
                tambon.name_th if tambon else "",
                amphoe.name_th if amphoe else "",
            ),
        )
        commands: list[Command] = [draft]
        roll = rng.random()
        if roll > 0.12:  # 88% submitted; of those some returned, some withdrawn
            commands.append(SubmitProposal(proposal_id=draft.proposal_id))
            if roll > 0.92:
                commands.append(
                    ReturnProposal(
                        proposal_id=draft.proposal_id, reason_th=rng.choice(RETURN_REASONS)
                    )
                )
            elif roll > 0.88:
                commands.append(WithdrawProposal(proposal_id=draft.proposal_id))
        yield commands


def load(app: Assembly, councils: list[RegisterCouncil], count: int = PROPOSALS) -> int:
    """Each proposal's commands go through `handle` in order; proposals run 4 at a time."""

    def one(commands: list[Command]) -> int:
        last = 0
        for command in commands:
            last = app.handle(command, SYSTEM)
        return last

    with ThreadPoolExecutor(max_workers=4) as pool:
        return max(pool.map(one, plan(councils, count), chunksize=64), default=0)

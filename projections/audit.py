"""The audit trail: one row for every event, naming the actor by role and account id only.

Names are joined in at read time from `people`, so an erased person shows as
"ผู้ใช้ที่ถูกลบ" while what they did stays on record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import asyncpg
import msgspec

from assembly.actors import parse_ref
from projections.projector import Projector, Statements

EVENT_TH = {
    "Edition.Opened": "เปิดการประชุมประจำปี",
    "Edition.CategoriesSet": "กำหนดหมวดหมู่ข้อเสนอ",
    "Council.Registered": "ลงทะเบียนสภา",
    "Council.InvitationIssued": "ออกรหัสเชิญให้สภา",
    "Council.RepresentativeChanged": "เปลี่ยนผู้แทนสภา",
    "Account.Opened": "เปิดบัญชี",
    "Account.RoleChanged": "เปลี่ยนบทบาท/ขอบเขตสิทธิ์",
    "Account.Disabled": "ระงับบัญชี",
    "Account.Enabled": "เปิดใช้บัญชีอีกครั้ง",
    "Account.CouncilWithdrawn": "ถอนสิทธิ์ผู้แทนสภา (มีผู้แทนคนใหม่)",
    "Account.Erased": "ลบข้อมูลบุคคล (PDPA)",
    "Invitation.Issued": "ออกรหัสเชิญ",
    "Invitation.Revoked": "ยกเลิกรหัสเชิญ",
    "Invitation.Claimed": "ใช้รหัสเชิญเปิดบัญชี",
    "Proposal.Drafted": "เริ่มร่างข้อเสนอ",
    "Proposal.Revised": "แก้ไขข้อเสนอ",
    "Proposal.Submitted": "ส่งข้อเสนอ",
    "Proposal.Returned": "ส่งข้อเสนอกลับให้แก้ไข",
    "Proposal.Withdrawn": "ถอนข้อเสนอ",
    "Proposal.DraftDeleted": "ลบร่างข้อเสนอ (ยังไม่เคยส่ง)",
    "Proposal.AttachmentAdded": "แนบไฟล์กับข้อเสนอ",
    "Proposal.AttachmentRemoved": "นำไฟล์แนบออกจากข้อเสนอ",
    "Proposal.Consolidated": "รวมข้อเสนอเข้าประเด็นจังหวัด",
    "Proposal.Released": "นำข้อเสนอออกจากประเด็นจังหวัด",
    "Edition.Finalized": "สรุปข้อเสนอต่อคณะรัฐมนตรี (ปิดการรวมประเด็น)",
    "ProvincialIssue.Created": "สร้างประเด็นระดับจังหวัด",
    "ProvincialIssue.Revised": "แก้ไขประเด็นระดับจังหวัด",
    "ProvincialIssue.ProposalAttached": "เพิ่มข้อเสนอเข้าประเด็น",
    "ProvincialIssue.ProposalDetached": "นำข้อเสนอออกจากประเด็น",
    "ProvincialIssue.MergedInto": "รวมประเด็นเข้ากับประเด็นอื่น",
    "ProvincialIssue.Absorbed": "รับข้อเสนอจากประเด็นที่รวมเข้ามา",
    "ProvincialIssue.SplitOff": "แยกข้อเสนอออกเป็นประเด็นใหม่",
    "ProvincialIssue.Dissolved": "ยกเลิกประเด็น",
    "ProvinceBoard.Opened": "เริ่มกระดานรวมประเด็นของจังหวัด",
    "ProvinceBoard.Ranked": "จัดลำดับความสำคัญของประเด็น",
    "ProvinceBoard.SuggestionRejected": "ปฏิเสธข้อเสนอแนะการรวมของระบบ",
    "ProvinceBoard.SuggestionRestored": "ยกเลิกการปฏิเสธข้อเสนอแนะการรวมของระบบ",
    "Recommendation.Created": "สร้างข้อเสนอแนะระดับชาติ",
    "Recommendation.Revised": "แก้ไขข้อเสนอแนะระดับชาติ",
    "Recommendation.IssueAdded": "เพิ่มประเด็นจังหวัดในข้อเสนอแนะ",
    "Recommendation.IssueRemoved": "นำประเด็นจังหวัดออกจากข้อเสนอแนะ",
}
ERASED_TH = "ผู้ใช้ที่ถูกลบ"


class AuditProjector(Projector):
    name = "audit"
    tables = ("audit",)
    bulk_indexes = ("audit_by_actor", "audit_by_aggregate")

    INSERT: ClassVar[str] = (
        "INSERT INTO audit (notification_id, occurred_at, actor_role, actor_account,"
        " aggregate_type, aggregate_id, event_type) VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )

    def wants(self, topic: str) -> bool:
        return True  # every event is on the record

    def apply(self, topic: str, event: Any, out: Statements) -> None:
        role, account = parse_ref(getattr(event, "by", "system:-"))
        kind = type(event).__qualname__
        out.append(
            self.INSERT,
            (
                out.notification_id,
                event.timestamp,
                role,
                account,
                kind.split(".")[0],
                event.originator_id,
                kind,
            ),
        )


class AuditEntry(msgspec.Struct, frozen=True):
    notification_id: int
    occurred_at: datetime
    actor_role: str
    actor_name: str
    aggregate_type: str
    aggregate_id: str
    event_type: str
    event_th: str


async def recent(
    db: asyncpg.Pool,
    *,
    limit: int = 100,
    before: int | None = None,
    aggregate_id: str | None = None,
) -> list[AuditEntry]:
    rows = await db.fetch(
        "SELECT a.notification_id, a.occurred_at, a.actor_role,"
        " CASE WHEN a.actor_account IS NULL THEN NULL"
        "      ELSE coalesce(nullif(p.display_name, ''), p.username, $4) END,"
        " a.aggregate_type, a.aggregate_id::text, a.event_type"
        " FROM audit a LEFT JOIN people p ON p.account_id = a.actor_account"
        " WHERE ($1::bigint IS NULL OR a.notification_id < $1)"
        " AND ($2::uuid IS NULL OR a.aggregate_id = $2::uuid)"
        " ORDER BY a.notification_id DESC LIMIT $3",
        before,
        aggregate_id,
        limit,
        ERASED_TH,
    )
    return [
        AuditEntry(r[0], r[1], r[2], r[3] or "ระบบ", r[4], r[5], r[6], EVENT_TH.get(r[6], r[6]))
        for r in rows
    ]

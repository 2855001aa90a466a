"""Households, members and household evidence."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q

from niangjia.core import audit, pii
from niangjia.core.errors import Conflict, Invalid
from niangjia.core.models import Member
from niangjia.relief import selectors
from niangjia.relief.models import (
    Household,
    HouseholdMember,
)
from niangjia.relief.services.common import _save_photos, _staff_org, atomic_with_uploads, to_money


def _clean_members(members: list[dict]) -> list[HouseholdMember]:
    if not members:
        raise Invalid("至少填写一名家庭成员。", code="relief.no_members")
    out = []
    for i, m in enumerate(members, start=1):
        name = (m.get("name") or "").strip()
        if not name:
            raise Invalid(f"第 {i} 名家庭成员缺少姓名。", code="relief.member")
        try:
            age = int(m.get("age", 0))
        except (TypeError, ValueError):
            raise Invalid(f"第 {i} 名家庭成员的年龄不是数字。", code="relief.member") from None
        if not 0 <= age <= 120:
            raise Invalid(f"第 {i} 名家庭成员的年龄不合理。", code="relief.member")
        if m.get("relation", "self") not in HouseholdMember.Relation.values:
            raise Invalid(f"第 {i} 名家庭成员的关系不正确。", code="relief.member")
        if m.get("work_status", "employed") not in HouseholdMember.WorkStatus.values:
            raise Invalid(f"第 {i} 名家庭成员的就业状态不正确。", code="relief.member")
        income = to_money(m.get("monthly_income", 0), f"第 {i} 名家庭成员的月收入")
        if income > Decimal("1000000"):
            raise Invalid(f"第 {i} 名家庭成员的月收入过大，请核对。", code="relief.member")
        out.append(HouseholdMember(
            name=name[:60], relation=m.get("relation", "self"), age=age, work_status=m.get("work_status", "employed"),
            monthly_income=income, illness=bool(m.get("illness")), disability=bool(m.get("disability")),
            diagnosis=(m.get("diagnosis") or "")[:500]))
    if sum(1 for m in out if m.relation == "self") != 1:
        raise Invalid("家庭成员中应有且只有一名“本人”。", code="relief.member")
    return out


@transaction.atomic
def create_household(*, actor, org_id: int, head_name: str, region_code: str, address: str = "",
                     bank_account: str = "", bank_name: str = "", members: list[dict], head_member_id=None) -> Household:
    org = _staff_org(actor, org_id)
    return _create_household(actor, org, head_name, region_code, address, bank_account, bank_name, members,
                             head_member_id)


def _create_household(actor, org, head_name, region_code, address, bank_account, bank_name, members, head_member_id):
    if not (head_name or "").strip():
        raise Invalid("请填写户主姓名。", code="relief.head")
    if not (region_code or "").isdigit() or len(region_code) != 6:
        raise Invalid("地区代码应为 6 位数字。", code="relief.region")
    bank_account = (bank_account or "").replace(" ", "")
    if bank_account and (not bank_account.isdigit() or not 12 <= len(bank_account) <= 30):
        raise Invalid("银行账号应为 12 到 30 位数字。", code="relief.bank")
    rows = _clean_members(members)
    head_index = _head_index(head_member_id)
    try:
        with transaction.atomic():
            household = Household.objects.create(
                org=org, head_name=head_name.strip()[:60], region_code=region_code, address=(address or "")[:200],
                bank_account=bank_account, bank_name=bank_name[:60],
                bank_account_index=pii.blind_index(bank_account, purpose="bank") if bank_account else "",
                head_id=head_member_id, head_id_index=head_index)
    except IntegrityError:
        raise _duplicate_head() from None
    for row in rows:
        row.household = household
    HouseholdMember.objects.bulk_create(rows)
    audit.record(actor, "relief.household_create", household, org=org, summary={"members": len(rows)})
    return household


def _duplicate_head() -> Conflict:
    return Conflict("该户主（身份证号相同）已有家庭档案，同一户主在全市只能有一个家庭档案（否则每户各算一份年度救助上限）。"
                    "如发现重复，请管理员在“重复户主”页面合并。", code="relief.household_exists")


def _head_index(head_member_id) -> str:
    """The head's ID-number blind index; refuses a head who already heads a household anywhere in the tree
    (the unique constraint on Household.head_id_index is the guard under concurrency)."""
    if not head_member_id:
        return ""
    index = Member.objects.filter(pk=head_member_id).values_list("id_index", flat=True).first() or ""
    if index and Household.objects.filter(Q(head_id_index=index) | Q(head__id_index=index),
                                          merged_into__isnull=True).exists():
        raise _duplicate_head()
    return index


@atomic_with_uploads
def add_household_evidence(*, actor, household_id: int, uploads) -> int:
    household = selectors.access_household(actor=actor, household_id=household_id, for_update=True)
    if not uploads:
        raise Invalid("请选择要上传的证明材料。", code="relief.no_upload")
    attachments = _save_photos(actor, household.org, uploads)
    household.evidence.add(*attachments)
    audit.record(actor, "relief.household_evidence", household, org=household.org,
                 summary={"files": len(attachments)})
    return len(attachments)

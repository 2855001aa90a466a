"""Reference tables kept by admins (dibao)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from niangjia.core import audit
from niangjia.core.errors import Forbidden, Invalid
from niangjia.relief import selectors
from niangjia.relief.services.common import to_money


@transaction.atomic
def set_dibao(*, actor, region_code: str, year: int, monthly_amount, is_demo: bool = False, note: str = ""):
    from niangjia.relief.models import DibaoStandard

    if not (region_code or "").isdigit() or len(region_code) != 6:
        raise Invalid("地区代码应为 6 位数字。", code="relief.region")
    if not selectors.may_change_region(actor, region_code):
        raise Forbidden(f"只有负责地区 {region_code} 的工会（如市总工会）的管理员可以维护该地区的低保标准。",
                        code="relief.region_admin_only")
    if not 2000 <= int(year) <= timezone.localdate().year + 1:
        raise Invalid("年度不正确。", code="relief.year")
    amount = to_money(monthly_amount, "月低保标准", allow_zero=False)
    if amount > Decimal("10000"):
        raise Invalid("月低保标准过大，请核对（单位：元/人/月）。", code="relief.bad_amount")
    row, created = DibaoStandard.objects.update_or_create(
        region_code=region_code, year=year,
        defaults={"monthly_amount": amount, "is_demo": is_demo, "note": note[:200]})
    audit.record(actor, "relief.dibao_set", row, summary={"region": region_code, "year": year, "amount": str(amount),
                                                          "created": created})
    return row

import datetime as dt

from niangjia.core.errors import Invalid, NotFound
from niangjia.core.services.uploads import atomic_with_uploads, check_uploads, store_uploads  # noqa: F401
from niangjia.mutual_aid.models import Plan
from niangjia.mutual_aid.rules import RuleError, waiting_period_end


def get_plan(plan_id=None, *, code: str | None = None, for_update: bool = False) -> Plan:
    qs = Plan.objects.select_related("org").filter(is_active=True, status=Plan.Status.PUBLISHED)
    if for_update:
        qs = qs.select_for_update()
    if code:
        plan = qs.filter(code=code).order_by("-version").first()
    else:
        plan = qs.filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("未找到该互助计划。", code="mutual_aid.plan_not_found")
    return plan


def as_invalid(exc: RuleError, code: str = "mutual_aid.invalid") -> Invalid:
    return Invalid(str(exc), code=code)


def waiting_until(plan: Plan, enrolled_on: dt.date, first_time: bool) -> dt.date:
    return waiting_period_end(enrolled_on, plan.coverage_start, plan.waiting_days, first_time)

"""帮扶联系人: staff assign a helper to a flagged household's open hardship file (from the monitoring list)."""

from django.db import transaction

from niangjia.core import audit, scoping
from niangjia.core.errors import Invalid, NotFound
from niangjia.core.models import User
from niangjia.core.notifications import notify
from niangjia.relief.models import HardshipFile, Household

HELPER_ROLES = frozenset({"staff", "social_worker", "approver", "admin"})


@transaction.atomic
def assign_helper(*, actor, household_id: int, helper_id: int) -> HardshipFile:
    household = Household.objects.select_related("org").filter(pk=household_id).first()
    if household is None or not scoping.covers(actor, household.org):
        raise NotFound("未找到该家庭，或您无权处理。")
    file = (HardshipFile.objects.select_for_update(of=("self",)).select_related("helper")
            .filter(household=household, status__in=HardshipFile.OPEN).order_by("-id").first())
    if file is None:
        raise Invalid("该家庭没有在档的困难职工档案，无法指定帮扶联系人。", code="relief.no_open_file")
    helper = User.objects.filter(pk=helper_id, is_active=True).first()
    if helper is None or not scoping.covers(helper, household.org, roles=HELPER_ROLES):
        raise Invalid("请选择负责该家庭所在工会的工作人员或社工。", code="relief.helper_scope")
    old = file.helper.name if file.helper else ""
    file.helper = helper
    file.save(update_fields=["helper"])
    audit.record(actor, "relief.helper_assign", file, summary={"helper": {"old": old, "new": helper.name}})
    notify(helper, "relief.helper_assigned", "您被指定为帮扶联系人",
           f"请联系并走访 {household.org.name} 的 {household.head_name[:1]}** 一户。", link=f"/relief/workbench/households/{household.pk}/")
    return file

"""Employment outcomes from the job fair (jobs app, 1-3-1 job help) feeding dynamic monitoring and the exit
rule (§1 脱困): a job clears the 失业 flag and raises this month's income; no job raises the flag."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit
from niangjia.relief import selectors
from niangjia.relief.models import HouseholdMember, IncomeRecord, RiskFlag
from niangjia.relief.services.common import to_money
from niangjia.relief.services.income import _store


def _raise(household, code: str, note: str, actor) -> bool:
    if RiskFlag.objects.filter(household=household, code=code, active=True).exists():
        return False
    try:
        with transaction.atomic():
            RiskFlag.objects.create(household=household, org=household.org, code=code, raised_by=actor,
                                    note=note[:200])
    except IntegrityError:  # raised at the same moment by monitoring
        return False
    return True


@transaction.atomic
def record_employment_outcome(*, actor, household_id: int, employed: bool, monthly_wage=None, note: str = "",
                              today: dt.date | None = None) -> dict:
    """The helper reports whether the hardship worker found a job. Employed: the head's work status and
    monthly income are updated, this month's income record rises by the wage, an active 失业 flag is cleared,
    and when the exit rule now holds the exit is proposed (flag 脱困待审). Not employed: the 失业 flag is raised
    so that monitoring keeps watching. Returns what changed."""
    today = today or timezone.localdate()
    household = selectors.access_household(actor=actor, household_id=household_id, for_update=True)
    result = {"lost_job_cleared": False, "lost_job_raised": False, "income": None, "exit_proposed": False,
              "exit_lines": []}
    if not employed:
        result["lost_job_raised"] = _raise(household, "lost_job", f"就业帮扶：暂未就业。{note}", actor)
        audit.record(actor, "relief.employment_outcome", household, org=household.org,
                     summary={"employed": False, "note": note[:100]})
        return result
    wage = to_money(monthly_wage, "月工资", allow_zero=False)
    month = today.replace(day=1)
    current = IncomeRecord.objects.filter(household=household, month=month).first()
    base = current.income if current else selectors.household_income(household)
    people = current.people if current else max(1, household.members.count())
    head = household.members.filter(relation=HouseholdMember.Relation.SELF).order_by("id").first()
    if head is not None:  # the new wage replaces what the head earned before, it does not add to it
        base -= min(base, head.monthly_income)
        head.work_status, head.monthly_income = HouseholdMember.WorkStatus.EMPLOYED, wage
        head.save(update_fields=["work_status", "monthly_income"])
    income = base + wage
    _store(actor, household, month, income, current.rigid if current else Decimal("0"), people,
           IncomeRecord.Source.VISIT)
    result["income"] = income
    cleared = RiskFlag.objects.filter(household=household, code="lost_job", active=True).update(
        active=False, cleared_at=timezone.now())
    result["lost_job_cleared"] = bool(cleared)
    check = selectors.exit_check_of(household, today)
    result["exit_lines"] = list(check.lines)
    if check.holds:
        summary = next((line for line in check.lines if line.startswith("连续")), "就业后收入连续高于低保标准")
        result["exit_proposed"] = _raise(household, "exit_ready", summary, actor)
    audit.record(actor, "relief.employment_outcome", household, org=household.org,
                 summary={"employed": True, "wage": str(wage), "income": str(income),
                          "exit_proposed": result["exit_proposed"]})
    return result

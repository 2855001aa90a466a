"""Demo data: plan ZYHZ-2020 (policies.md §8) issued by the top org, a few enrolments, and the current
year's plan ZYHZ-<year> made the way an office would make it: copied from ZYHZ-2020 by the city's admin
(copy to next year), checked with the what-if, published; demo member 13800000011 enrolled in it."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from niangjia.core import pii
from niangjia.core.models import Member, Org, OrgRole, User
from niangjia.mutual_aid.rules import ZYHZ_2020

DEMO_MEMBER_PHONE = "13800000011"


def ensure_plan(org: Org):
    from niangjia.mutual_aid.models import Plan

    plan, _ = Plan.objects.get_or_create(
        code="ZYHZ-2020", version=1,
        defaults={"name": "职工住院医疗互助（2020年度）", "org": org, "year": 2020, "premium": Decimal("30.00"),
                  "coverage_start": dt.date(2020, 1, 1), "coverage_end": dt.date(2020, 12, 31),
                  "waiting_days": 90, "rules": ZYHZ_2020, "two_step_above": Decimal("5000.00")},
    )
    return plan


def _plan_admin(org: Org):
    role = OrgRole.objects.select_related("user").filter(org=org, role="admin").order_by("id").first()
    if role is not None:
        return role.user
    return User.objects.filter(is_superuser=True).order_by("id").first()


def ensure_current_year_plan(org: Org, today: dt.date | None = None):
    """ZYHZ-<this year> through the plan-cycle services (copy, what-if, publish); None without an admin."""
    from niangjia.mutual_aid import services
    from niangjia.mutual_aid.models import Plan

    today = today or timezone.localdate()
    code = f"ZYHZ-{today.year}"
    plan = Plan.objects.filter(code=code).order_by("-version").first()
    if plan is not None and plan.status == Plan.Status.PUBLISHED:
        return plan
    admin = _plan_admin(org)
    if admin is None:
        return None
    source = ensure_plan(org)
    if plan is None:
        plan = services.copy_plan_to_year(actor=admin, plan_id=source.pk, year=today.year)
    services.run_what_if(actor=admin, plan_id=plan.pk)
    return services.publish_plan(actor=admin, plan_id=plan.pk, today=today)


def _enrol_demo_member(plan, org: Org, today: dt.date) -> bool:
    from niangjia.mutual_aid import services
    from niangjia.mutual_aid.models import Enrolment

    member = Member.objects.filter(user__phone_index=pii.blind_index(DEMO_MEMBER_PHONE, purpose="phone"),
                                   status="active").first()
    if member is None or Enrolment.objects.filter(plan=plan, person_index=member.id_index, status="active").exists():
        return False
    # enrolled as at the start of coverage, as a member who joined in the enrolment window would be, so the
    # 90-day waiting period (§8) is over by April and the demo member can file a claim
    on = plan.coverage_start if plan.coverage_start <= today else today
    services.enrol_members(actor=_plan_admin(org), plan_id=plan.pk, org_id=member.org_id, member_ids=[member.pk],
                           on=on)
    return True


def seed(stdout, today: dt.date | None = None) -> None:
    from niangjia.mutual_aid.models import Enrolment

    today = today or timezone.localdate()
    top = Org.objects.filter(parent__isnull=True).order_by("path").first()
    if top is None:
        stdout.write("mutual_aid: no org tree, skipped")
        return
    plan = ensure_plan(top)
    members = list(Member.objects.filter(status="active").order_by("id")[:20])
    taken = set(Enrolment.objects.filter(plan=plan, status="active").values_list("person_index", flat=True))
    new = [
        Enrolment(plan=plan, member=m, person_index=m.id_index, org_id=m.org_id, enrolled_on=dt.date(2020, 1, 1),
                  waiting_until=dt.date(2020, 3, 31), first_time=True, premium=plan.premium)
        for m in members if m.id_index not in taken
    ]
    Enrolment.objects.bulk_create(new)
    stdout.write(f"mutual_aid: plan {plan.code}, {len(new)} new enrolments")
    current = ensure_current_year_plan(top, today)
    if current is None:
        stdout.write("mutual_aid: no admin of the top union, current-year plan skipped")
        return
    enrolled = _enrol_demo_member(current, top, today)
    stdout.write(f"mutual_aid: plan {current.code} published" + (f", {DEMO_MEMBER_PHONE} enrolled" if enrolled else ""))

"""Labour-relations early warning per employer: signals → rules.risk_level → alert on a rise."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core.errors import Invalid
from niangjia.core.models import Org
from niangjia.core.notifications import notify
from niangjia.rights import rules
from niangjia.rights.models import Case, EmployerSignal, RiskAlert, SupervisionLetter
from niangjia.rights.services.common import district_staff_of

DISPUTE_CATEGORIES = ("wages", "contract", "social_insurance", "injury")


def signals_for(uscc: str, today: dt.date) -> rules.RiskSignals:
    since = today - dt.timedelta(days=30)
    cases = Case.objects.filter(employer_uscc=uscc)
    wage = cases.filter(category="wages").filter(status__in=["new", "assigned", "in_progress"]).count()
    disputes = cases.filter(category__in=DISPUTE_CATEGORIES, created_at__date__gte=since).count()
    layoff = EmployerSignal.objects.filter(employer_uscc=uscc, reported_on__gte=today - dt.timedelta(days=90)).exists()
    letters = SupervisionLetter.objects.filter(employer_uscc=uscc, responded_on__isnull=True,
                                               answer_due__lt=today).count()
    return rules.RiskSignals(wage_arrears_cases=wage, disputes_30d=disputes, layoff_or_suspension=layoff,
                             overdue_letters=letters)


@transaction.atomic
def assess(*, org: Org, employer_uscc: str, employer_name: str, today: dt.date | None = None) -> RiskAlert:
    today = today or timezone.localdate()
    level, reasons = rules.risk_level(signals_for(employer_uscc, today))
    alert = RiskAlert.objects.select_for_update().filter(employer_uscc=employer_uscc).first()
    old = alert.level if alert else None
    if alert is None:
        alert = RiskAlert(org=org, employer_uscc=employer_uscc, employer_name=employer_name)
    alert.level, alert.reasons, alert.assessed_at = level, reasons, timezone.now()
    alert.save()
    if old != level:
        audit.record(None, "rights.risk_change", alert, summary={"from": old, "to": level, "reasons": reasons})
    if rules.is_rise(old, level):
        for user in district_staff_of(org):
            notify(user, "rights.risk_alert", f"劳动关系预警：{employer_name} 升至{'红' if level == 'red' else '黄'}色",
                   "；".join(reasons), link="/rights/workbench/")
    return alert


@transaction.atomic
def report_signal(actor, *, org: Org, kind: str, employer_uscc: str, employer_name: str, reported_on: dt.date,
                  note: str = "") -> EmployerSignal:
    scoping.require(actor, org)
    if kind not in EmployerSignal.Kind.values:
        raise Invalid("请选择裁员计划或停产。", code="rights.signal_kind")
    s = EmployerSignal.objects.create(org=org, kind=kind, employer_uscc=employer_uscc, employer_name=employer_name,
                                      reported_on=reported_on, note=note)
    audit.record(actor, "rights.signal_report", s)
    assess(org=org, employer_uscc=employer_uscc, employer_name=employer_name)
    return s


def employers_by_risk(*, actor):
    order = {"red": 0, "yellow": 1, "green": 2}
    rows = list(RiskAlert.objects.filter(scoping.scope_q(actor)).select_related("org"))
    return sorted(rows, key=lambda r: (order[r.level], r.employer_name))


def reassess_all(today: dt.date | None = None) -> int:
    """Daily: reassess every employer with an assessment or an unanswered letter (overdue letters age in)."""
    from niangjia.core.models import Org as OrgModel

    today = today or timezone.localdate()
    seen: dict[str, tuple[int, str]] = {}
    for org_id, uscc, name in RiskAlert.objects.values_list("org_id", "employer_uscc", "employer_name"):
        seen[uscc] = (org_id, name)
    for org_id, uscc, name in (SupervisionLetter.objects.filter(responded_on__isnull=True, answer_due__lt=today)
                               .exclude(employer_uscc="").values_list("org_id", "employer_uscc", "recipient_name")):
        seen.setdefault(uscc, (org_id, name))
    orgs = OrgModel.objects.in_bulk({org_id for org_id, _n in seen.values()})
    for uscc, (org_id, name) in seen.items():
        assess(org=orgs[org_id], employer_uscc=uscc, employer_name=name, today=today)
    return len(seen)

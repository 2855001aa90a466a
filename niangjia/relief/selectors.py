"""Reads of the relief app, always filtered by the actor's scope (out-of-scope looks like missing)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.core.models import Org
from niangjia.relief import rules
from niangjia.relief.models import (
    Application,
    ApprovalStep,
    Campaign,
    DibaoStandard,
    Disbursement,
    FileStatusChange,
    FlagSnapshot,
    HardshipFile,
    Household,
    HouseholdMember,
    IncomeRecord,
    Policy,
    RiskFlag,
)

# Choice lists for pages and forms (views import no models).
KIND_CHOICES = Application.Kind.choices
APPLICATION_STATUS_CHOICES = Application.Status.choices
CATEGORY_CHOICES = HardshipFile.Category.choices
FILE_STATUS_CHOICES = HardshipFile.Status.choices
CAUSE_LABELS = HardshipFile.CAUSE_LABELS
RISK_CODE_CHOICES = RiskFlag.Code.choices
RISK_CODES = RiskFlag.Code.values
STAFF_RAISED_FLAGS = [(code, RiskFlag.Code(code).label) for code in RiskFlag.STAFF_RAISED]


def _nf(what="记录") -> NotFound:
    return NotFound(f"未找到该{what}，或您无权查看。")


# --- reference data ----------------------------------------------------------------------------


def region_chain(region_code: str) -> list[str]:
    """A county code falls back to its city, then its province: 330102 -> 330102, 330100, 330000."""
    return list(dict.fromkeys([region_code, region_code[:4] + "00", region_code[:2] + "0000"]))


@dataclass(frozen=True)
class DibaoRef:
    """The dibao that applies to a region and year, and where it came from (never used silently)."""

    amount: Decimal
    year: int  # the year of the standard used; earlier than the one asked for when that is missing
    region_code: str
    requested_year: int

    @property
    def note(self) -> str | None:
        return rules.dibao_note(self.requested_year, self.year, self.amount)


def _pick_dibao(rows, chain: list[str], year: int) -> DibaoRef | None:
    """The newest year not after `year`; within one year the most specific region of the chain."""
    best = None
    for region, row_year, amount in rows:
        if region not in chain or row_year > year:
            continue
        key = (row_year, -chain.index(region))
        if best is None or key > best[0]:
            best = (key, DibaoRef(amount, row_year, region, year))
    return best[1] if best else None


def dibao_ref(region_code: str | None, year: int) -> DibaoRef | None:
    """Dibao for a region (county → city → province) and year. A missing year falls back to the latest
    earlier year *with a note* (DibaoRef.note) that every explanation shows."""
    if not region_code:
        return None
    chain = region_chain(region_code)
    rows = DibaoStandard.objects.filter(region_code__in=chain, year__lte=year).values_list(
        "region_code", "year", "monthly_amount")
    return _pick_dibao(list(rows), chain, year)


def dibao_for(region_code: str | None, year: int) -> Decimal | None:
    ref = dibao_ref(region_code, year)
    return ref.amount if ref else None


def dibao_lookup(table, region_code: str) -> Decimal | None:
    ref = dibao_table_ref(table, region_code)
    return ref.amount if ref else None


def dibao_table_ref(table, region_code: str) -> DibaoRef | None:
    """Like dibao_ref, from a table loaded once by `dibao_map` (for set-based jobs)."""
    by_region, year = table
    chain = region_chain(region_code)
    return _pick_dibao([(r, y, a) for r in chain for y, a in by_region.get(r, ())], chain, year)


def dibao_map(year: int):
    """Every dibao row up to `year`, by region, for `dibao_table_ref` (one query for a whole job)."""
    by_region: dict[str, list] = {}
    for region, row_year, amount in DibaoStandard.objects.filter(year__lte=year).values_list(
            "region_code", "year", "monthly_amount"):
        by_region.setdefault(region, []).append((row_year, amount))
    return by_region, year


def dibao_by_year(region_code: str, years) -> dict[int, tuple[Decimal, int]]:
    """{year: (amount, year of the standard used)} for the exit rule."""
    chain = region_chain(region_code)
    rows = list(DibaoStandard.objects.filter(region_code__in=chain).values_list("region_code", "year",
                                                                                "monthly_amount"))
    out = {}
    for y in set(years):
        ref = _pick_dibao(rows, chain, y)
        if ref:
            out[y] = (ref.amount, ref.year)
    return out


def dibao_gaps(*, actor, year: int) -> list[dict]:
    """Regions of the orgs in the actor's scope with no dibao row for `year` (the workbench warns)."""
    regions = sorted(set(scoping.orgs_visible_to(actor).values_list("region_code", flat=True).distinct()[:500]))
    table = dibao_map(year)
    out = []
    for region in regions:
        ref = dibao_table_ref(table, region)
        if ref is None or ref.year != year:
            out.append({"region_code": region, "latest": ref})
    return out


def temporary_policy_for(region_code: str, year: int) -> Policy | None:
    """The one temporary-relief policy lookup (the public quote and the real decision both use it): a
    policy of the region itself or of a region containing it (county → city → province), in force in
    `year`. Never another region's policy."""
    if not region_code:
        return None
    end = dt.date(year, 12, 31)
    qs = Policy.objects.filter(kind="temporary", status__in=["active", "retired"], effective_from__lte=end).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gt=dt.date(year, 1, 1)))
    chain = region_chain(region_code)
    candidates = list(qs.filter(region_code__in=chain).order_by("-effective_from", "-version"))
    return min(candidates, key=lambda p: chain.index(p.region_code), default=None)


def region_prefix(region_code: str) -> str:
    """The region-code prefix of every place inside a region: 330100 -> 3301, 330000 -> 33, 000000 -> ''."""
    code = region_code or ""
    if code == "000000":
        return ""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def region_owners(region_code: str) -> list[Org]:
    """The union(s) that own a region: the highest-level orgs carrying that region code; for the
    national code 000000, the roots of the tree. No org → nobody but a superuser may change it."""
    if region_code == "000000":
        return list(Org.objects.filter(parent__isnull=True))
    orgs = list(Org.objects.filter(region_code=region_code))
    if not orgs:
        return []
    top = min(o.level_rank for o in orgs)
    return [o for o in orgs if o.level_rank == top]


def may_change_region(actor, region_code: str) -> bool:
    """Policy drafts, what-if, activation and dibao: admins of the union owning the region (or above)."""
    if scoping.is_everything(actor):
        return True
    return any(scoping.covers(actor, org, roles=scoping.ADMIN_ROLES) for org in region_owners(region_code))


def worker_place(user) -> dict | None:
    """Region and union of a logged-in member: worker pages take the region from here, never from a
    code the worker types."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    from niangjia.core.selectors import active_membership_of

    membership = active_membership_of(user)
    if membership is None:
        return None
    return {"region_code": membership.org.region_code, "org_name": membership.org.name}


def public_regions(year: int, *, need: str = "policy") -> list[tuple[str, str]]:
    """(code, readable name) of the places the public pages can answer for in `year`: regions with a
    temporary-relief policy in force (need="policy") or with a dibao standard (need="dibao")."""
    if need == "policy":
        rows = (Policy.objects.filter(kind="temporary", status__in=["active", "retired"],
                                      effective_from__lte=dt.date(year, 12, 31))
                .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=dt.date(year, 1, 1)))
                .values_list("region_code", "name"))
        fallback = dict(rows)
    else:
        fallback = dict.fromkeys(DibaoStandard.objects.filter(year__lte=year).values_list("region_code", flat=True), "")
    from niangjia.relief.policy_data import REGION_LABELS

    names = region_names(fallback)
    return sorted(((c, names.get(c) or fallback[c] or REGION_LABELS.get(c) or c) for c in fallback),
                  key=lambda r: r[0])


def region_names(codes) -> dict[str, str]:
    """A readable name for each region code: the name of the highest union carrying it."""
    out: dict[str, str] = {}
    for code, name, level in Org.objects.filter(region_code__in=list(codes)).values_list("region_code", "name",
                                                                                            "level"):
        rank = Org.LEVEL_ORDER.index(level)
        if code not in out or rank < out[code][1]:
            out[code] = (name, rank)
    return {c: v[0] for c, v in out.items()}


def category_policy() -> Policy:
    policy = Policy.objects.filter(kind="category", status="active").order_by("-version").first()
    if policy is None:
        raise NotFound("尚未配置困难职工认定与救助标准。")
    return policy


def policies() -> QuerySet[Policy]:
    return Policy.objects.all().order_by("code", "-version")


def policy_by_id(*, policy_id: int, kind: str = "") -> Policy:
    """Policies are published to every level (not scoped); missing raises NotFound."""
    policy = Policy.objects.filter(pk=policy_id, **({"kind": kind} if kind else {})).first()
    if policy is None:
        raise NotFound("未找到该政策。")
    return policy


# --- households and files ------------------------------------------------------------------------


def access_household(*, actor, household_id: int, for_update: bool = False, allow_head: bool = False) -> Household:
    qs = Household.objects.select_related("org", "head")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    household = qs.filter(pk=household_id).first()
    if household is None:
        raise _nf("家庭")
    if allow_head and household.head_id and household.head.user_id == getattr(actor, "pk", None):
        return household
    if not scoping.covers(actor, household.org):
        raise _nf("家庭")
    return household


def household_income(household: Household) -> Decimal:
    """Monthly household income: the sum of members' monthly incomes (derived, never typed)."""
    return household.members.aggregate(s=Sum("monthly_income"))["s"] or Decimal("0.00")


def households_visible_to(*, actor, not_visited_days: int | None = None) -> QuerySet[Household]:
    """Households in scope; with `not_visited_days`, only those with an open file whose last visit is older than
    that (or that were never visited) — monitoring's "not visited" list, in the households grid."""
    qs = Household.objects.filter(scoping.scope_q(actor), merged_into__isnull=True).select_related("org")
    if not_visited_days is not None:
        cutoff = timezone.localdate() - dt.timedelta(days=not_visited_days)
        open_file = HardshipFile.objects.filter(household=OuterRef("pk"), status__in=HardshipFile.OPEN)
        qs = qs.filter(Exists(open_file)).filter(Q(last_visit_on__isnull=True) | Q(last_visit_on__lt=cutoff))
    return qs


def household_related(household: Household) -> dict:
    """What the household page shows beside the household: a fixed number of queries."""
    return {
        "members": list(household.members.all()), "evidence": list(household.evidence.all()),
        "file_apps": list(household.file_applications.all()[:10]),
        "files": list(household.files.prefetch_related("history")),
        "visits": list(household.visits.select_related("visitor")[:20]), "flags": list(household.flags.all()[:30]),
        "income_records": list(household.income_records.all()[:24]),
        "exit_check": exit_check_of(household, timezone.localdate()),
    }


# --- exit rule (§1 脱困) ----------------------------------------------------------------------------


def exit_params() -> dict:
    m = category_policy().params.get("monitoring", {})
    return {"months_required": int(m.get("exit_months", 6)), "fresh_months": int(m.get("income_fresh_months", 3))}


def _months(records) -> list:
    return [rules.IncomeMonth(r.month, r.income, r.rigid, r.people) for r in records]


def exit_check_of(household: Household, today: dt.date) -> rules.ExitCheck:
    """The exit rule on the household's monthly income records (the latest 12 are enough for 6 months)."""
    records = list(household.income_records.order_by("-month")[:12])
    dibao = dibao_by_year(household.region_code, {r.month.year for r in records})
    return rules.exit_check(_months(records), dibao, today=today, **exit_params())


def exit_checks(lo: int, hi: int, today: dt.date, table) -> dict[int, rules.ExitCheck]:
    """The exit rule for every household lo <= id < hi with an open file, in two queries."""
    since = (today.replace(day=1) - dt.timedelta(days=400)).replace(day=1)
    open_files = dict(HardshipFile.objects.filter(status__in=HardshipFile.OPEN, household_id__gte=lo,
                                                  household_id__lt=hi)
                      .values_list("household_id", "household__region_code"))
    if not open_files:
        return {}
    by_household: dict[int, list] = {}
    for r in IncomeRecord.objects.filter(household_id__in=list(open_files), month__gte=since).order_by("month"):
        by_household.setdefault(r.household_id, []).append(r)
    params = exit_params()
    by_region, _year = table
    out = {}
    for hid, records in by_household.items():
        region = open_files[hid]
        years = {r.month.year for r in records}
        dibao = {}
        for y in years:
            ref = dibao_table_ref((by_region, y), region)
            if ref:
                dibao[y] = (ref.amount, ref.year)
        out[hid] = rules.exit_check(_months(records), dibao, today=today, **params)
    return out


def rigid_12m(lo: int, hi: int, today: dt.date) -> dict[int, Decimal]:
    """Rigid expenditure recorded in the monthly income records of the last 12 months, per household."""
    since = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    return dict(IncomeRecord.objects.filter(household_id__gte=lo, household_id__lt=hi, month__gte=since)
                .values("household_id").annotate(s=Sum("rigid")).values_list("household_id", "s"))


def files_visible_to(*, actor, status: str = "", category: str = "") -> QuerySet[HardshipFile]:
    qs = HardshipFile.objects.filter(scoping.scope_q(actor)).select_related("household", "org", "helper")
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("-id")


def access_file(*, actor, file_id: int, for_update: bool = False) -> HardshipFile:
    qs = HardshipFile.objects.select_related("household", "org")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    file = qs.filter(pk=file_id).first()
    if file is None or not scoping.covers(actor, file.org):
        raise _nf("档案")
    return file


def file_history(file: HardshipFile) -> list[FileStatusChange]:
    return list(file.history.select_related("actor"))


# --- applications ----------------------------------------------------------------------------------


def applications_visible_to(*, actor, status: str = "") -> QuerySet[Application]:
    qs = Application.objects.filter(scoping.scope_q(actor)).select_related("org", "household", "applicant")
    if status == "open":
        qs = qs.filter(status__in=["submitted", "reviewed", "district_approved"])
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("-id")


def access_application(*, actor, application_id: int) -> Application:
    app = (Application.objects.select_related("org", "household", "applicant", "decision", "decision__policy")
           .filter(pk=application_id).first())
    if app is None:
        raise _nf("申请")
    if app.applicant_id == getattr(actor, "pk", None) or app.submitted_by_id == getattr(actor, "pk", None):
        return app
    if not scoping.covers(actor, app.org):
        raise _nf("申请")
    return app


def my_applications(user) -> QuerySet[Application]:
    return (Application.objects.filter(Q(applicant=user) | Q(submitted_by=user, applicant__isnull=True))
            .select_related("decision").order_by("-id"))


def application_queue(*, actor, status: str = "") -> QuerySet[Application]:
    """The workbench queue: scoped applications with their approval steps in order (two queries a page)."""
    return applications_visible_to(actor=actor, status=status).prefetch_related(
        Prefetch("steps", queryset=ApprovalStep.objects.order_by("at", "id")))


def applications_by_ids(*, actor, ids) -> QuerySet[Application]:
    """Selected applications of any status the actor can see (export selected); others' ids are dropped."""
    return applications_visible_to(actor=actor).filter(pk__in=ids).order_by("pk")


def open_applications_by_ids(*, actor, ids) -> QuerySet[Application]:
    """The applications a bulk decision names, limited to the open ones the actor can see."""
    return applications_visible_to(actor=actor, status="open").filter(pk__in=ids)


def applications_with_decision(*, actor, status: str = "", limit: int = 100) -> list[Application]:
    return list(applications_visible_to(actor=actor, status=status).select_related("decision")[:limit])


def application_timeline(app: Application) -> list:
    return list(app.steps.select_related("actor").order_by("at", "id"))


# --- ledger ----------------------------------------------------------------------------------------


def disbursements_visible_to(*, actor) -> QuerySet[Disbursement]:
    return Disbursement.objects.filter(scoping.scope_q(actor)).select_related("household", "org").order_by("-id")


def disbursements_awaiting_batch(*, actor, limit: int = 100) -> list[Disbursement]:
    """Approved, positive, unreversed payments not yet paid (they go into a core payout batch)."""
    return list(disbursements_awaiting_batch_qs(actor=actor)[:limit])


def disbursements_awaiting_batch_qs(*, actor) -> QuerySet[Disbursement]:
    return disbursements_visible_to(actor=actor).filter(
        status="approved", batch__isnull=True, amount__gt=0, reversal__isnull=True)


def campaigns_visible_to(*, actor, status: str = "") -> QuerySet[Campaign]:
    qs = Campaign.objects.filter(scoping.scope_q(actor)).select_related("org").order_by("-id")
    return qs.filter(status=status) if status in Campaign.Status.values else qs


def campaign_status_choices():
    return list(Campaign.Status.choices)


# --- monitoring -------------------------------------------------------------------------------------


def household_facts(lo: int, hi: int, today: dt.date, dibao: dict) -> dict:
    """Facts for monitoring of households lo <= id < hi in four aggregate queries."""
    rng = {"household_id__gte": lo, "household_id__lt": hi}
    members = {r["household_id"]: r for r in HouseholdMember.objects.filter(**rng).values("household_id").annotate(
        income=Sum("monthly_income"), n=Count("id"),
        ill=Count("id", filter=Q(illness=True) | Q(disability=True)),
        students=Count("id", filter=Q(work_status="student")))}
    open_files = set(HardshipFile.objects.filter(status__in=HardshipFile.OPEN, **rng)
                     .values_list("household_id", flat=True))
    exits = dict(HardshipFile.objects.filter(status="exited", exited_on__isnull=False, **rng)
                 .values("household_id").annotate(last=Max("exited_on")).values_list("household_id", "last"))
    since = timezone.now() - dt.timedelta(days=365)
    medical = dict(Application.objects.filter(kind__in=["hospitalization", "chronic"], created_at__gte=since, **rng)
                   .exclude(status="rejected").values("household_id").annotate(s=Sum("self_paid"))
                   .values_list("household_id", "s"))
    recorded_rigid = rigid_12m(lo, hi, today)
    out = {}
    for hid, org_id, region in Household.objects.filter(id__gte=lo, id__lt=hi).values_list("id", "org_id",
                                                                                           "region_code"):
        m = members.get(hid)
        if not m:
            continue
        income = m["income"] or Decimal(0)
        last_exit = exits.get(hid)
        medical_12m = medical.get(hid) or Decimal(0)
        # §1's per capita: rigid expenditure of the last 12 months — the larger of the medical self-paid
        # amounts on applications and the rigid costs in the monthly income records (the same bill may
        # appear in both, so they are not added)
        rigid = max(medical_12m, recorded_rigid.get(hid) or Decimal(0))
        ref = dibao_table_ref(dibao, region)
        out[hid] = (org_id, rules.HouseholdFacts(
            disposable=income * 12, rigid=rigid, people=m["n"], dibao=ref.amount if ref else None,
            dibao_note=ref.note if ref else None,
            has_open_file=hid in open_files, exited_days_ago=(today - last_exit).days if last_exit else None,
            has_rigid_expense=bool(m["ill"] or m["students"] or rigid > 0), ill_or_disabled=m["ill"],
            medical_self_paid_12m=medical_12m))
    return out


def snapshot_flags(day: dt.date) -> None:
    counts = dict(RiskFlag.objects.filter(active=True).values("code").annotate(n=Count("id")).values_list("code", "n"))
    for code in RiskFlag.Code.values:
        FlagSnapshot.objects.update_or_create(day=day, code=code, defaults={"count": counts.get(code, 0)})


def flag_counts(*, actor) -> dict:
    qs = RiskFlag.objects.filter(scoping.scope_q(actor), active=True)
    by_code = dict(qs.values("code").annotate(n=Count("id")).values_list("code", "n"))
    by_org = list(qs.values("org__name", "code").annotate(n=Count("id")).order_by("org__name", "code"))
    trend = list(FlagSnapshot.objects.filter(day__gte=timezone.localdate() - dt.timedelta(days=90))
                 .order_by("day").values("day", "code", "count"))
    return {"by_code": by_code, "by_org": by_org, "trend": trend}


def flagged(*, actor, code: str = "") -> QuerySet[RiskFlag]:
    """Active monitoring flags in scope (the households behind an alert count), oldest first."""
    helper = (HardshipFile.objects.filter(household=OuterRef("household"), status__in=HardshipFile.OPEN)
              .order_by("-id").values("helper__real_name")[:1])
    qs = (RiskFlag.objects.filter(scoping.scope_q(actor), active=True).select_related("household", "org")
          .annotate(helper_name=Subquery(helper)))
    if code:
        qs = qs.filter(code=code)
    return qs.order_by("raised_at", "id")


def helper_choices(*, actor, limit: int = 200) -> list[tuple[int, str]]:
    """People who can be a household's 帮扶联系人: staff and social workers of the unions in the actor's scope."""
    from niangjia.core.models import OrgRole
    from niangjia.relief.services.helpers import HELPER_ROLES

    rows = (OrgRole.objects.filter(org__in=scoping.orgs_visible_to(actor), role__in=HELPER_ROLES,
                                   user__is_active=True)
            .select_related("user", "org").order_by("org__path", "user_id")[: limit * 3])
    out, seen = [], set()
    for r in rows:
        if r.user_id not in seen:
            seen.add(r.user_id)
            out.append((r.user_id, f"{r.user.name}（{r.org.name}）"))
    return out[:limit]


NOT_VISITED_DAYS = 90


def not_visited(*, actor, days: int = NOT_VISITED_DAYS) -> QuerySet[Household]:
    return households_visible_to(actor=actor, not_visited_days=days).order_by("last_visit_on", "id")


# --- reports ----------------------------------------------------------------------------------------


def report(*, actor, year: int) -> dict:
    ledger = Disbursement.objects.filter(scoping.scope_q(actor), year=year)
    by_kind = dict(ledger.values("kind").annotate(s=Sum("amount")).values_list("kind", "s"))
    person_times = ledger.filter(amount__gt=0).count()
    by_month = [{"month": r["m"].strftime("%Y-%m"), "total": r["s"]} for r in
                ledger.annotate(m=TruncMonth("created_at")).values("m").annotate(s=Sum("amount")).order_by("m")]
    files = HardshipFile.objects.filter(scoping.scope_q(actor))
    by_category = dict(files.filter(status__in=HardshipFile.OPEN).values("category").annotate(n=Count("id"))
                       .values_list("category", "n"))
    changes = FileStatusChange.objects.filter(scoping.scope_q(actor, org_field="file__org"), on__year=year)
    exited = changes.filter(to_status="exited").count()
    relapsed = changes.filter(to_status="relapsed").count()
    by_org = list(ledger.values("org__name").annotate(s=Sum("amount"), n=Count("id")).order_by("-s")[:20])
    return {"year": year, "by_kind": by_kind, "person_times": person_times, "by_month": by_month,
            "by_category": by_category, "exited": exited, "relapsed": relapsed, "by_org": by_org,
            "living": by_kind.get("living") or 0, "education": by_kind.get("education") or 0,
            "medical": sum((by_kind.get(k) or 0) for k in ("hospitalization", "chronic", "special"))}


def my_business_items(user) -> list:
    """The worker's relief applications as 我的办事 rows (one query)."""
    from django.urls import reverse

    from niangjia.core.my_business import BusinessItem, T

    where = {
        Application.Status.SUBMITTED: (T["at_grassroots"], T["grassroots"]),
        Application.Status.REVIEWED: (T["at_district"], T["district"]),
        Application.Status.DISTRICT_APPROVED: (T["at_city"], T["city"]),
    }
    items = []
    for app in my_applications(user)[:50]:
        stage, holder = where.get(app.status, (app.get_status_display(), ""))
        rejected = app.status == Application.Status.REJECTED
        items.append(BusinessItem(
            number=T["number"] % {"n": app.pk}, kind=str(T["relief"]), code="relief", title=app.get_kind_display(),
            stage=str(stage), url=reverse("relief:my_application", args=[app.pk]), created_at=app.created_at,
            pending=app.status in where, rejected=rejected, holder=str(holder),
            next_step=(str(T["message_each_step"]) if app.status in where
                       else str(T["after_rejection"]) if rejected else "")))
    return items


def application_status_page(app: Application) -> dict:
    """What the worker's status page shows besides the application: what they sent, the steps done and still to
    come, and whom to ask (a fixed number of queries)."""
    from niangjia.core import selectors as core_selectors

    steps = application_timeline(app)
    approved = {s.level for s in steps if s.approve}
    to_come = []
    if app.status not in (Application.Status.APPROVED, Application.Status.REJECTED):
        for level in ("grassroots", "district", "city"):
            if level not in approved:
                to_come.append(level)
    return {
        "steps": steps, "to_come": to_come, "evidence": list(app.evidence.order_by("id")),
        "invoices": list(app.invoices.order_by("id")), "contact": core_selectors.union_contact(app.org),
    }


def apply_eligibility(user) -> dict:
    """What the worker may apply for, known before the form is filled (two queries)."""
    from niangjia.core import selectors as core_selectors

    membership = core_selectors.active_membership_of(user)
    household = (Household.objects.filter(head__user=user, head__status="active", merged_into__isnull=True)
                 .order_by("-id").first()) if membership else None
    has_file = bool(household and household.files.filter(status__in=HardshipFile.OPEN).exists())
    return {"is_member": membership is not None, "has_file": has_file}


from niangjia.relief.selectors_jobs import (  # noqa: E402, F401  (what the jobs app reads)
    HardshipWorker,
    hardship_files_for_jobs,
    hardship_worker_for_jobs,
    hardship_workers_by_household,
    hardship_workers_for_jobs,
    snapshots,
)

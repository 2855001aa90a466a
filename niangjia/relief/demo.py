"""Demo data for relief: the seeded policies and dibao rows, and a few hundred households with files
on the demo tree. Idempotent: a second run adds nothing."""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from niangjia.core import pii
from niangjia.core.models import Member, Org, OrgRole
from niangjia.relief import rules, selectors
from niangjia.relief.models import FileStatusChange, HardshipFile, Household, HouseholdMember
from niangjia.relief.reference import seed_reference

CAUSES = ["illness", "disability", "schooling", "disaster", "unemployment", "accident"]


def build_households(orgs: list[Org], n: int, rng: random.Random, *, heads: list[Member] | None = None,
                     region_of=None, year: int | None = None, batch: int = 5000) -> int:
    """Bulk-create `n` households with 1–5 members and, where §1 says so, an open file.

    Used by the demo and by bench/relief.py. Incomes are drawn so that about a third qualify.
    """
    year = year or timezone.localdate().year
    params = selectors.category_policy().params
    dibao_table = selectors.dibao_map(year)
    today = timezone.localdate()
    bank = "6222020200112233445"
    bank_index = pii.blind_index(bank, purpose="bank")
    enc_bank = bank  # EncryptedTextField encrypts on save; bulk_create goes through get_prep_value too
    made = 0
    while made < n:
        size = min(batch, n - made)
        households, member_rows, plan = [], [], []
        for i in range(size):
            head = heads[(made + i) % len(heads)] if heads else None
            org = head.org if head else orgs[(made + i) % len(orgs)]
            region = region_of(org) if region_of else org.region_code
            people = rng.choice([1, 2, 3, 3, 4, 5])
            incomes = [Decimal(rng.choice([0, 0, 800, 1500, 2200, 3000, 4500, 6000])) for _ in range(people)]
            ill = rng.random() < 0.25
            # one household per head: a head reused by a benchmark beyond the member list stays unindexed
            index = head.id_index if head and made + i < len(heads) else ""
            households.append(Household(org=org, head=head, head_name=head.name if head else f"户主{made + i}",
                                        region_code=region, bank_account=enc_bank, bank_account_index=bank_index,
                                        head_id_index=index,
                                        last_visit_on=today - dt.timedelta(days=rng.randrange(0, 200))))
            plan.append((people, incomes, ill))
        with transaction.atomic():
            Household.objects.bulk_create(households, batch_size=2000)
            files = []
            for h, (people, incomes, ill) in zip(households, plan, strict=True):
                for j, inc in enumerate(incomes):
                    member_rows.append(HouseholdMember(
                        household=h, name=h.head_name if j == 0 else f"成员{j}",
                        relation="self" if j == 0 else rng.choice(["spouse", "child", "parent"]),
                        age=rng.randrange(30, 60) if j == 0 else rng.randrange(3, 80),
                        work_status="employed" if inc else rng.choice(["unemployed", "student", "retired"]),
                        monthly_income=inc, illness=ill and j == 0, diagnosis="慢性肾病" if ill and j == 0 else ""))
                dibao = selectors.dibao_lookup(dibao_table, h.region_code)
                if dibao is None:
                    continue
                disposable = sum(incomes) * 12
                rigid = Decimal(rng.choice([0, 0, 6000, 12000])) if ill else Decimal(0)
                c = rules.classify_household(params, disposable=disposable, rigid=rigid, people=people, dibao=dibao)
                if c.category in ("deep", "relative"):
                    exited = rng.random() < 0.1
                    files.append(HardshipFile(
                        household=h, org=h.org, category=c.category, causes=rng.sample(CAUSES, rng.choice([1, 2])),
                        status="exited" if exited else "active", exited_on=today - dt.timedelta(days=60)
                        if exited else None, review_date=today + dt.timedelta(days=rng.randrange(10, 365)),
                        basis={"disposable": str(disposable), "rigid": str(rigid), "people": people,
                               "dibao": str(dibao), "year": year, "lines": c.lines, "source": "demo"}))
            HouseholdMember.objects.bulk_create(member_rows, batch_size=5000)
            HardshipFile.objects.bulk_create(files, batch_size=2000)
            FileStatusChange.objects.bulk_create(
                [FileStatusChange(file=f, to_status="active", on=today, reason="建档（演示数据）") for f in files],
                batch_size=5000)
        made += size
    return made


def seed(stdout) -> None:
    seed_reference()
    city = Org.objects.filter(level="city").order_by("id").first()
    if city is None or Household.objects.filter(org__path__startswith=city.path).exists():
        if stdout:
            stdout.write(f"relief: {Household.objects.count()} households, {HardshipFile.objects.count()} files\n")
        return
    rng = random.Random(2020)
    heads = list(Member.objects.filter(status="active", org__path__startswith=city.path)
                 .select_related("org").order_by("id")[:300])
    if not heads:
        return
    build_households([], len(heads), rng, heads=heads)
    helpers = {r.org.path: r.user_id for r in OrgRole.objects.filter(role__in=["staff", "social_worker"])
               .select_related("org")}
    for f in HardshipFile.objects.filter(helper__isnull=True).select_related("org"):
        helper = next((uid for path, uid in helpers.items() if f.org.path.startswith(path)), None)
        if helper:
            HardshipFile.objects.filter(pk=f.pk).update(helper_id=helper)
    from niangjia.relief import services

    services.recompute_flags()
    if stdout:
        stdout.write(f"relief: {Household.objects.count()} households, {HardshipFile.objects.count()} files, "
                     "policies CQ-LSJZ, SFS-LSJZ (the demo city's own) and KNZG-BZ (example values), dibao 500000/330100 "
                     "(demo values)\n")

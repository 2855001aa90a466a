"""Demo job fair: 163 verified employers, 1,280 posts and one 春风行动 fair (synthetic, seeded, idempotent).

The employer login 13800000007 represents the first employer. Credit codes carry a valid GB 32100 check
character but belong to nobody."""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from niangjia.core import pii
from niangjia.core.demo import synthetic_uscc
from niangjia.core.models import Org, User
from niangjia.jobs import search, services_matching
from niangjia.jobs.demo_data import AREAS, BRANDS, KINDS, SUFFIX
from niangjia.jobs.models import Employer, JobFair, Position

EMPLOYERS = 163
POSTS = 1280
FAIR_TITLE = "2026年春风行动线上招聘会"


def employer_plan(rng: random.Random, count: int = EMPLOYERS) -> list[tuple[str, str, str, str]]:
    """[(name, industry, region_code, district name)] — `count` distinct employers."""
    industries = list(dict.fromkeys(k[0] for k in KINDS))
    out, seen = [], set()
    i = 0
    while len(out) < count:
        industry = industries[i % len(industries)]
        region, district, streets = AREAS[(i // len(industries)) % len(AREAS)]
        if industry == "公益":
            name = f"{district}{rng.choice(streets)}街道社区服务中心"
        else:
            name = f"{district[:2]}{rng.choice(BRANDS)}{SUFFIX[industry]}"
        i += 1
        if name in seen:
            continue
        seen.add(name)
        out.append((name, industry, region, district))
    return out


def _pay(rng: random.Random, low: int, high: int) -> tuple[Decimal, Decimal]:
    shift = rng.choice([-300, -200, 0, 0, 200, 300, 500])
    lo = max(2490, low + shift) if low >= 2490 else low
    hi = max(lo + 200, high + shift)
    return Decimal(round(lo, -1)), Decimal(round(hi, -1))


def seed(stdout=None, *, employers: int = EMPLOYERS, posts: int = POSTS) -> None:
    """Idempotent: nothing happens once the demo fair exists. `employers`/`posts` are smaller in the benchmark's
    smoke test only."""
    if Employer.objects.filter(fairs__title=FAIR_TITLE).exists():
        if stdout:
            stdout.write(f"jobs: {Employer.objects.count()} employers, {Position.objects.count()} posts\n")
        return
    city = Org.objects.filter(level="city").order_by("id").first()
    if city is None:
        return
    districts = {o.region_code: o for o in Org.objects.filter(parent=city, level="district")}
    rng = random.Random(1280)
    today = timezone.localdate()
    by_industry: dict[str, list] = {}
    for kind in KINDS:
        by_industry.setdefault(kind[0], []).append(kind)
    account = User.objects.filter(phone_index=pii.blind_index("13800000007", purpose="phone")).first()
    with transaction.atomic():
        fair = JobFair.objects.create(
            title=FAIR_TITLE, kind=JobFair.Kind.SPRING_BREEZE, org=city, starts_on=today - dt.timedelta(days=7),
            ends_on=today + dt.timedelta(days=60),
            description="线上招聘、送岗到户：重点帮助困难职工、农民工和登记失业人员就业，设公益性岗位专区。")
        made = []
        for n, (name, industry, region, _district) in enumerate(employer_plan(rng, employers)):
            made.append(Employer.objects.create(
                name=name, uscc=synthetic_uscc(rng, region), org=districts.get(region, city), region_code=region,
                industry=industry, address=f"{_district}{rng.choice([a for a in AREAS if a[0] == region][0][2])}街道",
                contact_name=rng.choice("王李张刘陈杨黄赵吴周") + rng.choice(["经理", "主管", "女士", "先生"]),
                contact_phone=f"138{rng.randrange(10**8):08d}", status=Employer.Status.VERIFIED,
                verified_at=timezone.now(), account=account if n == 0 else None))
        fair.employers.add(*made)
        rows = []
        for n, employer in enumerate(made):
            count = posts // employers + (1 if n < posts % employers else 0)
            region, district, streets = next(a for a in AREAS if a[0] == employer.region_code)
            for _ in range(count):
                _ind, titles, skills, desc, req, hours, demands, (low, high), welfare = rng.choice(
                    by_industry[employer.industry])
                lo, hi = _pay(rng, low, high)
                rows.append(Position(
                    employer=employer, org=employer.org, fair=fair, title=rng.choice(titles), description=desc,
                    location=f"{district}{rng.choice(streets)}街道", region_code=region, salary_min=lo, salary_max=hi,
                    requirements=req, skills=skills, hours=hours, demands=demands, headcount=rng.choice([1, 2, 3, 5, 10]),
                    public_welfare=welfare))
        Position.objects.bulk_create(rows, batch_size=500)
        for p in Position.objects.filter(fair=fair).select_related("employer"):
            search.reindex(p)
        services_matching.posts_changed()
    if stdout:
        stdout.write(f"jobs: {len(made)} employers, {len(rows)} posts, fair “{FAIR_TITLE}”\n")

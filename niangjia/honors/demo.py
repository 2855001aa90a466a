"""Demo panel (created once): a panel of 8 CPPCC members and 20 union chairs scores 9 organisations' service projects
on 4 weighted criteria; 3 judges have declared relations that recuse them from one entry each. The demo judge
13800000009 sits on the panel (one of the 3 conflicts is theirs) and has not scored yet; the others have."""

import datetime as dt
import random
from decimal import Decimal

TITLE = "2026年度工会购买社会服务项目评审"
ORGS = [("示范市阳光社工服务中心", "52330100MJ0000001A"), ("示范市心语心理咨询中心", "52330100MJ0000002A"),
        ("示范市法援之家律师事务所", "31330000MA0000003A"), ("示范市职工技能培训学校", "52330100MJ0000004A"),
        ("示范市暖心家政服务合作社", "93330100MA0000005A"), ("示范市户外劳动者驿站服务社", "52330100MJ0000006A"),
        ("示范市青年职工婚恋服务中心", "52330100MJ0000007A"), ("示范市新就业形态劳动者之家", "52330100MJ0000008A"),
        ("示范市困难职工帮扶志愿者协会", "51330100MJ0000009A")]
CRITERIA = [("服务需求与目标", Decimal("20"), 10), ("服务方案与可行性", Decimal("30"), 10),
            ("团队与资质", Decimal("20"), 10), ("预算合理性", Decimal("30"), 10)]
FIRST_PHONE = 13900200001


def seed(stdout) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from niangjia.core import pii
    from niangjia.core.demo import PASSWORD
    from niangjia.core.models import Org, User
    from niangjia.honors import services
    from niangjia.honors.models import Panel

    city = Org.objects.filter(level="city").order_by("id").first()
    admin = User.objects.filter(org_roles__role="admin", org_roles__org=city).first() if city else None
    if city is None or admin is None or Panel.objects.filter(title=TITLE).exists():
        return
    rng = random.Random(28)
    password = make_password(PASSWORD)
    with transaction.atomic():
        panel = services.create_panel(admin, org_id=city.pk, title=TITLE, activity_date=dt.date(2026, 12, 10),
                                      criteria=CRITERIA, trim_extremes=True)
        for i, (name, uscc) in enumerate(ORGS):
            services.add_entry(admin, panel_id=panel.pk, title=f"{name.removeprefix('示范市')}职工服务项目",
                               entrant=name, uscc=uscc, legal_representative=f"负责人{i + 1}",
                               summary="面向本市职工的公益服务项目，申请工会购买服务资金。")
        judges = []
        demo_judge = User.objects.filter(phone_index=pii.blind_index("13800000009", purpose="phone")).first()
        if demo_judge is not None:
            judges.append((demo_judge, "评审专家（演示）", "市政协委员",
                           [{"kind": "employed", "organisation": ORGS[1][0], "uscc": ORGS[1][1],
                             "ended_on": dt.date(2025, 6, 30)}]))
        for i in range(27):
            phone = str(FIRST_PHONE + i)
            index = pii.blind_index(phone, purpose="phone")
            user = User.objects.filter(phone_index=index).first() or User.objects.create(
                phone=phone, phone_index=index, password=password, real_name=f"评委{i + 2:02d}",
                display_name=f"评委{i + 2:02d}")
            affiliation = "市政协委员" if i < 7 else "基层工会主席"
            relations = []
            if i == 3:
                relations = [{"kind": "director", "organisation": ORGS[4][0], "uscc": ORGS[4][1]}]
            if i == 11:
                relations = [{"kind": "family", "person": "负责人7"}]
            judges.append((user, user.real_name, affiliation, relations))
        for user, name, affiliation, relations in judges:
            services.add_judge(admin, panel_id=panel.pk, phone=user.phone, name=name, affiliation=affiliation,
                               relations=relations)
        panel.refresh_from_db()
        criteria = list(panel.criteria.all())
        for judge in panel.judges.exclude(user=demo_judge):
            judge_user = judge.user
            for entry in panel.entries.exclude(conflicts__judge=judge):
                values = {c.pk: Decimal(rng.randint(60, 100)) / 10 for c in criteria}
                services.save_scores(judge_user, panel_id=panel.pk, entry_id=entry.pk, values=values, submit=True)
    _seed_round(admin, city)
    _seed_mentorship(admin)
    _seed_registry(admin)
    stdout.write("honors: a panel of 28 judges for 9 projects on 4 criteria, 3 recusals (judge 13800000009 to score)\n")


def _seed_round(admin, city) -> None:
    """A 2027 五一劳动奖章 round with the national composition rules and 12 nominations with one migrant worker
    (1/12 = 8.3 %, short of 10 %): the round page shows what is missing."""
    from niangjia.core.models import Org
    from niangjia.honors import services_awards

    award = services_awards.create_round(admin, org_id=city.pk, title="2027年示范市五一劳动奖章推荐评选", year=2027,
                                         kind="medal")
    districts = list(Org.objects.filter(parent=city).order_by("id")[:2]) or [city]
    for d in districts:
        services_awards.set_quota(admin, round_id=award.pk, org_id=d.pk, seats=6)
    people = [("陈建国", ["industrial", "non_public"]), ("刘桂芳", ["industrial", "woman"]), ("张志强", ["industrial"]),
              ("王海燕", ["frontline_tech", "woman"]), ("李卫东", ["frontline_tech", "non_public"]),
              ("赵敏", ["science_edu", "woman"]), ("孙立新", ["science_edu"]), ("周国平", ["industrial", "non_public"]),
              ("吴小兰", ["migrant", "non_public", "woman"]), ("郑凯", ["non_public"]), ("冯雪梅", ["frontline_tech"]),
              ("何军", ["industrial", "non_public"])]
    for i, (name, attrs) in enumerate(people):
        services_awards.nominate(admin, round_id=award.pk, org_id=districts[i % len(districts)].pk, name=name,
                                 employer="示范市重点企业", deeds="长期扎根一线，技术革新成果显著。", attributes=attrs)


def _seed_mentorship(admin) -> None:
    """40 "red craftsman" mentor pairs in the union with the most members, each with two tasks; 36 of them reviewed
    both ways for this year."""
    from django.db.models import Count
    from django.utils import timezone

    from niangjia.core.models import Member, Org
    from niangjia.honors import services_mentorship
    from niangjia.honors.models import MentorshipReview, MentorshipTask

    union = (Org.objects.filter(level="grassroots").annotate(n=Count("members")).order_by("-n", "id").first())
    if union is None:
        return
    users = [m.user for m in Member.objects.filter(org=union, status="active", user__isnull=False)
             .select_related("user").order_by("id")[:80]]
    today = timezone.localdate()
    year = today.year
    rng = random.Random(40)
    for i in range(min(40, len(users) // 2)):
        mentor, apprentice = users[2 * i], users[2 * i + 1]
        pair = services_mentorship.create_pair(
            admin, org_id=union.pk, mentor_phone=mentor.phone, apprentice_phone=apprentice.phone,
            starts_on=today.replace(month=1, day=1), ends_on=today.replace(year=year + 1, month=12, day=31),
            goals="红色工匠师徒结对：两年内徒弟独立完成本岗位全部操作并取得中级工证书。")
        now = timezone.now()
        MentorshipTask.objects.bulk_create([
            MentorshipTask(mentorship=pair, title="掌握安全操作规程", done_at=now, approved_at=now),
            MentorshipTask(mentorship=pair, title="独立完成一次设备保养", done_at=now if i % 3 else None)])
        if i < 36:
            MentorshipReview.objects.bulk_create([
                MentorshipReview(mentorship=pair, year=year, by_mentor=True, rating=rng.randint(3, 5),
                                 comment="学习认真，进步明显。"),
                MentorshipReview(mentorship=pair, year=year, by_mentor=False, rating=rng.randint(4, 5),
                                 comment="师傅倾囊相授，耐心细致。")])


def _seed_registry(admin) -> None:
    """The registry from the members core tags as 劳模, each with a title and this year's greeting."""
    from django.utils import timezone

    from niangjia.core.models import Member
    from niangjia.honors import services_registry

    year = timezone.localdate().year
    for member in Member.objects.filter(model_worker=True, status="active").select_related("org").order_by("id")[:30]:
        title = member.model_worker_title or "市劳动模范"
        worker = services_registry.register(admin, org_id=member.org_id, name=member.name, title=title,
                                            level="city", year=2018, awarding_body="示范市人民政府",
                                            member_id=member.pk)
        services_registry.record_care(admin, worker_id=worker.pk, year=year, kind="节日慰问", amount="800",
                                      note="春节慰问")

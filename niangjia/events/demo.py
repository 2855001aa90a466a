"""Demo events of the city federation (created once): a recuperation trip for front-line workers that is nearly
full, one that is full with a waiting list, a matchmaking day for 60 young workers, 10 lecture sessions of 60 places
(600 people) and a volunteering shift."""

import datetime as dt
from decimal import Decimal

TRIP = "2027年一线职工疗休养（第一批·安吉）"


def seed(stdout) -> None:
    from django.db import transaction
    from django.utils import timezone

    from niangjia.core import pii
    from niangjia.core.models import Member, Org, User
    from niangjia.events import services
    from niangjia.events.models import Event

    city = Org.objects.filter(level="city").order_by("id").first()
    admin = User.objects.filter(org_roles__role="admin", org_roles__org=city).first() if city else None
    if city is None or admin is None or Event.objects.filter(title=TRIP).exists():
        return
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    day = dt.timedelta(days=1)
    # The demo member 13800000011 is left free to try registering; others fill most of the places.
    keep_free = pii.blind_index("13800000011", purpose="phone")
    active = User.objects.filter(memberships__status="active").exclude(phone_index=keep_free).distinct()
    member_users = list(active.filter(memberships__frontline=True).order_by("id")[:80])
    member_users += list(active.exclude(pk__in=[u.pk for u in member_users]).order_by("id")[:80 - len(member_users)])
    with transaction.atomic():
        # Demo members with a login are rarely marked front-line in the core demo; the first trip is for front-line
        # workers, so its 58 demo registrants are front-line workers.
        Member.objects.filter(user__in=member_users[:58], status="active").update(frontline=True)
        open_trip = services.create_event(
            admin, title=TRIP, kind="recuperation", capacity=60, starts_at=now + 40 * day,
            ends_at=now + 43 * day, registration_closes_at=now + 20 * day, place="湖州安吉 职工疗休养基地",
            cost_per_day=Decimal("380.00"), priority="frontline", priority_share=Decimal("0.9"),
            description="一线职工优先（保留 90% 名额），每人每年一次；行程 4 天含路途，费用由工会经费列支。", now=now)
        for user in member_users[:58]:
            services.register(user, event_id=open_trip.pk, now=now)
        full = services.create_event(
            admin, title="2027年劳模疗休养（黄山·跨省）", kind="recuperation", capacity=20, starts_at=now + 50 * day,
            ends_at=now + 54 * day, registration_closes_at=now + 25 * day, place="安徽黄山", cross_province=True,
            cost_per_day=Decimal("390.00"), now=now)
        for user in member_users[58:80]:
            services.register(user, event_id=full.pk, now=now)
        services.create_event(
            admin, title="“缘来是你”青年职工交友联谊会", kind="matchmaking", capacity=60, starts_at=now + 14 * day,
            ends_at=now + 14 * day + dt.timedelta(hours=4), registration_closes_at=now + 10 * day,
            place="市职工文化宫", priority="young", priority_share=Decimal("1"),
            description="面向 35 周岁以下单身职工；联系方式只在双方互选后显示，活动结束 30 天后删除交友资料。", now=now)
        for i in range(10):
            start = now + (7 + i * 3) * day
            services.create_event(
                admin, title=f"劳动法律知识讲座（第{i + 1}场）", kind="lecture", capacity=60, starts_at=start,
                ends_at=start + dt.timedelta(hours=2), registration_closes_at=start - dt.timedelta(hours=2),
                place="市职工服务中心 报告厅", now=now)
        services.create_event(
            admin, title="社区志愿服务：关爱户外劳动者（周六上午）", kind="volunteering", capacity=20,
            starts_at=now + 6 * day, ends_at=now + 6 * day + dt.timedelta(hours=3),
            registration_closes_at=now + 5 * day, place="湖滨街道 爱心驿站", now=now)
    stdout.write(f"events: 14 demo events ({Member.objects.count()} members in the tree)\n")

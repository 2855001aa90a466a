"""Demo of the workers' congress: 恒通物流有限公司工会's congress with 295 delegates in 6 groups (mobiles
13900100001–13900100295, password Niangjia-2020) and one sitting in progress with no motion yet. The chair is the
demo admin 13800000001 (admin of the city, so the union is in scope). Created once."""

import random

DELEGATES = 295
GROUPS = ["驾驶员代表团", "仓储代表团", "分拣中心代表团", "机关职能代表团", "维修保障代表团", "青年女工代表团"]
FIRST_PHONE = 13900100001


def seed(stdout) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from niangjia.congress.models import Congress, Delegate, DelegateGroup, Sitting
    from niangjia.core import pii
    from niangjia.core.demo import PASSWORD, synthetic_id
    from niangjia.core.models import Member, Org, User
    from niangjia.core.services.members import create_member_row

    union = Org.objects.filter(name="恒通物流有限公司工会").first()
    if union is None:
        return
    if Congress.objects.filter(org=union).exists():
        from niangjia.congress.demo_proposals import seed_proposals

        seed_proposals(stdout, union)
        return
    rng = random.Random(295)
    password = make_password(PASSWORD)  # hashed once: 295 argon2 hashes would take minutes
    with transaction.atomic():
        congress = Congress.objects.create(org=union, title="恒通物流有限公司第三届职工代表大会", term=3)
        groups = [DelegateGroup.objects.create(congress=congress, name=name) for name in GROUPS]
        phones = [str(FIRST_PHONE + i) for i in range(DELEGATES)]
        indexes = [pii.blind_index(p, purpose="phone") for p in phones]
        existing = set(User.objects.filter(phone_index__in=indexes).values_list("phone_index", flat=True))
        User.objects.bulk_create([
            User(phone=p, phone_index=ix, password=password, display_name=f"代表{i + 1:03d}",
                 real_name=f"代表{i + 1:03d}")
            for i, (p, ix) in enumerate(zip(phones, indexes, strict=True)) if ix not in existing])
        users = {u.phone_index: u for u in User.objects.filter(phone_index__in=indexes)}
        delegates = []
        for i, (p, ix) in enumerate(zip(phones, indexes, strict=True)):
            user = users[ix]
            member = Member.objects.filter(user=user, status="active").first()
            if member is None:
                id_number = synthetic_id(rng, union.region_code, 500 + i)
                user.id_number, user.id_index = id_number, pii.blind_index(id_number, purpose="id")
                from django.utils import timezone

                user.verified_at = timezone.now()
                user.save(update_fields=["id_number", "id_index", "verified_at"])
                member = create_member_row(org=union, user=user, name=user.real_name, id_number=id_number, phone=p)
            delegates.append(Delegate(congress=congress, group=groups[i % len(groups)], member=member, user=user,
                                      name=user.real_name, is_manager=i % 6 == 3 and i % 12 == 3,
                                      is_frontline=i % 6 in (0, 1, 2, 4), is_woman=i % 3 == 0, is_young=i % 4 == 0))
        Delegate.objects.bulk_create(delegates)
        Sitting.objects.create(congress=congress, title="第三届第二次会议", number=2, status=Sitting.Status.IN_PROGRESS)
    from niangjia.congress.demo_proposals import seed_proposals

    seed_proposals(stdout, union)
    stdout.write(f"congress: {DELEGATES} delegates in {len(GROUPS)} groups, one sitting in progress "
                 f"(delegates {FIRST_PHONE}–{FIRST_PHONE + DELEGATES - 1})\n")

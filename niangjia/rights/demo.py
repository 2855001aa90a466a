"""Demo data of the rights app: knowledge base, a counsellor with slots, a duty roster. (Holidays need no demo
rows: the State Council calendar is built in, see official_calendar.py.)"""

import datetime as dt

from django.utils import timezone


def seed(stdout) -> None:
    from niangjia.core.models import Org, OrgRole
    from niangjia.rights.models import Counsellor, DutyShift, Slot
    from niangjia.rights.services.kb import load_seed_articles

    n = load_seed_articles()
    stdout.write(f"rights: {n} knowledge-base articles added or updated from the seed (待法律审核)\n")
    district = Org.objects.filter(level="district").order_by("id").first()
    if district is None:
        return
    staff_roles = list(OrgRole.objects.filter(org=district, role__in=["staff", "admin"]).select_related("user")[:3])
    today = timezone.localdate()
    for i in range(7):
        for j, shift in enumerate(["day", "evening", "night"]):
            if staff_roles:
                role = staff_roles[(i + j) % len(staff_roles)]
                DutyShift.objects.get_or_create(org=district, day=today + dt.timedelta(days=i), shift=shift,
                                                staff=role.user)
    for role in OrgRole.objects.filter(role__in=["lawyer", "psychologist"]).select_related("user", "org")[:4]:
        c, _ = Counsellor.objects.get_or_create(
            user=role.user, defaults={"org": role.org, "kind": role.role, "display_name": role.user.name})
        for d in range(1, 6):
            start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=d), dt.time(14, 0)))
            Slot.objects.get_or_create(counsellor=c, starts_at=start, defaults={
                "mode": "online", "place": "https://meet.example.org/niangjia", "minutes": 50})
    stdout.write("rights: duty roster and counselling slots\n")

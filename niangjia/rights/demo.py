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
    _seed_demo_member_case(stdout)


def _seed_demo_member_case(stdout) -> None:
    """The demo member (13800000011) has one help case with a staff reply, so that 我的办事 and the case
    conversation have something to show (created once)."""
    from niangjia.core import pii
    from niangjia.core.models import OrgRole, User
    from niangjia.rights.selectors import my_cases
    from niangjia.rights.services import cases

    worker = User.objects.filter(phone_index=pii.blind_index("13800000011", purpose="phone")).first()
    if worker is None or my_cases(worker).exists():
        return
    case = cases.open_online_case(worker, category="wages",
                                  description="公司说疫情期间停工，这个月只发了一半工资，这样合法吗？")
    staff = (OrgRole.objects.filter(org__path__in=case.org.ancestor_paths(), role="staff")
             .select_related("user").order_by("-org__depth").first())
    if staff:
        cases.reply(staff.user, case_id=case.pk, text="您好，停工停产在一个工资支付周期内的，企业应按劳动合同规定的"
                    "标准支付工资。请把工资条和停工通知拍照发在这里，我们帮您核对。")
    stdout.write(f"rights: demo help case {case.number} for 13800000011\n")

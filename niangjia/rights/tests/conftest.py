import datetime as dt

import pytest
from django.utils import timezone

from niangjia.rights.models import Counsellor, Slot


@pytest.fixture
def people(tree, make_user, make_member):
    """A worker in union_a, staff of district A, a lawyer and a psychologist at district A, an admin."""
    worker_member = make_member(tree.union_a, name="王师傅")
    other_member = make_member(tree.union_a, name="李师傅")
    staff = make_user(roles=[(tree.district_a, "staff")], name="区总工会干事")
    staff_b = make_user(roles=[(tree.district_b, "staff")], name="西湖区干事")
    admin = make_user(roles=[(tree.city, "admin")], name="市总管理员")
    lawyer = make_user(roles=[(tree.district_a, "lawyer")], name="张律师")
    psych = make_user(roles=[(tree.district_a, "psychologist")], name="陈咨询师")
    Counsellor.objects.create(user=lawyer, org=tree.district_a, kind="lawyer", display_name="张律师")
    Counsellor.objects.create(user=psych, org=tree.district_a, kind="psychologist", display_name="陈咨询师")

    class P:
        pass

    p = P()
    p.tree = tree
    p.worker, p.other = worker_member.user, other_member.user
    p.staff, p.staff_b, p.admin, p.lawyer, p.psych = staff, staff_b, admin, lawyer, psych
    return p


@pytest.fixture
def slot(people):
    start = timezone.now() + dt.timedelta(days=2)
    return Slot.objects.create(counsellor=people.psych.rights_counsellor, starts_at=start, minutes=50,
                               mode="online", place="https://meet.example.org/x")

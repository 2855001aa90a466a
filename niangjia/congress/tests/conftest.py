import pytest
from django.test import Client

from niangjia.congress.models import Congress, Delegate, DelegateGroup, Sitting
from niangjia.core.services.tokens import issue_token


class Congress7:
    """A congress of 7 delegates in 2 groups at union_a: quorum 5 (2/3 × 7 = 4.67), majority 4."""


@pytest.fixture
def small_congress(tree, make_member, make_user):
    c = Congress7()
    c.congress = Congress.objects.create(org=tree.union_a, title="测试公司第一届职代会")
    c.groups = [DelegateGroup.objects.create(congress=c.congress, name=n) for n in ("一组", "二组")]
    c.delegates = []
    for i in range(7):
        member = make_member(tree.union_a, name=f"代表{i}")
        c.delegates.append(Delegate.objects.create(congress=c.congress, group=c.groups[i % 2], member=member,
                                                   user=member.user, name=member.name))
    c.sitting = Sitting.objects.create(congress=c.congress, title="第一次会议", status=Sitting.Status.IN_PROGRESS)
    c.chair = make_user(roles=[(tree.union_a, "staff")], name="主持人")
    c.outsider_staff = make_user(roles=[(tree.district_b, "staff")], name="西湖区干事")
    return c


def bearer_client(user) -> Client:
    raw, _token = issue_token(actor=None, user=user, name="test")
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")



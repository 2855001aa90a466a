from niangjia.core import scoping
from niangjia.core.models import Member


def test_tree_and_scope(tree, make_user, make_member):
    staff = make_user(roles=[(tree.district_a, "staff")])
    make_member(tree.union_a)
    make_member(tree.union_b)
    visible = Member.objects.filter(scoping.scope_q(staff))
    assert visible.count() == 1

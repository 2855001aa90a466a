"""The delegates of a congress on the shared list grid: a congress has ~295 delegates, so the chair searches,
sorts and pages them by delegation; another district's congress stays out of reach."""

import itertools

import pytest
from django.urls import reverse

from niangjia.congress.models import Congress, Delegate, DelegateGroup
from niangjia.core.tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db
seq = itertools.count()


def _rows(page: str) -> int:
    return page.count('data-testid="delegate-row"')


def _congress(org, make_member, title, names, group_names=("一组", "二组")):
    congress = Congress.objects.create(org=org, title=title)
    groups = [DelegateGroup.objects.create(congress=congress, name=n) for n in group_names]
    for i, name in enumerate(names):
        member = make_member(org, name=name)
        Delegate.objects.create(congress=congress, group=groups[i % len(groups)], member=member, user=member.user,
                                name=name, is_woman=i % 3 == 0)
    return congress, groups


def test_search_filter_sort_and_page_size(client, tree, make_member, make_user):
    congress, groups = _congress(tree.union_a, make_member, "甲公司职代会", [f"代表{i:02d}" for i in range(25)])
    chair = make_user(roles=[(tree.union_a, "staff")])
    client.force_login(chair)
    url = reverse("congress:delegates", args=[congress.pk])
    page = client.get(url).content.decode()
    assert _rows(page) == 20 and 'data-testid="grid-next"' in page and "25" in page
    assert _rows(client.get(url, {"size": "50"}).content.decode()) == 25
    assert _rows(client.get(url, {"size": "7"}).content.decode()) == 20  # an unknown size falls back to 20
    found = client.get(url, {"q": "代表07"}).content.decode()
    assert _rows(found) == 1 and "代表07" in found
    by_group = client.get(url, {"group": groups[1].pk, "size": "50"}).content.decode()
    assert _rows(by_group) == 12 and "代表01" in by_group and "代表00" not in by_group
    assert f'name="group" value="{groups[1].pk}"' in by_group  # the filter rides along in the page-size form
    women = client.get(url, {"kind": "woman", "size": "50"}).content.decode()
    assert _rows(women) == 9  # 0, 3, … 24
    desc = client.get(url, {"sort": "-name"}).content.decode()
    assert desc.index("代表24") < desc.index("代表23")
    empty = client.get(url, {"q": "没有这个人"}).content.decode()
    assert 'data-testid="grid-empty"' in empty


def test_another_districts_delegates_are_out_of_reach(client, tree, make_member, make_user):
    mine, _g = _congress(tree.union_a, make_member, "甲公司职代会", ["本区代表"])
    theirs, _g = _congress(tree.union_b, make_member, "乙公司职代会", ["外区代表"])
    client.force_login(make_user(roles=[(tree.district_a, "staff")]))
    page = client.get(reverse("congress:delegates", args=[mine.pk])).content.decode()
    assert "本区代表" in page and "外区代表" not in page
    searched = client.get(reverse("congress:delegates", args=[mine.pk]), {"q": "外区代表"}).content.decode()
    assert 'data-testid="grid-empty"' in searched and _rows(searched) == 0
    assert client.get(reverse("congress:delegates", args=[theirs.pk]), {"q": "外区代表"}).status_code == 404


@pytest.mark.parametrize("size", [20, 50])
def test_delegates_page_queries_do_not_grow_with_rows(client, tree, make_member, make_user, size,
                                                      django_assert_num_queries):
    congress = Congress.objects.create(org=tree.union_a, title="甲公司职代会")
    chair = make_user(roles=[(tree.union_a, "staff")])

    def add_rows(n):
        for _ in range(n):
            i = next(seq)
            group = DelegateGroup.objects.create(congress=congress, name=f"第{i}组")  # a delegation per row
            member = make_member(tree.union_a, name=f"代表{i}")
            Delegate.objects.create(congress=congress, group=group, member=member, user=member.user, name=member.name,
                                    is_manager=i % 2 == 0, is_young=True)

    client.force_login(chair)
    url = reverse("congress:delegates", args=[congress.pk])
    assert_constant_queries(django_assert_num_queries, 9, lambda: client.get(url, {"size": size}), add_rows,
                            markers=lambda r: _rows(r.content.decode()))

"""Award rounds: composition from policies §14 as a table, quotas, the 公示 with objections, the final list,
scope — through services and pages."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import Client

from niangjia.core.errors import Conflict, NotFound
from niangjia.honors import rules, services_awards
from niangjia.honors.models import Nomination

NATIONAL = rules.NATIONAL_DEFAULT


@pytest.mark.parametrize(("flags", "attribute", "ok", "needed"), [
    # 20 nominations, 7 industrial = 35 % exactly: "≥ 35 %" includes 35 % (§12)
    ([["industrial"]] * 7 + [[]] * 13, "industrial", True, 0),
    ([["industrial"]] * 6 + [[]] * 14, "industrial", False, 2),     # 6/20; 7/21 = 33.3 %; 8/22 = 36.4 %
    ([["migrant"]] * 2 + [[]] * 18, "migrant", True, 0),            # 10 % of 20
    ([["migrant"]] * 1 + [[]] * 18, "migrant", False, 1),           # 1/19 → 2/20 = 10 %
    ([["non_public"]] * 3 + [[]] * 7, "non_public", False, 1),      # 3/10 = 30 %; 4/11 = 36.4 %
])
def test_composition_at_least(flags, attribute, ok, needed):
    check = next(c for c in rules.composition(flags, NATIONAL) if c.attribute == attribute)
    assert check.ok is ok
    assert check.needed == needed


def test_composition_at_most():
    heads = [["unit_head"]] * 3 + [[]] * 17   # 15 % of 20 allowed (厦门 2016: unit heads ≤ 15 %)
    assert rules.composition(heads, [("unit_head", None, D("0.15"))])[0].ok
    over = [["unit_head"]] * 4 + [[]] * 16
    check = rules.composition(over, [("unit_head", None, D("0.15"))])[0]
    # 4/20 = 20 %; withdrawing one leaves 3/19 = 15.8 % (still over), two leave 2/18 = 11.1 %
    assert not check.ok and check.needed == 2 and check.rule_text == "≤ 15%"


def test_publicity_period_counts_from_the_next_day():
    assert rules.publicity_end(dt.date(2026, 4, 1), 5) == dt.date(2026, 4, 6)


@pytest.fixture
def award(tree, make_user):
    admin = make_user(roles=[(tree.city, "admin")])
    award = services_awards.create_round(admin, org_id=tree.city.pk, title="2027年五一劳动奖章评选", year=2027,
                                         kind="medal", composition=[("migrant", D("0.10"), None)])
    return admin, award


def test_quota_publicity_objection_and_final_list(tree, make_user, make_member, award):
    admin, r = award
    services_awards.set_quota(admin, round_id=r.pk, org_id=tree.district_a.pk, seats=2)
    staff_a = make_user(roles=[(tree.district_a, "staff")])
    n1 = services_awards.nominate(staff_a, round_id=r.pk, org_id=tree.district_a.pk, name="王师傅",
                                  attributes=["migrant", "industrial"])
    services_awards.nominate(staff_a, round_id=r.pk, org_id=tree.district_a.pk, name="李师傅")
    with pytest.raises(Conflict) as exc:
        services_awards.nominate(staff_a, round_id=r.pk, org_id=tree.district_a.pk, name="赵师傅")
    assert "名额" in exc.value.message
    with pytest.raises(NotFound):  # another district cannot nominate for district A
        services_awards.nominate(make_user(roles=[(tree.district_b, "staff")]), round_id=r.pk,
                                 org_id=tree.district_a.pk, name="钱师傅")
    start = dt.date(2027, 4, 1)
    services_awards.start_publicity(admin, round_id=r.pk, today=start)
    objector = make_member(tree.union_b).user
    objection = services_awards.raise_objection(objector, nomination_id=n1.pk, text="该同志去年有安全事故。",
                                                today=start + dt.timedelta(days=2))
    with pytest.raises(Conflict):
        services_awards.raise_objection(objector, nomination_id=n1.pk, text="再提一次", today=dt.date(2027, 4, 7))
    with pytest.raises(Conflict):  # the notice is still running
        services_awards.finalize(admin, round_id=r.pk, today=dt.date(2027, 4, 6))
    with pytest.raises(Conflict) as exc:  # an objection is open
        services_awards.finalize(admin, round_id=r.pk, today=dt.date(2027, 4, 7))
    assert "异议" in exc.value.message
    services_awards.decide_objection(admin, objection_id=objection.pk, upheld=True, finding="经核实属实。")
    with pytest.raises(Conflict) as exc:  # the only migrant worker is gone: 0 of 1 < 10 %
        services_awards.finalize(admin, round_id=r.pk, today=dt.date(2027, 4, 7))
    assert "农民工" in exc.value.message
    assert Nomination.objects.get(pk=n1.pk).status == "withdrawn"


def test_final_list_and_public_pages(tree, make_user, make_member, award):
    admin, r = award
    services_awards.nominate(admin, round_id=r.pk, org_id=tree.city.pk, name="张师傅", attributes=["migrant"])
    c = Client()
    c.force_login(admin)
    html = c.get(f"/honors/workbench/rounds/{r.pk}/").content.decode()
    assert "农民工" in html and "≥ 10%" in html and "符合" in html
    assert Client().get(f"/honors/rounds/{r.pk}/publicity/").status_code == 404  # not public yet
    services_awards.start_publicity(admin, round_id=r.pk, today=dt.date(2027, 4, 1))
    page = Client().get(f"/honors/rounds/{r.pk}/publicity/").content.decode()
    assert "张师傅" in page
    services_awards.finalize(admin, round_id=r.pk, today=dt.date(2027, 4, 7))
    assert Nomination.objects.get().status == "awarded"
    assert "最终名单" in Client().get(f"/honors/rounds/{r.pk}/publicity/").content.decode()
    other = Client()
    other.force_login(make_user(roles=[(tree.district_b, "admin")]))
    assert other.get(f"/honors/workbench/rounds/{r.pk}/").status_code == 404


@pytest.mark.parametrize("size", [20, 50])
def test_rounds_grid_fixed_queries_filters_and_scope(tree, make_user, size, django_assert_num_queries):
    from niangjia.core.tests.querycount import assert_constant_queries

    admin_a = make_user(roles=[(tree.district_a, "admin")])
    admin_b = make_user(roles=[(tree.district_b, "admin")])
    services_awards.create_round(admin_b, org_id=tree.district_b.pk, title="西湖区工匠评选", year=2027, kind="medal",
                                 composition=[])
    years = iter(range(2000, 2100))

    def add_rows(n):
        for _ in range(n):
            y = next(years)
            services_awards.create_round(admin_a, org_id=tree.district_a.pk, title=f"上城区{y}年评选", year=y,
                                         kind="medal", composition=[])

    c = Client()
    c.force_login(admin_a)
    url = "/honors/workbench/rounds/"
    # session, user, roles, orgs for the form, COUNT, page (nominations counted in it), unread messages
    assert_constant_queries(django_assert_num_queries, 7, lambda: c.get(url, {"size": size}), add_rows,
                            markers=lambda r: r.content.decode().count('data-testid="round-row"'))
    assert "西湖区工匠评选" not in c.get(url, {"q": "西湖"}).content.decode()
    page = c.get(url, {"sort": "year"}).content.decode()
    assert page.index("上城区2000年评选") < page.index("上城区2001年评选")
    assert 'data-testid="grid-empty"' in c.get(url, {"stage": "final"}).content.decode()

"""The rule-based recipient selections that read other apps: heads of open hardship files (relief,
through relief.selectors) and model workers in difficulty (core's 劳模 flag + an open hardship file)."""

from decimal import Decimal as D

import pytest

from niangjia.care import services
from niangjia.care.models import Allocation, Recipient
from niangjia.core.errors import Conflict, Invalid
from niangjia.core.models import Member


@pytest.fixture
def funded(campaign, city_staff, tree):
    services.allocate(actor=city_staff, campaign_id=campaign.pk, from_org_id=tree.city.pk,
                      to_org_id=tree.district_a.pk, amount="5000")
    return campaign


def _select(actor, campaign, org, rule):
    return services.select_recipients(actor=actor, campaign_id=campaign.pk, org_id=org.pk, rule=rule)


def test_hardship_rule_picks_exactly_the_open_files_in_scope(funded, district_staff, tree, make_member,
                                                             open_hardship_file):
    active = make_member(tree.union_a, name="在档甲")
    open_hardship_file(active)
    relapsed = make_member(tree.union_a2, name="返困乙")
    open_hardship_file(relapsed, relapse=True)
    exited = make_member(tree.union_a2, name="脱困丙")
    open_hardship_file(exited, exit_after=True)
    make_member(tree.union_a, name="无档丁")
    other_district = make_member(tree.union_b, name="外区戊")
    open_hardship_file(other_district)

    rows = _select(district_staff, funded, tree.district_a, "hardship")
    assert {r.member.name for r in rows} == {"在档甲", "返困乙"}
    assert {r.source for r in rows} == {"hardship"}
    assert {r.funding_org_id for r in rows} == {tree.district_a.pk}
    assert Allocation.objects.get(org=tree.district_a).spent == D("1000.00")

    # Re-running adds nobody twice, spends nothing and says so.
    with pytest.raises(Conflict, match="都已在本活动"):
        _select(district_staff, funded, tree.district_a, "hardship")
    assert Recipient.objects.filter(campaign=funded).count() == 2
    assert Allocation.objects.get(org=tree.district_a).spent == D("1000.00")

    # A file opened later is picked up by the next run, alone.
    newcomer = make_member(tree.union_a2, name="新档己")
    open_hardship_file(newcomer)
    rows = _select(district_staff, funded, tree.district_a, "hardship")
    assert [r.member.name for r in rows] == ["新档己"]
    assert Recipient.objects.filter(campaign=funded).count() == 3
    assert Recipient.objects.filter(campaign=funded, person_index=active.id_index).count() == 1


def test_hardship_rule_narrows_to_the_chosen_org(funded, city_staff, tree, make_member, open_hardship_file):
    services.allocate(actor=city_staff, campaign_id=funded.pk, from_org_id=tree.district_a.pk,
                      to_org_id=tree.union_a.pk, amount="1000")
    a = make_member(tree.union_a, name="甲")
    open_hardship_file(a)
    a2 = make_member(tree.union_a2, name="乙")
    open_hardship_file(a2)
    rows = _select(city_staff, funded, tree.union_a, "hardship")
    assert [r.member_id for r in rows] == [a.pk]


def test_hardship_rule_with_no_open_file_writes_nothing(funded, district_staff, tree, make_member,
                                                        open_hardship_file):
    m = make_member(tree.union_a)
    open_hardship_file(m, exit_after=True)
    with pytest.raises(Invalid, match="没有找到"):
        _select(district_staff, funded, tree.district_a, "hardship")
    assert not Recipient.objects.exists()


def test_model_workers_in_difficulty(funded, district_staff, tree, make_member, open_hardship_file):
    def model_worker(org, name, title="市劳动模范"):
        m = make_member(org, name=name)
        Member.objects.filter(pk=m.pk).update(model_worker=True, model_worker_title=title)
        return m

    in_difficulty = model_worker(tree.union_a, "困难劳模甲")
    open_hardship_file(in_difficulty)
    relapsed = model_worker(tree.union_a2, "返困劳模乙")
    open_hardship_file(relapsed, relapse=True)
    model_worker(tree.union_a, "劳模无档丙")
    left_difficulty = model_worker(tree.union_a2, "脱困劳模丁")
    open_hardship_file(left_difficulty, exit_after=True)
    not_model_worker = make_member(tree.union_a, name="困难职工戊")
    open_hardship_file(not_model_worker)
    elsewhere = model_worker(tree.union_b, "外区劳模己")
    open_hardship_file(elsewhere)

    rows = _select(district_staff, funded, tree.district_a, "model_worker")
    assert {r.member.name for r in rows} == {"困难劳模甲", "返困劳模乙"}
    assert {r.source for r in rows} == {"model_worker"}
    with pytest.raises(Conflict):
        _select(district_staff, funded, tree.district_a, "model_worker")
    # The hardship rule afterwards adds the remaining file holder only; nobody is on the list twice.
    rows = _select(district_staff, funded, tree.district_a, "hardship")
    assert [r.member.name for r in rows] == ["困难职工戊"]
    assert Recipient.objects.filter(campaign=funded).count() == 3


def test_model_worker_rule_on_the_campaign_page(funded, district_staff, tree, make_member, open_hardship_file,
                                                client):
    m = make_member(tree.union_a, name="困难劳模")
    Member.objects.filter(pk=m.pk).update(model_worker=True)
    open_hardship_file(m)
    client.force_login(district_staff)
    body = client.get(f"/care/workbench/campaigns/{funded.pk}/").content.decode()
    assert 'value="model_worker"' in body and "困难劳模" in body
    r = client.post(f"/care/workbench/campaigns/{funded.pk}/", {"action": "select", "org": tree.district_a.pk,
                                                       "rule": "model_worker"}, follow=True)
    assert "已加入 1 名慰问对象" in r.content.decode()
    assert Recipient.objects.get().member_id == m.pk

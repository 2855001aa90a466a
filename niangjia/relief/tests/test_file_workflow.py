import datetime as dt

import pytest
from django.utils import timezone

from niangjia.core.errors import Conflict, Invalid
from niangjia.relief import services
from niangjia.relief.models import FileApplication, HardshipFile


def test_documented_workflow_to_a_file(tree, staff_a, make_household):
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))
    with pytest.raises(Invalid, match="深度困难"):
        services.submit_file_application(actor=staff_a, household_id=hh.pk, category="relative", causes=["illness"],
                                         disposable="7200", rigid="0", year=2020)
    fa = services.submit_file_application(actor=staff_a, household_id=hh.pk, category="deep", causes=["illness"],
                                          disposable="7200", rigid="0", year=2020)
    with pytest.raises(Conflict):
        services.submit_file_application(actor=staff_a, household_id=hh.pk, category="deep", causes=["illness"],
                                         disposable="7200", rigid="0", year=2020)
    services.advance_file_application(actor=staff_a, application_id=fa.pk)  # 初审
    with pytest.raises(Invalid, match="授权书"):
        services.advance_file_application(actor=staff_a, application_id=fa.pk)
    services.advance_file_application(actor=staff_a, application_id=fa.pk, consent_signed=True)
    with pytest.raises(Invalid, match="核对的结果"):
        services.advance_file_application(actor=staff_a, application_id=fa.pk)
    services.advance_file_application(actor=staff_a, application_id=fa.pk, check_result="民政核对：无房无车")
    services.advance_file_application(actor=staff_a, application_id=fa.pk)  # 公示 starts today
    with pytest.raises(Conflict, match="公示期"):
        services.advance_file_application(actor=staff_a, application_id=fa.pk)
    assert not HardshipFile.objects.exists()
    FileApplication.objects.filter(pk=fa.pk).update(notice_from=timezone.localdate() - dt.timedelta(days=7))
    with pytest.raises(Invalid, match="异议"):
        services.advance_file_application(actor=staff_a, application_id=fa.pk, objections="邻居称其有营运车辆")
    fa = services.advance_file_application(actor=staff_a, application_id=fa.pk, objections="邻居称其有营运车辆",
                                           note="核实为亲属车辆，异议不成立")
    assert fa.stage == "approved"
    assert fa.file.category == "deep"
    assert [s["stage"] for s in fa.steps] == ["submitted", "reviewed", "visited", "checked", "notice", "approved"]


def test_rejection_needs_reason(tree, staff_a, staff_b, make_household):
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))
    fa = services.submit_file_application(actor=staff_a, household_id=hh.pk, category="deep", causes=["illness"],
                                          disposable="7200", rigid="0", year=2020)
    from niangjia.core.errors import NotFound

    with pytest.raises(NotFound):
        services.advance_file_application(actor=staff_b, application_id=fa.pk)
    with pytest.raises(Invalid):
        services.advance_file_application(actor=staff_a, application_id=fa.pk, approve=False)
    fa = services.advance_file_application(actor=staff_a, application_id=fa.pk, approve=False,
                                           note="收入核对不符")
    assert fa.stage == "rejected"


def test_workflow_from_the_household_page(client, tree, staff_a, make_household):
    from django.urls import reverse

    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))
    client.force_login(staff_a)
    url = reverse("relief:household", args=[hh.pk])
    post = {"action": "file_apply", "category": "deep", "causes": ["illness"], "disposable": "7200", "rigid": "0",
            "year": "2020"}
    r = client.post(url, post)  # the exclusions must be answered one by one
    assert "请逐项回答排除性条件" in r.content.decode()
    assert not FileApplication.objects.exists()
    client.post(url, post | {f"ex-{code}": "no" for code in services.exclusion_choices()})
    fa = FileApplication.objects.get()
    assert set(fa.basis["exclusions"].values()) == {False}
    client.post(url, {"action": "file_step", "fa_id": fa.pk, "decision": "next"})
    r = client.post(url, {"action": "file_step", "fa_id": fa.pk, "decision": "next"})
    assert "授权书" in r.content.decode()
    client.post(url, {"action": "file_step", "fa_id": fa.pk, "decision": "next", "consent": "on"})
    fa.refresh_from_db()
    assert fa.stage == "visited"
    assert "已入户调查" in client.get(url).content.decode()

"""The structured form for drafting a category-standard (§2) version, and the service's own checks."""

import copy

import pytest
from django.urls import reverse

from niangjia.core.errors import Invalid
from niangjia.relief import services
from niangjia.relief.forms import CategoryStandardsForm
from niangjia.relief.models import Policy


def _post_data(policy, **changes):
    """The form as the page renders it for `policy` (every initial value), with `changes` applied."""
    data = {k: v for k, v in CategoryStandardsForm.initial_from(policy.params).items() if v not in (None, False)}
    data.update({"action": "draft", "standards_form": "1", "id": policy.pk, "name": "省级标准（2027 草稿）",
                 "effective_from": "2027-01-01"})
    for k, v in changes.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = v
    return data


@pytest.fixture
def admin(tree, make_user):
    return make_user(roles=[(tree.city, "admin")])


def test_unchanged_form_reproduces_the_seeded_standards(ref):
    category = ref[1]
    form = CategoryStandardsForm(_post_data(category), base_params=category.params)
    assert form.is_valid(), form.errors
    assert _norm(form.to_params()) == _norm(category.params)


def _norm(value):
    """Numbers compared as numbers (the seed writes months as ints, the form as strings)."""
    from decimal import Decimal, InvalidOperation

    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        try:
            return Decimal(str(value)).normalize()
        except InvalidOperation:
            return value
    return value


def test_form_drafts_a_new_version_and_activation_still_needs_the_what_if(client, admin, ref):
    category = ref[1]
    client.force_login(admin)
    page = client.get(reverse("relief:policies")).content.decode()
    assert 'name="relative-living"' in page and "类别救助标准（表单）" in page
    r = client.post(reverse("relief:policies"), _post_data(category, **{
        "relative-living": "9", "relative-medical-pct": "85", "relative-medical-max": "18000",
        "sudden-medical-max": "12000", "deep-education": "3000", "deep-education-unit": "fixed",
        "relative-education": "2000", "relative-education-unit": "fixed", "relative-multiple": "on"}))
    assert r.status_code == 302
    draft = Policy.objects.get(code=category.code, version=2)
    assert draft.status == "draft" and draft.name == "省级标准（2027 草稿）"
    assert str(draft.effective_from) == "2027-01-01"
    std = draft.params["standards"]
    assert std["relative"]["living"] == {"dibao_months": "9"}
    assert std["relative"]["medical"] == {"share": "0.85", "max": "18000"}
    assert std["relative"]["multiple_kinds"] is True
    assert std["deep"]["education"] == {"fixed": "3000"}
    assert std["deep"]["medical"]["approval_levels"] == [["20000", "省级"], ["50000", "全国"]]
    assert std["sudden"]["medical"] == {"share_of_total": "0.15", "max": "12000"}
    assert draft.params["monitoring"] == category.params["monitoring"]  # untouched keys are kept
    client.post(reverse("relief:policies"), {"action": "activate", "id": draft.pk})
    draft.refresh_from_db()
    assert draft.status == "draft"  # refused: no what-if yet
    client.post(reverse("relief:policies"), {"action": "simulate", "id": draft.pk})
    client.post(reverse("relief:policies"), {"action": "activate", "id": draft.pk})
    draft.refresh_from_db()
    assert draft.status == "active"


BAD = [
    ({"relative-living": "-8"}, "相对困难的生活救助标准不能为负数"),
    ({"deep-medical-pct": "120"}, "深度困难的医疗救助比例应在 0 到 100%"),
    ({"relative-medical-pct": ""}, "请填写相对困难的医疗救助比例"),
    ({"relative-medical-max": "0"}, "最高金额必须大于 0"),
    ({"deep-medical-province": "60000", "deep-medical-national": "50000"}, "全国审批起点必须高于省级审批起点"),
    ({"relative-medical-province": "20000"}, "省级审批起点 20000 元高于医疗救助最高金额 16000 元"),
    ({"relative-multiple": None, "deep_multiple": "2", "relative_multiple": "2"}, "相对困难线（低保倍数）必须高于深度困难线"),
    ({"deep_multiple": "0"}, "深度困难线（低保倍数）必须大于 0"),
    ({"sudden_loss_pct": "150"}, "意外致困的支出占收入比例应在 0 到 100%"),
    ({"deep-living": "6"}, "深度困难的生活救助标准低于相对困难"),
    ({"sudden-medical-basis": "", "sudden-medical-pct": "15"}, "请选择计算基数"),
    ({"deep-living": "abc"}, "请填写数字"),
    ({"deep-living": "500"}, "超过 120 个月低保"),
    ({"deep-medical-basis": "everything"}, "计算基数不正确"),
    ({"effective_from": "2027-13-45"}, "生效日期格式不正确"),
]


@pytest.mark.parametrize(("changes", "message"), BAD)
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(client, admin, ref, changes, message):
    category = ref[1]
    client.force_login(admin)
    before = Policy.objects.count()
    r = client.post(reverse("relief:policies"), _post_data(category, **changes))
    assert r.status_code == 200
    page = r.content.decode()
    assert message in page
    assert "未保存草稿" in page
    assert Policy.objects.count() == before


def test_only_admins_may_draft(client, tree, make_user, ref):
    staff = make_user(roles=[(tree.city, "staff")])
    client.force_login(staff)
    client.post(reverse("relief:policies"), _post_data(ref[1], **{"relative-living": "9"}))
    assert Policy.objects.filter(code=ref[1].code).count() == 1


SERVICE_BAD = [
    (lambda p: p["standards"]["relative"]["medical"].update(share="1.5"), "不能超过 100%"),
    (lambda p: p["standards"]["relative"].update(living={"dibao_months": -1}), "不能为负数"),
    (lambda p: p["standards"]["deep"]["medical"].update(approval_levels=[["50000", "省级"], ["20000", "全国"]]),
     "逐级升高"),
    (lambda p: p["standards"]["relative"]["medical"].update(approval_levels=[["20000", "省级"]]), "高于医疗救助最高金额"),
    (lambda p: p["classification"].update(relative_multiple="0.5"), "相对困难线必须高于深度困难线"),
    (lambda p: p["standards"].update(other={}), "未知的档案类别"),
    (lambda p: p.pop("standards"), "格式不正确"),
]


@pytest.mark.parametrize(("mutate", "message"), SERVICE_BAD)
def test_service_checks_standards_from_any_source(admin, ref, mutate, message):
    """The JSON path and any other caller get the same checks as the form."""
    category = ref[1]
    params = copy.deepcopy(category.params)
    mutate(params)
    import datetime as dt

    with pytest.raises(Invalid) as exc:
        services.draft_policy(actor=admin, base_policy_id=category.pk, params=params,
                              effective_from=dt.date(2027, 1, 1))
    assert message in exc.value.message
    assert Policy.objects.filter(code=category.code).count() == 1


def test_temporary_params_on_a_category_policy_are_refused(admin, ref):
    import datetime as dt

    with pytest.raises(Invalid):
        services.draft_policy(actor=admin, base_policy_id=ref[1].pk, params=copy.deepcopy(ref[0].params),
                              effective_from=dt.date(2027, 1, 1))

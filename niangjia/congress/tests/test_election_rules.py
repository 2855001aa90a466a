"""The 差额率 setting (`Congress.min_candidate_pct`) edited on the workbench.

| input | expected |
|---|---|
| 120, "120%", " 150 ", "１２０" (full-width digits) | 120, 120, 150 / refused |
| 100 and 300 (the ends, "到" includes them) | saved |
| 99, 301, "", "abc", "12.5", -5 | 422 with the range in Chinese, nothing changed, no audit |
| the same value again | no audit row (nothing changed) |
| staff of another district | 404, nothing changed |
| a delegate who is not staff | no access |
| after saving 120 | an election with 5 seats needs 6 candidates (page shows the table 5 → 6, 7 → 9, 10 → 12) |
"""

import pytest
from django.urls import reverse

from niangjia.congress import rules, services
from niangjia.congress.models import Congress
from niangjia.core.errors import Invalid
from niangjia.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("text", "pct"), [
    ("120", 120), ("120%", 120), (" 150 ", 150), ("100", 100), ("300", 300), (200, 200), ("120％", 120),
    ("99", None), ("301", None), ("", None), ("abc", None), ("12.5", None), ("-5", None), ("１２０", None),
    (None, None), ("99999", None),
])
def test_parse_min_candidate_pct(text, pct):
    assert rules.parse_min_candidate_pct(text) == pct


def test_examples_use_the_creation_rule():
    assert dict(rules.min_candidates_examples(120)) == {1: 2, 3: 4, 5: 6, 7: 9, 9: 11, 10: 12, 15: 18}
    assert dict(rules.min_candidates_examples(100))[5] == 6  # always more than the seats


def _url(c):
    return reverse("congress:election_rules", args=[c.congress.pk])


def _audits(c):
    return AuditEvent.objects.filter(action="congress.min_candidate_pct").count()


def test_staff_edit_the_setting_and_it_is_audited_and_applied(client, small_congress):
    c = small_congress
    client.force_login(c.chair)
    page = client.get(reverse("congress:workbench")).content.decode()
    assert _url(c) in page and "差额率 100%" in page
    r = client.post(_url(c), {"min_candidate_pct": "120"}, follow=True)
    assert r.status_code == 200 and "已保存" in r.content.decode()
    assert Congress.objects.get(pk=c.congress.pk).min_candidate_pct == 120
    event = AuditEvent.objects.get(action="congress.min_candidate_pct")
    assert event.summary["min_candidate_pct"] == {"old": 100, "new": 120}
    page = client.get(_url(c)).content.decode()
    assert 'value="120"' in page and "<td class=\"text-end\">7</td><td class=\"text-end\">9</td>" in page
    client.post(_url(c), {"min_candidate_pct": "120"})
    assert _audits(c) == 1  # unchanged: no second audit row
    with pytest.raises(Invalid, match="至少需要候选人 6 名，现有 5 名"):
        services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="选举", kind="election", secret=True,
                               seats=5, candidates=["甲", "乙", "丙", "丁", "戊"])


@pytest.mark.parametrize("value", ["99", "301", "", "abc", "12.5", "-5"])
def test_bad_values_are_refused_with_the_range(client, small_congress, value):
    c = small_congress
    client.force_login(c.chair)
    r = client.post(_url(c), {"min_candidate_pct": value})
    assert r.status_code == 422 and "100 到 300 之间的整数百分比" in r.content.decode()
    assert Congress.objects.get(pk=c.congress.pk).min_candidate_pct == 100 and _audits(c) == 0


def test_other_districts_and_delegates_cannot_edit(client, small_congress):
    c = small_congress
    client.force_login(c.outsider_staff)
    assert client.get(_url(c)).status_code == 404
    assert client.post(_url(c), {"min_candidate_pct": "150"}).status_code == 404
    client.force_login(c.delegates[0].user)
    assert client.post(_url(c), {"min_candidate_pct": "150"}).status_code in (302, 403, 404)
    assert Congress.objects.get(pk=c.congress.pk).min_candidate_pct == 100 and _audits(c) == 0

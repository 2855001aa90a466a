"""The proposal committee's evaluation (policies.md §10: "the committee ... rates the handling (A/B/C) ... the best
proposals are chosen (最佳提案)").

| case | expected |
|---|---|
| grade before the department's reply (submitted, accepted, assigned) | refused, nothing changed |
| grade A/B/C once answered, after rating, after archiving | saved, audited old → new; the same grade again: no audit |
| grade "D", "", "a" | "a" is A; "D" and "" refused 422 |
| best for an answered proposal | chosen, audited; withdrawn again |
| best for an 意见建议 (converted) or an unanswered proposal | refused |
| staff of another district | 404 |
| the pages | staff see the form; the delegate sees the grade and the 最佳提案 badge |
"""

import pytest
from django.urls import reverse

from niangjia.congress import rules
from niangjia.congress import services_proposal_review as review
from niangjia.congress import services_proposals as svc
from niangjia.congress.models import Department, Proposal
from niangjia.congress.tests.test_proposals import _submitted
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("status", "gradable"), [
    ("drafting", False), ("submitted", False), ("accepted", False), ("converted", False), ("assigned", False),
    ("answered", True), ("rated", True), ("archived", True),
])
def test_the_handling_is_graded_after_the_reply(status, gradable):
    assert rules.may_grade(status) is gradable
    assert rules.may_be_best(status, is_opinion=False) is gradable
    assert rules.may_be_best(status, is_opinion=True) is False


def _answered(c, *, opinion=False):
    dept = Department.objects.get_or_create(org=c.congress.org, name="人力资源部")[0]
    p = _submitted(c)
    svc.review(actor=c.chair, proposal_id=p.pk, decision="convert" if opinion else "accept", note="日常管理事项")
    svc.assign(actor=c.chair, proposal_id=p.pk, lead_id=dept.pk)
    return svc.answer(actor=c.chair, proposal_id=p.pk, text="已增加两个窗口")


def test_grades_and_best_are_saved_audited_and_checked(small_congress):
    c = small_congress
    early = _submitted(c)
    with pytest.raises(Conflict, match="部门答复后才能评定"):
        review.grade_handling(actor=c.chair, proposal_id=early.pk, grade="A")
    with pytest.raises(Conflict, match="已经答复的提案"):
        review.set_best(actor=c.chair, proposal_id=early.pk, best=True)
    p = _answered(c)
    for bad in ("D", "", "AB"):
        with pytest.raises(Invalid, match="A、B 或 C"):
            review.grade_handling(actor=c.chair, proposal_id=p.pk, grade=bad)
    assert review.grade_handling(actor=c.chair, proposal_id=p.pk, grade="b").handling_grade == "B"
    review.grade_handling(actor=c.chair, proposal_id=p.pk, grade="B")
    svc.rate(actor=c.delegates[0].user, proposal_id=p.pk, rating="satisfied")
    svc.archive(actor=c.chair, proposal_id=p.pk)
    assert review.grade_handling(actor=c.chair, proposal_id=p.pk, grade="A").handling_grade == "A"
    grades = [e.summary["handling_grade"] for e in AuditEvent.objects.filter(action="congress.proposal_grade")
              .order_by("id")]
    assert grades == [{"old": "", "new": "B"}, {"old": "B", "new": "A"}]
    assert review.set_best(actor=c.chair, proposal_id=p.pk, best=True).best is True
    assert review.set_best(actor=c.chair, proposal_id=p.pk, best=False).best is False
    assert AuditEvent.objects.filter(action="congress.proposal_best").count() == 2
    assert Proposal.objects.get(pk=p.pk).status == "archived"  # the evaluation changes no state


def test_an_opinion_is_graded_but_never_a_best_proposal(small_congress):
    c = small_congress
    p = _answered(c, opinion=True)
    assert review.grade_handling(actor=c.chair, proposal_id=p.pk, grade="C").handling_grade == "C"
    with pytest.raises(Conflict, match="意见建议不参评"):
        review.set_best(actor=c.chair, proposal_id=p.pk, best=True)


def test_other_districts_get_404(small_congress):
    c = small_congress
    p = _answered(c)
    with pytest.raises(NotFound):
        review.grade_handling(actor=c.outsider_staff, proposal_id=p.pk, grade="A")
    with pytest.raises(NotFound):
        review.set_best(actor=c.outsider_staff, proposal_id=p.pk, best=True)
    assert Proposal.objects.filter(pk=p.pk, handling_grade="", best=False).exists()


def test_pages(client, small_congress):
    c = small_congress
    p = _answered(c)
    client.force_login(c.chair)
    url = reverse("congress:proposal", args=[p.pk])
    assert 'data-testid="evaluation"' in client.get(url).content.decode()
    client.post(reverse("congress:proposal_handle", args=[p.pk, "grade"]), {"grade": "A"})
    client.post(reverse("congress:proposal_handle", args=[p.pk, "best"]), {"best": "1"})
    r = client.post(reverse("congress:proposal_handle", args=[p.pk, "grade"]), {"grade": "X"}, follow=True)
    assert "A、B 或 C" in r.content.decode()
    client.force_login(c.delegates[0].user)
    page = client.get(url).content.decode()
    assert "最佳提案" in page and 'data-testid="handling-grade">A<' in page

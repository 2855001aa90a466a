"""A worker withdraws an application (撤回) before the employer has decided.

| stage when withdrawing | who            | answer                                   |
|------------------------|----------------|------------------------------------------|
| 已投递 / 已查看 / 面试   | the applicant  | 已撤回; history, audit, employer told; phone masked again |
| 录用 / 不合适 / 已撤回   | the applicant  | Conflict, nothing written                |
| any                    | employer, other worker, staff | NotFound (never theirs to withdraw)   |
| 已撤回                  | the employer   | cannot move it any more                  |
The page shows the button only while withdrawing is possible.
"""

import pytest
from django.test import Client

from niangjia.core.audit import AuditEvent
from niangjia.core.errors import Conflict, NotFound
from niangjia.core.models import Message
from niangjia.jobs import rules, selectors, services
from niangjia.jobs.models import Application, StageChange

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("stage", "allowed"), [("submitted", True), ("viewed", True), ("interview", True),
                                                 ("hired", False), ("rejected", False), ("withdrawn", False)])
def test_rule(stage, allowed):
    assert rules.may_withdraw(stage) is allowed
    assert not rules.may_move(stage, "withdrawn")  # never an employer's move


def _apply(people, posts, *, shared=True):
    return services.apply(actor=people.worker, position_id=posts[0].pk, profile="做过三年保洁。",
                          share_contact=shared)


@pytest.mark.parametrize("moves", [(), ("viewed",), ("viewed", "interview")])
def test_the_applicant_withdraws_before_a_decision(people, posts, moves, django_capture_on_commit_callbacks):
    a = _apply(people, posts)
    for stage in moves:
        services.move_application(actor=people.employer_user, application_id=a.pk, stage=stage)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_application(actor=people.worker, application_id=a.pk, reason="已找到工作")
    a.refresh_from_db()
    assert a.stage == "withdrawn"
    last = StageChange.objects.filter(application=a).order_by("-id").first()
    assert (last.from_stage, last.to_stage, last.note) == ((moves or ("submitted",))[-1], "withdrawn", "已找到工作")
    event = AuditEvent.objects.get(action="jobs.application_withdraw")
    assert event.actor_id == people.worker.pk
    assert Message.objects.filter(recipient=people.employer_user, kind="jobs.application_withdrawn").count() == 1
    # the shared phone is masked again for the employer
    _p, rows = selectors.applicants_for(actor=people.employer_user, position_id=posts[0].pk)
    assert rows[0]["phone"] != people.worker.phone and "****" in rows[0]["phone"]
    # the employer can no longer move it; it is not pending in 我的办事
    with pytest.raises(Conflict):
        services.move_application(actor=people.employer_user, application_id=a.pk, stage="hired")
    from niangjia.core import my_business

    item = next(i for i in my_business.items_for(people.worker) if i.code == "jobs")
    assert not item.pending and item.stage == "您已撤回"


@pytest.mark.parametrize("final", ["hired", "rejected", "withdrawn"])
def test_after_a_decision_it_cannot_be_withdrawn(people, posts, final):
    a = _apply(people, posts)
    if final == "withdrawn":
        services.withdraw_application(actor=people.worker, application_id=a.pk)
    else:
        services.move_application(actor=people.employer_user, application_id=a.pk, stage="viewed")
        services.move_application(actor=people.employer_user, application_id=a.pk, stage=final)
    before = (StageChange.objects.count(), AuditEvent.objects.count())
    with pytest.raises(Conflict) as err:
        services.withdraw_application(actor=people.worker, application_id=a.pk)
    assert err.value.code == "jobs.withdraw" and "不能再撤回" in err.value.message
    assert (StageChange.objects.count(), AuditEvent.objects.count()) == before
    assert Application.objects.get(pk=a.pk).stage == final


def test_only_the_applicant_may_withdraw(people, posts):
    a = _apply(people, posts)
    for actor in (people.employer_user, people.other_worker, people.staff_a, people.staff_b):
        with pytest.raises(NotFound):
            services.withdraw_application(actor=actor, application_id=a.pk)
    assert Application.objects.get(pk=a.pk).stage == "submitted"


def test_a_too_long_reason_is_refused_in_chinese(people, posts):
    from niangjia.core.errors import Invalid

    a = _apply(people, posts)
    with pytest.raises(Invalid) as err:
        services.withdraw_application(actor=people.worker, application_id=a.pk, reason="长" * 201)
    assert "撤回原因" in err.value.message
    assert Application.objects.get(pk=a.pk).stage == "submitted"


def test_the_page_offers_the_button_only_while_possible(people, posts):
    a = _apply(people, posts, shared=False)
    c = Client(enforce_csrf_checks=True)
    c.force_login(people.worker)
    page = c.get(f"/jobs/applications/{a.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="withdraw"' in page and "撤回申请" in page
    # a POST without the CSRF token is refused
    assert c.post(f"/jobs/applications/{a.pk}/withdraw/").status_code == 403
    token = c.cookies["csrftoken"].value
    r = c.post(f"/jobs/applications/{a.pk}/withdraw/", {"reason": "不想去了"}, HTTP_X_CSRFTOKEN=token,
               HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    page = r.content.decode()
    assert r.status_code == 200 and "已撤回" in page and 'data-testid="withdraw"' not in page
    assert 'data-testid="share"' not in page  # nothing left to share with
    assert Application.objects.get(pk=a.pk).stage == "withdrawn"


def test_outsiders_get_404_on_the_withdraw_url(client, people, posts, make_user):
    a = _apply(people, posts)
    client.force_login(people.employer_user)
    assert client.post(f"/jobs/applications/{a.pk}/withdraw/").status_code == 404
    assert Application.objects.get(pk=a.pk).stage == "submitted"

"""Employers, posts, applications and stages: each use case, each refusal (nothing written), audit and scope."""

import pytest

from niangjia.core.audit import AuditEvent
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Message
from niangjia.jobs import selectors, services
from niangjia.jobs.models import Application, Employer, Position
from niangjia.jobs.tests.conftest import post, uscc

pytestmark = pytest.mark.django_db


def test_staff_register_and_verify_an_employer_with_audit(people):
    e = services.register_employer(actor=people.staff_a, name="上城瑞丰物流有限公司", uscc=uscc("91330102MA2DDDDD1"),
                                   region_code="330102", org_id=people.tree.district_a.pk, account=people.employer_user)
    assert e.status == "pending"
    services.verify_employer(actor=people.staff_a, employer_id=e.pk, approve=True)
    e.refresh_from_db()
    assert e.status == "verified" and e.verified_by == people.staff_a
    assert AuditEvent.objects.filter(action="jobs.employer_verify").count() == 1


@pytest.mark.parametrize(("code", "why"), [
    ("91330102MA2DDDDD1X", "18 characters but a wrong check character"),
    ("91330102MA2DDDDD", "too short"),
    ("", "empty"),
])
def test_a_bad_credit_code_is_refused_in_chinese_and_nothing_is_written(people, code, why):
    if len(code) == 18:  # make sure the check character really is wrong
        assert uscc(code[:17]) != code
    with pytest.raises(Invalid) as exc:
        services.register_employer(actor=people.staff_a, name="某公司", uscc=code, region_code="330102",
                                   org_id=people.tree.district_a.pk)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message), why
    assert Employer.objects.count() == 0


def test_the_same_credit_code_twice_is_a_conflict(people, employer):
    with pytest.raises(Conflict):
        services.register_employer(actor=people.staff_a, name="另一家", uscc=employer.uscc, region_code="330102",
                                   org_id=people.tree.district_a.pk)
    assert Employer.objects.count() == 1


def test_staff_of_another_district_can_neither_verify_nor_see_the_employer(people, employer):
    with pytest.raises(NotFound):
        services.verify_employer(actor=people.staff_b, employer_id=employer.pk, approve=False, reason="x")
    assert not selectors.employers_visible_to(actor=people.staff_b).filter(pk=employer.pk).exists()
    employer.refresh_from_db()
    assert employer.status == "verified"


def test_an_employer_login_registers_itself_and_waits_for_verification(people):
    e = services.register_employer(actor=people.employer_user, name="湖滨小吃店", uscc=uscc("92330102MA2EEEEE1"),
                                   region_code="330102")
    assert e.account == people.employer_user and e.org == people.tree.union_a and e.status == "pending"
    with pytest.raises(Conflict):  # not verified yet: no posts
        post(e, people.employer_user)
    assert Position.objects.count() == 0


def test_a_worker_cannot_register_an_employer(people):
    from niangjia.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.register_employer(actor=people.worker, name="x", uscc=uscc("91330102MA2FFFFF1"), region_code="330102")


@pytest.mark.parametrize(("low", "high", "code"), [
    ("5000", "4000", "jobs.salary_range"), ("1e3", "4000", "jobs.bad_amount"), ("3000.001", "4000", "jobs.bad_amount"),
    ("-1", "4000", "jobs.bad_amount"), ("3,000", "4000", "jobs.bad_amount"), ("", "4000", "jobs.bad_amount"),
])
def test_salary_range_goes_through_core_money(people, employer, low, high, code):
    with pytest.raises(Invalid) as exc:
        post(employer, people.employer_user, salary_min=low, salary_max=high)
    assert exc.value.code == code
    assert Position.objects.count() == 0


def test_another_employer_login_cannot_post_for_this_employer(people, employer, make_user):
    stranger = make_user(roles=[(people.tree.union_b, "employer")])
    with pytest.raises(NotFound):
        post(employer, stranger)


def test_apply_once_notifies_the_employer_and_shows_in_my_business(people, posts, django_capture_on_commit_callbacks):
    from niangjia.core import my_business

    with django_capture_on_commit_callbacks(execute=True):
        a = services.apply(actor=people.worker, position_id=posts[0].pk, profile="做过三年保洁。")
    assert a.stage == "submitted" and not a.contact_shared
    assert Message.objects.filter(recipient=people.employer_user, kind="jobs.new_applicant").count() == 1
    items = [i for i in my_business.items_for(people.worker) if i.code == "jobs"]
    assert len(items) == 1 and items[0].pending and "保洁员" in items[0].title
    with pytest.raises(Conflict):
        services.apply(actor=people.worker, position_id=posts[0].pk, profile="again")
    assert Application.objects.count() == 1


def test_a_closed_post_takes_no_applications(people, posts):
    services.close_position(actor=people.employer_user, position_id=posts[0].pk)
    with pytest.raises(NotFound):  # a closed post is not shown to workers at all
        services.apply(actor=people.worker, position_id=posts[0].pk, profile="x")
    assert Application.objects.count() == 0


def test_contact_is_masked_until_the_worker_agrees(people, posts):
    a = services.apply(actor=people.worker, position_id=posts[0].pk, profile="做过三年保洁。")
    _p, rows = selectors.applicants_for(actor=people.employer_user, position_id=posts[0].pk)
    phone = people.worker.phone
    assert rows[0]["phone"] != phone and "****" in rows[0]["phone"]
    with pytest.raises(NotFound):  # only the worker can agree
        services.share_contact(actor=people.employer_user, application_id=a.pk)
    services.share_contact(actor=people.worker, application_id=a.pk)
    _p, rows = selectors.applicants_for(actor=people.employer_user, position_id=posts[0].pk)
    assert rows[0]["phone"] == phone


def test_stages_move_with_history_audit_and_a_message_to_the_worker(people, posts, django_capture_on_commit_callbacks):
    a = services.apply(actor=people.worker, position_id=posts[0].pk, profile="做过三年保洁。")
    with django_capture_on_commit_callbacks(execute=True):
        for stage in ("viewed", "interview", "hired"):
            services.move_application(actor=people.employer_user, application_id=a.pk, stage=stage, note="周一来")
    a.refresh_from_db()
    assert a.stage == "hired"
    assert [h.to_stage for h in selectors.application_history(a)] == ["submitted", "viewed", "interview", "hired"]
    assert AuditEvent.objects.filter(action="jobs.application_stage").count() == 3
    kinds = list(Message.objects.filter(recipient=people.worker, kind="jobs.application_stage").values_list("title",
                                                                                                           flat=True))
    assert len(kinds) == 3 and "恭喜，您已被录用" in kinds
    with pytest.raises(Conflict):  # final
        services.move_application(actor=people.employer_user, application_id=a.pk, stage="rejected")


def test_undeclared_stage_and_outsiders_are_refused(people, posts, make_user):
    a = services.apply(actor=people.worker, position_id=posts[0].pk, profile="x")
    with pytest.raises(Conflict):
        services.move_application(actor=people.employer_user, application_id=a.pk, stage="hired")
    with pytest.raises(NotFound):
        services.move_application(actor=people.staff_b, application_id=a.pk, stage="viewed")
    with pytest.raises(NotFound):
        services.move_application(actor=people.other_worker, application_id=a.pk, stage="viewed")
    with pytest.raises(NotFound):  # the applicant cannot move themself either
        services.move_application(actor=people.worker, application_id=a.pk, stage="viewed")
    a.refresh_from_db()
    assert a.stage == "submitted"


def test_unverified_or_closed_posts_are_not_searchable(people, posts):
    hits = [r["id"] for r in selectors.search_posts(q="保洁", limit=10)]
    assert posts[0].pk in hits
    services.close_position(actor=people.employer_user, position_id=posts[0].pk)
    assert posts[0].pk not in [r["id"] for r in selectors.search_posts(q="保洁", limit=10)]


def test_fair_groups_employers_for_a_period(people, employer, posts):
    import datetime as dt

    fair = services.create_fair(actor=people.staff_a, org_id=people.tree.district_a.pk, title="春风行动",
                                kind="spring_breeze", starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 3, 31),
                                employer_ids=[employer.pk])
    assert list(fair.employers.all()) == [employer]
    with pytest.raises(Invalid):
        services.create_fair(actor=people.staff_a, org_id=people.tree.district_a.pk, title="x", kind="general",
                             starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 2, 1))
    with pytest.raises(NotFound):
        services.create_fair(actor=people.staff_b, org_id=people.tree.district_a.pk, title="x", kind="general",
                             starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 4, 1))

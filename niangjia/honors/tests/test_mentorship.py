"""Mentorship: pairs of members, tasks the mentor approves, early completion only with every task approved, the
two-way yearly review once each way, the union's table in scope."""

import datetime as dt

import pytest
from django.test import Client

from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.honors import selectors_mentorship, services_mentorship


@pytest.fixture
def pair(tree, make_user, make_member):
    staff = make_user(roles=[(tree.district_a, "staff")])
    mentor, apprentice = make_member(tree.union_a).user, make_member(tree.union_a).user
    p = services_mentorship.create_pair(staff, org_id=tree.union_a.pk, mentor_phone=mentor.phone,
                                        apprentice_phone=apprentice.phone, starts_on=dt.date(2026, 1, 1),
                                        ends_on=dt.date(2027, 12, 31), goals="独立上岗")
    return staff, mentor, apprentice, p


def test_pairs_need_two_members_of_the_union(tree, make_user, make_member, pair):
    staff, mentor, apprentice, p = pair
    outsider = make_member(tree.union_b).user
    with pytest.raises(Invalid):
        services_mentorship.create_pair(staff, org_id=tree.union_a.pk, mentor_phone=mentor.phone,
                                        apprentice_phone=outsider.phone, starts_on=dt.date(2026, 1, 1),
                                        ends_on=dt.date(2027, 1, 1), goals="x")
    with pytest.raises(Conflict):
        services_mentorship.create_pair(staff, org_id=tree.union_a.pk, mentor_phone=mentor.phone,
                                        apprentice_phone=apprentice.phone, starts_on=dt.date(2026, 1, 1),
                                        ends_on=dt.date(2027, 1, 1), goals="again")
    with pytest.raises(NotFound):
        services_mentorship.create_pair(make_user(roles=[(tree.district_b, "staff")]), org_id=tree.union_a.pk,
                                        mentor_phone=mentor.phone, apprentice_phone=apprentice.phone,
                                        starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2027, 1, 1), goals="x")


def test_tasks_approval_early_completion_and_reviews(tree, pair):
    staff, mentor, apprentice, p = pair
    task = services_mentorship.add_task(mentor, pair_id=p.pk, title="掌握安全规程")
    with pytest.raises(NotFound):  # only the mentor sets tasks
        services_mentorship.add_task(apprentice, pair_id=p.pk, title="x")
    with pytest.raises(Conflict):  # not reported done yet
        services_mentorship.approve_task(mentor, task_id=task.pk)
    with pytest.raises(Conflict):  # an unapproved task blocks early completion
        services_mentorship.close_pair(staff, pair_id=p.pk, outcome="completed", today=dt.date(2026, 6, 1))
    services_mentorship.report_done(apprentice, task_id=task.pk)
    with pytest.raises(NotFound):  # the apprentice cannot approve their own task
        services_mentorship.approve_task(apprentice, task_id=task.pk)
    services_mentorship.approve_task(mentor, task_id=task.pk)
    services_mentorship.review(mentor, pair_id=p.pk, year=2026, rating=5, comment="好")
    services_mentorship.review(apprentice, pair_id=p.pk, year=2026, rating=4)
    with pytest.raises(Conflict):
        services_mentorship.review(apprentice, pair_id=p.pk, year=2026, rating=5)
    with pytest.raises(Invalid):
        services_mentorship.review(mentor, pair_id=p.pk, year=2027, rating=6)
    closed = services_mentorship.close_pair(staff, pair_id=p.pk, outcome="completed", today=dt.date(2026, 6, 1))
    assert closed.status == "early"
    row = selectors_mentorship.staff_pairs(actor=staff).get(pk=p.pk)
    assert (row.n_tasks, row.n_approved, row.mentor_rating, row.apprentice_rating) == (1, 1, 4, 5)


def test_pages_and_scope(tree, make_user, pair):
    staff, mentor, apprentice, p = pair
    c = Client()
    c.force_login(mentor)
    html = c.get("/honors/mentorship/").content.decode()
    assert "师徒结对" in html and "独立上岗" in html
    c.post("/honors/mentorship/act/", {"action": "task", "id": p.pk, "title": "学会看图纸"})
    assert "学会看图纸" in c.get("/honors/mentorship/").content.decode()
    s = Client()
    s.force_login(staff)
    assert mentor.name in s.get("/honors/workbench/mentorship/").content.decode()
    other = Client()
    other.force_login(make_user(roles=[(tree.district_b, "staff")]))
    assert mentor.name not in other.get("/honors/workbench/mentorship/").content.decode()
    assert other.post(f"/honors/workbench/mentorship/{p.pk}/close/", {"outcome": "ended"}).status_code == 404

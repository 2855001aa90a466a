"""Pages of events in Chinese: a member registers and cancels on the phone page; staff lists with fixed queries;
another district cannot reach an event by page, export or guessed id."""

import datetime as dt
import io
import re

import openpyxl
from django.test import Client
from django.utils import timezone

from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.events import services, services_social
from niangjia.events.models import Event, Registration


def _client(user, csrf=False):
    c = Client(enforce_csrf_checks=csrf)
    c.force_login(user)
    return c


def _token(html):
    return re.search(r'name="submission_token" value="([^"]+)"', html).group(1)


def test_member_registers_waits_and_cancels_on_the_page(tree, make_member, make_event):
    event = make_event(capacity=1, title="职工疗休养讲座")
    first, second = make_member(tree.union_a).user, make_member(tree.union_a).user
    c1, c2 = _client(first), _client(second)
    assert "职工疗休养讲座" in c1.get("/events/").content.decode()
    html = c1.get(f"/events/{event.pk}/").content.decode()
    assert "我要报名" in html and "已报 0 / 共 1 个名额" in html
    token = _token(html)
    for _ in range(2):  # a double tap registers once
        c1.post(f"/events/{event.pk}/register/", {"submission_token": token})
    assert Registration.objects.filter(event=event, user=first).count() == 1
    html = c1.get(f"/events/{event.pk}/").content.decode()
    assert "报名成功" in html and "<svg" in html  # the entry code
    html = c2.get(f"/events/{event.pk}/").content.decode()
    c2.post(f"/events/{event.pk}/register/", {"submission_token": _token(html)})
    assert "候补第 1 位" in c2.get(f"/events/{event.pk}/").content.decode()
    c1.post(f"/events/{event.pk}/cancel/")
    html = c2.get(f"/events/{event.pk}/").content.decode()
    assert "为您保留" in html
    c2.post(f"/events/{event.pk}/offer/", {"accept": "1"})
    assert Registration.objects.get(event=event, user=second).status == "confirmed"


def test_another_district_cannot_reach_the_event(tree, make_member, make_user, make_event):
    event = make_event(capacity=3, audience=tree.district_a, title="上城区职工讲座")
    staff_b = _client(make_user(roles=[(tree.district_b, "staff")]))
    assert "上城区职工讲座" not in staff_b.get("/events/workbench/").content.decode()
    for url in (f"/events/workbench/{event.pk}/", f"/events/workbench/{event.pk}/export/",
                f"/events/workbench/{event.pk}/scan/", f"/events/workbench/{event.pk + 99}/"):
        assert staff_b.get(url).status_code == 404, url
    member_b = _client(make_member(tree.union_b).user)
    assert "上城区职工讲座" not in member_b.get("/events/").content.decode()
    assert member_b.get(f"/events/{event.pk}/").status_code == 404
    r = member_b.post(f"/events/{event.pk}/register/")
    assert r.status_code in (302, 404) and not Registration.objects.exists()


def test_staff_creates_an_event_with_the_form_and_exports(tree, make_member, city_staff):
    c = _client(city_staff, csrf=True)
    html = c.get("/events/workbench/new/").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    local = timezone.localtime(timezone.now() + dt.timedelta(days=5)).replace(second=0, microsecond=0)
    fmt = "%Y-%m-%dT%H:%M"
    data = {"csrfmiddlewaretoken": csrf, "submission_token": _token(html), "kind": "recuperation",
            "title": "一线职工疗休养", "capacity": "60", "audience_org": tree.city.pk,
            "registration_closes_at": (local - dt.timedelta(days=1)).strftime(fmt),
            "starts_at": local.strftime(fmt), "ends_at": (local + dt.timedelta(days=3)).strftime(fmt),
            "cost_per_day": "1e3", "priority": "frontline", "priority_share": "90", "offer_hours": "24"}
    r = c.post("/events/workbench/new/", data)
    assert r.status_code == 200 and "数字" in r.content.decode() and not Event.objects.exists()
    data["cost_per_day"] = "380"
    r = c.post("/events/workbench/new/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    event = Event.objects.get()
    assert event.rule is not None and event.priority_classes.get().reserved_share * 100 == 90
    services.register(make_member(tree.union_a, frontline=True).user, event_id=event.pk)
    html = c.get(f"/events/workbench/{event.pk}/").content.decode()
    assert "一线职工（保留 90% 名额）" in html and "浙江" in html
    r = c.get(f"/events/workbench/{event.pk}/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content) if r.streaming else r.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert len(rows) == 1 and rows[0][2] == "已确认"


def test_volunteer_certificate(tree, make_member, make_event, city_staff):
    event = make_event(capacity=3, kind="volunteering", title="爱心驿站志愿服务")
    volunteer = make_member(tree.union_a).user
    registration = services.register(volunteer, event_id=event.pk)
    services_social.report_hours(volunteer, event_id=event.pk, hours="2", now=event.ends_at)
    services_social.confirm_hours(city_staff, registration_id=registration.pk)
    c = _client(volunteer)
    year = timezone.localtime(event.starts_at).year
    assert "2.0" in c.get("/events/volunteering/").content.decode()
    r = c.get(f"/events/volunteering/{year}/certificate/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert c.get(f"/events/volunteering/{year - 1}/certificate/").status_code == 404


def test_lists_cost_a_fixed_number_of_queries(tree, make_member, make_event, city_staff, django_assert_num_queries):
    member = make_member(tree.union_a).user
    staff, reader = _client(city_staff), _client(member)

    def add(n):
        for _ in range(n):
            event = make_event(capacity=1)
            services.register(make_member(tree.union_a2).user, event_id=event.pk)
            services.register(make_member(tree.union_a2).user, event_id=event.pk)

    assert_constant_queries(django_assert_num_queries, 6, lambda: reader.get("/events/"), add,
                            markers=lambda r: r.content.decode().count('data-testid="event-card"'))
    Event.objects.all().delete()
    assert_constant_queries(django_assert_num_queries, 6, lambda: staff.get("/events/workbench/?size=50"), add,
                            markers=lambda r: r.content.decode().count('data-testid="event-row"'))

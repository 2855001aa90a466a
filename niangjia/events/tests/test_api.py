"""The events API exactly as issue 17 gives it, as a phone client calls it: bearer token, CSRF checks on."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from niangjia.core.services import tokens
from niangjia.events.models import Event, Registration


def _bearer(user):
    raw, _row = tokens.issue_token(actor=user, user=user, name="test")
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")


def _iso(delta):
    return (timezone.now() + delta).isoformat()


def test_staff_creates_and_members_register_wait_and_get_promoted(tree, make_member, city_staff):
    staff = _bearer(city_staff)
    r = staff.post("/api/v1/events", {"title": "职工讲座", "kind": "lecture", "capacity": 1,
                                      "starts_at": _iso(dt.timedelta(days=5)), "ends_at": _iso(dt.timedelta(days=5, hours=2)),
                                      "registration_closes_at": _iso(dt.timedelta(days=4))},
                   content_type="application/json")
    assert r.status_code == 201, r.content
    event_id = r.json()["id"]
    event = Event.objects.get(pk=event_id)
    assert event.audience_org_id == tree.city.pk  # no audience: the creator's whole subtree
    a, b = (make_member(tree.union_b).user for _ in range(2))
    r = _bearer(a).post(f"/api/v1/events/{event_id}/registrations")
    assert r.status_code == 201 and r.json() == {"status": "confirmed", "position": None}
    r = _bearer(b).post(f"/api/v1/events/{event_id}/registrations")
    assert r.status_code == 201 and r.json() == {"status": "waitlisted", "position": 1}
    r = _bearer(a).post(f"/api/v1/events/{event_id}/registrations")
    assert r.status_code == 409 and r.json()["code"] == "duplicate" and "重复" in r.json()["message"]
    counts = _bearer(a).get(f"/api/v1/events/{event_id}").json()
    assert (counts["capacity"], counts["confirmed"], counts["waitlisted"]) == (1, 1, 1)
    r = _bearer(a).delete(f"/api/v1/events/{event_id}/registrations/mine")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    mine = _bearer(b).get(f"/api/v1/events/{event_id}/registrations/mine").json()
    assert mine["status"] == "offered" and mine["offer_expires_at"]
    r = _bearer(b).post(f"/api/v1/events/{event_id}/offer?accept=true")
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    assert _bearer(b).get(f"/api/v1/events/{event_id}/registrations/mine").json()["ticket"]


def test_ineligible_is_409_with_a_chinese_message(tree, make_member, make_user, make_event):
    event = make_event(capacity=5, audience=tree.district_a)
    r = _bearer(make_member(tree.union_b).user).post(f"/api/v1/events/{event.pk}/registrations")
    assert r.status_code == 409 and r.json()["code"] == "ineligible" and "会员" in r.json()["message"]
    r = _bearer(make_user()).post(f"/api/v1/events/{event.pk}/registrations")
    assert r.status_code == 409 and r.json()["code"] == "ineligible"
    assert not Registration.objects.exists()


def test_bad_input_and_scope(tree, make_user, make_member, make_event):
    staff_b = _bearer(make_user(roles=[(tree.district_b, "staff")]))
    body = {"title": "x", "kind": "party", "capacity": 1, "starts_at": _iso(dt.timedelta(days=5)),
            "ends_at": _iso(dt.timedelta(days=5)), "registration_closes_at": _iso(dt.timedelta(days=4))}
    assert staff_b.post("/api/v1/events", body, content_type="application/json").status_code == 422
    body["kind"] = "lecture"
    body["capacity"] = 0
    r = staff_b.post("/api/v1/events", body, content_type="application/json")
    assert r.status_code == 422 and "名额" in r.json()["message"]
    body |= {"capacity": 5, "registration_closes_at": _iso(dt.timedelta(days=6))}
    r = staff_b.post("/api/v1/events", body, content_type="application/json")
    assert r.status_code == 422 and "时间" in r.json()["message"]
    body |= {"registration_closes_at": _iso(dt.timedelta(days=4)), "org_id": tree.district_a.pk}
    assert staff_b.post("/api/v1/events", body, content_type="application/json").status_code == 404
    member = _bearer(make_member(tree.union_a).user)
    assert member.post("/api/v1/events", {**body, "org_id": None}, content_type="application/json").status_code == 404
    assert not Event.objects.exists()
    city_event = make_event(capacity=3, audience=tree.district_a)
    assert staff_b.get(f"/api/v1/events/{city_event.pk}").status_code == 404
    assert staff_b.post(f"/api/v1/events/{city_event.pk}/scans", {"device": "x", "scans": []},
                        content_type="application/json").status_code == 404
    assert Client().post(f"/api/v1/events/{city_event.pk}/registrations").status_code == 401


def test_session_writes_keep_csrf(tree, make_member, make_event):
    event = make_event(capacity=3)
    c = Client(enforce_csrf_checks=True)
    c.force_login(make_member(tree.union_a).user)
    assert c.post(f"/api/v1/events/{event.pk}/registrations").status_code == 403
    assert not Registration.objects.exists()


def test_offline_scans_sync_once_each(tree, make_member, make_event, city_staff):
    from niangjia.events import services, services_checkin

    event = make_event(capacity=3)
    registration = services.register(make_member(tree.union_a).user, event_id=event.pk)
    ticket = services_checkin.ticket_for(registration)
    staff = _bearer(city_staff)
    body = {"device": "phone-a", "scans": [{"scan_id": "a-1", "ticket": ticket}, {"scan_id": "a-2", "ticket": ticket},
                                           {"scan_id": "a-3", "ticket": "forged"}]}
    r = staff.post(f"/api/v1/events/{event.pk}/scans", body, content_type="application/json")
    assert [s["outcome"] for s in r.json()] == ["checked_in", "conflict", "invalid"]
    again = staff.post(f"/api/v1/events/{event.pk}/scans", body, content_type="application/json")
    assert again.json() == r.json()  # a retried sync changes nothing

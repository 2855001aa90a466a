import json
import time
import uuid

import pytest

from niangjia.core.errors import Invalid, NotFound
from niangjia.core.models import AuditEvent
from niangjia.rights.models import CallEvent, Case, DutyShift
from niangjia.rights.services import calls, cases
from niangjia.rights.services.kb import load_seed_articles

pytestmark = pytest.mark.django_db
URL = "/api/v1/rights/call-events"


def signed(client, payload, *, ts=None, nonce=None, key=None, tamper=False):
    body = json.dumps(payload).encode()
    ts = str(int(time.time()) if ts is None else ts)
    nonce = nonce or uuid.uuid4().hex
    sig = calls.sign(body, ts, nonce, key)
    if tamper:
        body = body.replace(b"139", b"138")
    return client.post(URL, body, content_type="application/json", HTTP_X_NIANGJIA_TIMESTAMP=ts,
                       HTTP_X_NIANGJIA_NONCE=nonce, HTTP_X_NIANGJIA_SIGNATURE=sig)


def refused(reason):
    return AuditEvent.objects.filter(action="rights.call_event_refused", summary__reason=reason).count()


def test_signed_call_opens_case_and_pops_to_duty_staff(client, people):
    from django.utils import timezone

    now = timezone.localtime()
    shift = "night" if now.hour < 8 else ("day" if now.hour < 16 else "evening")
    DutyShift.objects.create(org=people.tree.district_a, day=now.date(), shift=shift, staff=people.staff)
    resp = signed(client, {"call_id": "c1", "event": "incoming", "caller": people.worker.phone})
    assert resp.status_code == 200, resp.content
    data = resp.json()
    case = Case.objects.get(pk=data["case_id"])
    assert case.channel == "hotline"
    assert case.requester == people.worker
    assert data["staff_id"] == people.staff.pk
    # second call from the same number attaches to the open case
    resp2 = signed(client, {"call_id": "c2", "event": "incoming", "caller": people.worker.phone})
    assert resp2.json()["case_id"] == case.pk
    assert Case.objects.count() == 1
    popped = calls.pop_for(people.staff)
    assert {c.call_id for c in popped} == {"c1", "c2"}
    assert calls.pop_for(people.staff) == []
    assert calls.pop_for(people.staff_b) == []


def test_unsigned_refused_and_audited(client, people):
    resp = client.post(URL, json.dumps({"call_id": "x", "caller": "13900000000"}), content_type="application/json")
    assert resp.status_code == 403
    assert resp.json()["code"] == "rights.call_event_unsigned"
    assert refused("unsigned") == 1
    assert CallEvent.objects.count() == 0


def test_forged_signature_refused_and_audited(client, people):
    resp = signed(client, {"call_id": "x", "caller": "13900000000"}, key=b"not-the-key")
    assert resp.status_code == 403
    assert refused("bad_signature") == 1
    resp = signed(client, {"call_id": "x", "caller": "13900000000"}, tamper=True)
    assert resp.status_code == 403
    assert refused("bad_signature") == 2
    assert Case.objects.count() == 0


def test_replayed_nonce_refused(client, people):
    ok = signed(client, {"call_id": "x", "caller": "13900000001"}, nonce="n-1")
    assert ok.status_code == 200
    again = signed(client, {"call_id": "x", "caller": "13900000001"}, nonce="n-1")
    assert again.status_code == 403
    assert again.json()["code"] == "rights.call_event_replayed"
    assert refused("replayed") == 1
    assert CallEvent.objects.count() == 1


def test_stale_timestamp_refused(client, people):
    resp = signed(client, {"call_id": "x", "caller": "13900000002"}, ts=int(time.time()) - 3600)
    assert resp.status_code == 403
    assert refused("stale") == 1


def test_key_from_settings(client, people, settings):
    settings.NIANGJIA_CALL_EVENT_KEY = "configured-key"
    assert signed(client, {"call_id": "x", "caller": "13900000003"}, key=b"configured-key").status_code == 200


def test_kb_search_public(client, db):
    load_seed_articles()
    resp = client.get("/api/v1/rights/kb/search", {"q": "单位减工资", "limit": 3})
    assert resp.status_code == 200
    results = resp.json()["results"]
    assert 1 <= len(results) <= 3
    assert set(results[0]) == {"id", "title", "summary", "score"}
    assert "降薪" in results[0]["title"]
    assert client.get("/api/v1/rights/kb/search", {"q": "x", "limit": 99}).status_code == 422


def test_case_api_scope(client, people):
    client.force_login(people.worker)
    resp = client.post("/api/v1/rights/cases", {"category": "wages", "description": "公司连续两个月拖欠工资不发"},
                       content_type="application/json")
    assert resp.status_code == 201, resp.content
    case_id = resp.json()["id"]
    bad = client.post("/api/v1/rights/cases", {"category": "wages", "description": ""},
                      content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["message"] == "请描述您遇到的问题。"
    client.force_login(people.lawyer)
    assert client.get(f"/api/v1/rights/cases/{case_id}").status_code == 404
    cases.assign(people.staff, case_id=case_id, assignee_id=people.lawyer.pk)
    assert client.get(f"/api/v1/rights/cases/{case_id}").status_code == 200
    resp = client.post(f"/api/v1/rights/cases/{case_id}/reply", {"text": "请保留工资条。"},
                       content_type="application/json")
    assert resp.status_code == 200
    assert resp.json()["status"] == "in_progress"


def test_staff_completes_call_opened_case(client, people):
    resp = signed(client, {"call_id": "c9", "event": "incoming", "caller": people.worker.phone})
    case = Case.objects.get(pk=resp.json()["case_id"])
    assert case.org == people.tree.union_a
    with pytest.raises(NotFound):
        cases.update_intake(people.staff_b, case_id=case.pk, category="injury", description="上班时手被机器压伤了")
    with pytest.raises(Invalid):
        cases.update_intake(people.staff, case_id=case.pk, category="injury", description="短")
    case.refresh_from_db()
    assert case.category == "other"
    client.force_login(people.staff)
    client.post(f"/rights/workbench/cases/{case.pk}/", {"op": "intake", "category": "injury",
                                                         "description": "上班时手被机器压伤了，公司不给报工伤"})
    case.refresh_from_db()
    assert case.category == "injury"
    assert "压伤" in case.description
    assert AuditEvent.objects.filter(action="rights.case_intake").count() == 1


def test_screen_pop_page_shows_call_once(client, people):
    from django.utils import timezone

    now = timezone.localtime()
    shift = "night" if now.hour < 8 else ("day" if now.hour < 16 else "evening")
    DutyShift.objects.create(org=people.tree.district_a, day=now.date(), shift=shift, staff=people.staff)
    signed(client, {"call_id": "pop1", "event": "incoming", "caller": people.worker.phone})
    client.force_login(people.staff)
    first = client.get("/rights/workbench/screen-pop/")
    assert first.status_code == 200
    assert Case.objects.get().number in first.content.decode()
    assert client.get("/rights/workbench/screen-pop/").status_code == 204


def test_purge_old_nonces(people):
    import datetime as dt

    from django.utils import timezone

    from niangjia.rights.models import CallEventNonce

    CallEventNonce.objects.create(nonce="old", seen_at=timezone.now() - dt.timedelta(days=2))
    CallEventNonce.objects.create(nonce="new")
    assert calls.purge_nonces() == 1
    assert list(CallEventNonce.objects.values_list("nonce", flat=True)) == ["new"]

"""The audit log never keeps a full ID number, and downloads are recorded under their org so the admins
above see them (issue 10, "Scope and audit").
"""

from django.urls import reverse

from niangjia.core import audit, selectors
from niangjia.core.models import AuditEvent

ID = "11010519491231002X"


def test_member_export_filtered_by_id_number_is_audited_masked_and_under_the_org(client, tree, make_user,
                                                                                make_member):
    make_member(tree.union_a, id_number=ID)
    staff = make_user(roles=[(tree.union_a, "staff")])
    client.force_login(staff)
    response = client.get(reverse("core:member_export"), {"q": ID})
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="member.export")
    assert ID not in repr(event.summary) and event.summary["q"] == "110105********002X"
    assert event.org_id == tree.union_a.pk
    city_admin = make_user(roles=[(tree.city, "admin")])
    other_district = make_user(roles=[(tree.district_b, "admin")])
    assert event in selectors.audit_events_visible_to(actor=city_admin)
    assert event not in selectors.audit_events_visible_to(actor=other_district)


def test_every_export_download_is_recorded_with_its_org(client, tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    client.force_login(staff)
    before = AuditEvent.objects.filter(action__in=["export.download", "audit.export"]).count()
    response = client.get(reverse("core:audit_log"), {"export": "xlsx", "who": ID})
    assert response.status_code == 200
    events = AuditEvent.objects.filter(action__in=["export.download", "audit.export"])
    assert events.count() == before + 1
    event = events.latest("id")
    assert event.org_id == tree.district_a.pk and ID not in repr(event.summary)


def test_record_masks_ids_phones_and_accounts_anywhere_in_the_summary(tree):
    event = audit.record(None, "test.action", tree.union_a, summary={
        "q": f"身份证{ID}", "nested": {"phone": "13812345678", "list": ["6222020200112233445"]},
        "amount": "18250.00", "rows": 12, "when": "2026-12-01T08:00:00+08:00"})
    text = repr(AuditEvent.objects.get(pk=event.pk).summary)
    for secret in (ID, "13812345678", "6222020200112233445"):
        assert secret not in text
    summary = AuditEvent.objects.get(pk=event.pk).summary
    assert summary["amount"] == "18250.00" and summary["rows"] == 12 and summary["when"].startswith("2026-12-01")

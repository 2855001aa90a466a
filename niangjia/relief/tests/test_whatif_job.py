"""A what-if over more applications than NIANGJIA_INLINE_SIMULATION_ROWS runs as a background job (huey
immediate mode): the requester follows its progress page and downloads the result as Excel."""

import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from niangjia.core.job_models import BackgroundJob
from niangjia.relief import selectors, services

YEAR = timezone.localdate().year


def test_large_whatif_runs_in_the_background(client, tree, make_user, staff_a, make_household, settings, tmp_path,
                                             django_capture_on_commit_callbacks):
    settings.NIANGJIA_INLINE_SIMULATION_ROWS = 2
    settings.MEDIA_ROOT = tmp_path
    admin = make_user(roles=[(tree.city, "admin")])
    base = selectors.temporary_policy_for("330102", YEAR)
    draft = services.draft_policy(actor=admin, base_policy_id=base.pk, params=base.params,
                                  effective_from=timezone.localdate(), name="草案")
    for i in range(3):
        hh = make_household(staff_a, tree.union_a)
        services.submit_application(actor=staff_a, household_id=hh.pk, kind="hospitalization", year=YEAR,
                                    total_cost="50000", self_paid="38000",
                                    invoices=[{"number": f"W-{i}", "amount": "50000", "issued_on": f"{YEAR}-01-01"}])
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("relief:policies"), {"action": "simulate", "id": draft.pk})
    job = BackgroundJob.objects.get(kind="relief.whatif")
    assert r.status_code == 302 and r["Location"] == f"/jobs/{job.token}/"
    assert (job.status, job.done, job.total) == ("done", 3, 3)
    draft.refresh_from_db()
    assert draft.simulated_at is not None  # the what-if that activation requires happened
    sheet = load_workbook(io.BytesIO(client.get(f"/jobs/{job.token}/download/").content), read_only=True).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[-1][0] == "合计" and rows[-1][2] == 3


def test_small_whatif_stays_inline(client, tree, make_user, ref, settings):
    settings.NIANGJIA_INLINE_SIMULATION_ROWS = 1000
    admin = make_user(roles=[(tree.city, "admin")])
    base = selectors.temporary_policy_for("330102", YEAR)
    draft = services.draft_policy(actor=admin, base_policy_id=base.pk, params=base.params,
                                  effective_from=timezone.localdate(), name="草案")
    client.force_login(admin)
    r = client.post(reverse("relief:policies"), {"action": "simulate", "id": draft.pk})
    assert 'data-testid="simulation"' in r.content.decode()
    assert not BackgroundJob.objects.exists()

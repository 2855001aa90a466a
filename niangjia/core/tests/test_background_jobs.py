"""Long work off the request path: a large member export becomes a huey job (immediate mode in tests), the
page polls its progress with htmx, and the file is the requester's alone and expires."""

import datetime as dt
import io
import os

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from niangjia.core import jobs
from niangjia.core.job_models import BackgroundJob
from niangjia.core.models import AuditEvent


@pytest.fixture
def roster(tree, make_member, make_user, settings, tmp_path):
    settings.NIANGJIA_INLINE_EXPORT_ROWS = 3
    settings.MEDIA_ROOT = tmp_path
    for i in range(5):
        make_member(tree.union_a if i % 2 else tree.union_a2, name=f"导出会员{i}")
    return make_user(roles=[(tree.district_a, "staff")], name="区干部")


def start_export(client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/workbench/members/export.xlsx")
    assert response.status_code == 302
    return BackgroundJob.objects.get(token=response["Location"].rstrip("/").split("/")[-1])


def test_small_export_stays_in_the_request(client, tree, roster, settings):
    settings.NIANGJIA_INLINE_EXPORT_ROWS = 100
    client.force_login(roster)
    response = client.get("/workbench/members/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not BackgroundJob.objects.exists()


def test_large_export_runs_as_a_job_and_the_requester_downloads_it(client, roster, django_capture_on_commit_callbacks):
    job = start_export(client, roster, django_capture_on_commit_callbacks)
    assert (job.status, job.done, job.total) == ("done", 5, 5)
    assert job.expires_at - job.finished_at == dt.timedelta(hours=24)
    page = client.get(f"/jobs/{job.token}/").content.decode()
    assert 'data-testid="job-download"' in page and "hx-trigger" not in page  # done: polling stops
    response = client.get(f"/jobs/{job.token}/download/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    names = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert sorted(names) == [f"导出会员{i}" for i in range(5)]
    actions = list(AuditEvent.objects.filter(action__in=["job.start", "job.download", "member.export"])
                   .values_list("action", flat=True))
    assert sorted(actions) == ["job.download", "job.start", "member.export"]


def test_a_queued_job_page_polls_with_htmx(client, roster):
    job = BackgroundJob.objects.create(kind="core.member_export", title="会员名单导出", requested_by=roster,
                                       total=10, done=4, status="running")
    client.force_login(roster)
    partial = client.get(f"/jobs/{job.token}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in partial and "40%" in partial and "<html" not in partial


@pytest.mark.parametrize("who", ["other_staff", "admin_above"])
def test_nobody_else_sees_or_downloads_the_file(client, tree, roster, make_user, who,
                                                django_capture_on_commit_callbacks):
    job = start_export(client, roster, django_capture_on_commit_callbacks)
    other = make_user(roles=[(tree.district_a, "staff")] if who == "other_staff" else [(tree.city, "admin")])
    client.force_login(other)
    assert client.get(f"/jobs/{job.token}/").status_code == 404
    assert client.get(f"/jobs/{job.token}/download/").status_code == 404
    assert not AuditEvent.objects.filter(action="job.download").exists()


def test_the_file_expires(client, roster, django_capture_on_commit_callbacks):
    job = start_export(client, roster, django_capture_on_commit_callbacks)
    path = job.file.path
    BackgroundJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(f"/jobs/{job.token}/download/")
    assert response.status_code == 410 and "已过期" in response.content.decode()
    assert jobs.purge_expired() == 1
    job.refresh_from_db()
    assert job.status == "expired" and not job.file
    assert not os.path.exists(path)
    assert 'data-status="expired"' in client.get(f"/jobs/{job.token}/").content.decode()


def test_a_failing_runner_fails_the_job_with_a_chinese_message(roster, django_capture_on_commit_callbacks):
    from niangjia.core.errors import Invalid

    def broken(job, progress):
        raise Invalid("筛选条件不正确。")

    jobs.register("test.broken", broken, title="测试")
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start(actor=roster, kind="test.broken", params={})
    job.refresh_from_db()
    assert (job.status, job.error, bool(job.file)) == ("failed", "筛选条件不正确。", False)

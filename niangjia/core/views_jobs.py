"""The page of a background job (progress polled by htmx) and its download, for the requester only."""

from django.http import HttpResponse
from django.shortcuts import render

from niangjia.core import exports, jobs
from niangjia.core.errors import Conflict
from niangjia.core.views import member_login_required


@member_login_required
def job(request, token):
    """Full page on a normal request; on htmx polling only the status block (which stops polling when done)."""
    job = jobs.access_job(actor=request.user, token=token)
    template = "core/_job_status.html" if request.headers.get("HX-Request") else "core/job.html"
    return render(request, template, {"job": job, "ttl_hours": int(jobs.ttl().total_seconds() // 3600)})


@member_login_required
def job_download(request, token):
    try:
        job = jobs.open_download(actor=request.user, token=token)
    except Conflict as exc:
        return render(request, "core/job.html", {"job": jobs.access_job(actor=request.user, token=token),
                                                 "error": exc.message}, status=410 if exc.code == "job.expired"
                      else 409)
    with job.file.open("rb") as fh:
        data = fh.read()
    response: HttpResponse = exports.file_response(data, job.filename)
    return response

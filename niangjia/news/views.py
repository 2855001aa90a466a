"""Pages of notices: the reader's list and page (public ones without login), and the staff workbench."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import exports
from niangjia.core.errors import DomainError, NotFound
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.submissions import submit_once
from niangjia.core.views import staff_required
from niangjia.news import rules, selectors, services
from niangjia.news.choices import KIND_CHOICES, STATUS_CHOICES
from niangjia.news.forms import NoticeForm, WithdrawForm


def home(request):
    notices = selectors.inbox(user=request.user) if request.user.is_authenticated else selectors.public_notices()
    page = Paginator(notices, 20).get_page(request.GET.get("page"))
    return render(request, "news/home.html", {"page": page, "unread": selectors.unread_count(user=request.user)})


def detail(request, notice_id: int):
    try:
        notice = selectors.notice_for_reader(user=request.user, notice_id=notice_id)
    except NotFound:
        raise Http404 from None
    if notice.status == "published":
        services.mark_read(request.user, notice_id=notice.pk)
    return render(request, "news/detail.html", {"notice": notice})


def attachment(request, notice_id: int, attachment_id: int):
    try:
        file = selectors.attachment_for_reader(user=request.user, notice_id=notice_id, attachment_id=attachment_id)
    except NotFound:
        raise Http404 from None
    response = FileResponse(file.file.open("rb"), content_type=file.content_type)
    response["Content-Disposition"] = f'inline; filename="notice-{notice_id}-{file.pk}.{file.extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
def workbench(request):
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    grid = build_grid(
        request, selectors.staff_notices(actor=request.user, status=status, kind=kind),
        row_template="news/_notice_row.html", default_sort="-id", grid_id="notices",
        columns=[Col(_("No."), sort="id"), Col(_("Notice title"), sort="title"), Col(_("Kind")),
                 Col(_("Publishing union")), Col(_("Status"), sort="status"),
                 Col(_("Published"), sort="published_at"), Col(_("Notice recipients"), sort="recipients_count", align="end"),
                 Col(_("Read"), sort="read_count", align="end"), Col(_("Read rate"), align="end")],
        search=("title__icontains", "=pk"), search_placeholder=_("Title or no."),
        filters=[Filter("status", _("Status"), STATUS_CHOICES), Filter("kind", _("Kind"), KIND_CHOICES)],
        empty=Empty(_("No notices yet."), _("Write a notice"), reverse("news:new")),
    )
    grid.page.object_list = list(grid.page.object_list)
    for row in grid.page.object_list:
        row.rate_text = rules.percent_text(rules.read_rate(row.read_count, row.recipients_count))
    return render(request, "news/workbench.html", {"grid": grid})


def _form(request):
    return NoticeForm(request.POST or None, publishers=selectors.publisher_orgs(actor=request.user),
                      orgs=selectors.audience_orgs(actor=request.user))


@staff_required
@submit_once("news.notice")
def new(request):
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        publish_at = data["publish_at"]
        if publish_at is not None and timezone.is_naive(publish_at):
            publish_at = timezone.make_aware(publish_at)
        try:
            notice = services.create_notice(
                request.user, org_id=data["org"], audience_org_id=data["audience_org"], kind=data["kind"],
                title=data["title"], summary=data["summary"], body=data["body"], audience=data["audience"],
                roles=data["roles"], phones=form.phone_list(), is_public=data["is_public"], publish_at=publish_at,
                remind_after_days=data["remind_after_days"], files=request.FILES.getlist("files"),
                publish_now=request.POST.get("action") == "publish")
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Published to %(n)s recipients.") % {"n": notice.recipients_count}
                             if notice.status == "published" else _("Saved."))
            return redirect("news:staff_detail", notice_id=notice.pk)
    return render(request, "news/new.html", {"form": form})


@staff_required
def staff_detail(request, notice_id: int):
    notice = selectors.notice_for_staff(actor=request.user, notice_id=notice_id)
    rates = selectors.read_rates(notice=notice)
    for row in rates:
        row["rate_text"] = rules.percent_text(row["rate"])
    org_id = request.GET.get("org")
    receipts = None
    if org_id and org_id.isdigit():
        receipts = list(selectors.receipts_of(notice=notice, org_id=int(org_id))[:500])
    return render(request, "news/staff_detail.html", {
        "notice": notice, "rates": rates, "receipts": receipts, "withdraw_form": WithdrawForm(),
        "total_rate": rules.percent_text(rules.read_rate(notice.read_count, notice.recipients_count)),
    })


@staff_required
def export_rates(request, notice_id: int):
    notice = selectors.notice_for_staff(actor=request.user, notice_id=notice_id)
    rows = [(r["org_name"], r["total"], r["read"], r["unread"], r["rate"]) for r in selectors.read_rates(notice=notice)]
    return exports.export_response(
        subject=f"阅读情况·{notice.title}"[:60], sheet_name="阅读率", org=notice.org,
        columns=exports.columns("工会", ("应读人数", exports.INTEGER), ("已读", exports.INTEGER),
                                ("未读", exports.INTEGER), ("阅读率", exports.PERCENT)),
        rows=rows)


def _action(request, notice_id: int, run, done: str):
    try:
        result = run()
    except NotFound:
        raise  # out of scope or no such notice: a 404, not a message about it
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done % {"n": result} if "%(n)s" in done else done)
    return redirect("news:staff_detail", notice_id=notice_id)


@staff_required
@require_POST
def publish(request, notice_id: int):
    return _action(request, notice_id, lambda: services.publish(request.user, notice_id=notice_id).recipients_count,
                   _("Published to %(n)s recipients."))


@staff_required
@require_POST
def withdraw(request, notice_id: int):
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _action(request, notice_id, lambda: services.withdraw(request.user, notice_id=notice_id, reason=reason),
                   _("Withdrawn."))


@staff_required
@require_POST
def remind(request, notice_id: int):
    return _action(request, notice_id, lambda: services.remind_unread(request.user, notice_id=notice_id),
                   _("Reminded %(n)s unread recipients."))

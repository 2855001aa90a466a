"""Workbench pages of events: the list (grid), a new event, one event (places, queue, quotas, hours), scanning."""

from decimal import Decimal

from django.contrib import messages
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
from niangjia.events import rules, selectors, services, services_lottery, services_social
from niangjia.events.choices import KIND_CHOICES
from niangjia.events.forms import EventForm


@staff_required
def workbench(request):
    grid = build_grid(
        request, selectors.staff_events(actor=request.user, kind=request.GET.get("kind", "")),
        row_template="events/_event_row.html", default_sort="-id", grid_id="events",
        columns=[Col(_("No."), sort="id"), Col(_("Event title"), sort="title"), Col(_("Kind")), Col(_("Organiser")),
                 Col(_("Starts"), sort="starts_at"), Col(_("Registration closes"), sort="registration_closes_at"),
                 Col(_("Places"), sort="capacity", align="end"), Col(_("Places confirmed"), align="end"),
                 Col(_("Waiting list"), align="end")],
        search=("title__icontains", "=pk"), search_placeholder=_("Event title or no."),
        filters=[Filter("kind", _("Kind"), KIND_CHOICES)],
        empty=Empty(_("No events yet."), _("New event"), reverse("events:new")),
    )
    return render(request, "events/workbench.html", {"grid": grid})


@staff_required
@submit_once("events.new")
def new(request):
    form = EventForm(request.POST or None, orgs=selectors.audience_orgs(actor=request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        aware = [timezone.make_aware(v) if timezone.is_naive(v) else v
                 for v in (d["starts_at"], d["ends_at"], d["registration_closes_at"])]
        share = d.get("priority_share")
        try:
            event = services.create_event(
                request.user, title=d["title"], kind=d["kind"], capacity=d["capacity"], starts_at=aware[0],
                ends_at=aware[1], registration_closes_at=aware[2], audience_org_id=d["audience_org"],
                description=d["description"], place=d["place"], cross_province=d["cross_province"],
                cost_per_day=d["cost_per_day"], priority=d.get("priority") or "",
                priority_share=None if share is None else Decimal(share) / 100,
                offer_hours=d["offer_hours"] if d["offer_hours"] is not None else 24, lottery=d["lottery"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The event is open for registration."))
            return redirect("events:staff_detail", event_id=event.pk)
    return render(request, "events/new.html", {"form": form})


@staff_required
def staff_detail(request, event_id: int):
    event = selectors.event_for_staff(actor=request.user, event_id=event_id)
    status = request.GET.get("status", "")
    registrations = list(selectors.registrations_for_staff(event=event, status=status)[:500])
    return render(request, "events/staff_detail.html", {
        "event": event, "counts": selectors.counts(event=event), "registrations": registrations,
        "quotas": list(selectors.union_quotas(event=event)), "status": status})


@staff_required
def export_registrations(request, event_id: int):
    event = selectors.event_for_staff(actor=request.user, event_id=event_id)
    rows = [(r.user.name, r.org.name if r.org else "", r.get_status_display(), r.position,
             rules.PREDICATES.get(r.priority, ""),
             timezone.localtime(r.created_at), timezone.localtime(r.checked_in_at) if r.checked_in_at else None)
            for r in selectors.registrations_for_staff(event=event)]
    return exports.export_response(
        subject=f"报名名单·{event.title}"[:60], sheet_name="报名", org=event.org,
        columns=exports.columns("姓名", "工会", "状态", ("候补序号", exports.INTEGER), "优先类别",
                                ("报名时间", exports.DATETIME), ("签到时间", exports.DATETIME)),
        rows=rows)


def _back(request, event_id: int, run, ok: str):
    try:
        run()
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect("events:staff_detail", event_id=event_id)


@staff_required
@require_POST
def set_quota(request, event_id: int):
    org_id, seats = request.POST.get("org", ""), request.POST.get("seats", "")
    if not (org_id.isdigit() and seats.isdigit()):
        messages.error(request, _("Choose a union and enter a whole number of places."))
        return redirect("events:staff_detail", event_id=event_id)
    return _back(request, event_id, lambda: services.set_union_quota(
        request.user, event_id=event_id, org_id=int(org_id), seats=int(seats)), _("Saved."))


@staff_required
@require_POST
def confirm_hours(request, event_id: int, registration_id: int):
    accept = request.POST.get("accept") == "1"
    return _back(request, event_id, lambda: services_social.confirm_hours(
        request.user, registration_id=registration_id, hours=request.POST.get("hours"), accept=accept),
        _("Saved."))


@staff_required
def scan(request, event_id: int):
    event = selectors.event_for_staff(actor=request.user, event_id=event_id)
    return render(request, "events/scan.html", {"event": event})


@staff_required
@require_POST
def draw(request, event_id: int):
    return _back(request, event_id, lambda: services_lottery.draw(request.user, event_id=event_id,
                                                                  seed=request.POST.get("seed", "")),
                 _("The draw is done and published."))


@staff_required
@require_POST
def congress_quota(request, event_id: int):
    motion, seats = request.POST.get("motion", ""), request.POST.get("seats", "")
    if not (motion.isdigit() and seats.isdigit()):
        messages.error(request, _("Enter the resolution number and a whole number of places."))
        return redirect("events:staff_detail", event_id=event_id)
    return _back(request, event_id, lambda: services_lottery.quota_from_congress(
        request.user, event_id=event_id, motion_id=int(motion), seats=int(seats)), _("Saved."))

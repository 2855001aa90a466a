"""Worker pages of events: the list, one event (register, waiting place, offer, ticket, matchmaking, hours) and
the volunteer's yearly hours with a certificate."""

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import formats, pdf
from niangjia.core.errors import DomainError, NotFound
from niangjia.core.submissions import submit_once
from niangjia.core.views import member_login_required
from niangjia.events import selectors, services, services_checkin, services_social
from niangjia.events.forms import HoursForm


def home(request):
    events = list(selectors.events_for_member(user=request.user)[:100]) if request.user.is_authenticated else []
    return render(request, "events/home.html", {"events": events, "now": timezone.now()})


@member_login_required
def detail(request, event_id: int):
    event = selectors.event_for_reader(user=request.user, event_id=event_id)
    registration = selectors.my_registration(user=request.user, event=event)
    context = {"event": event, "counts": selectors.counts(event=event), "registration": registration,
               "now": timezone.now(), "hours_form": HoursForm()}
    if registration is not None:
        context["rank"] = services.waiting_rank(registration)
        context["offer"] = next((o for o in registration.offers.all() if o.status == "open"), None)
        if registration.status == "confirmed":
            ticket = services_checkin.ticket_for(registration)
            context["ticket_qr"] = segno.make(ticket, error="m").svg_inline(scale=3, dark="#222")
            if event.kind == "matchmaking":
                context["profiles"] = selectors.match_profiles(event=event, exclude_user=request.user)
                context["chosen"] = selectors.my_choices(registration=registration)
                context["matches"] = selectors.mutual_matches(registration=registration)
                context["my_profile"] = getattr(registration, "match_profile", None)
    return render(request, "events/detail.html", context)


def _back(request, event_id: int, run, ok: str):
    try:
        run()
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect("events:detail", event_id=event_id)


@member_login_required
@require_POST
@submit_once("events.register")
def register(request, event_id: int):
    try:
        registration = services.register(request.user, event_id=event_id)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("events:detail", event_id=event_id)
    if registration.status == "confirmed":
        messages.success(request, _("You are registered. Show the entry code at check-in."))
    else:
        messages.info(request, _("The places are full: you are number %(n)s on the waiting list. We will message "
                                 "you when a place frees.") % {"n": services.waiting_rank(registration)})
    return redirect("events:detail", event_id=event_id)


@member_login_required
@require_POST
def cancel(request, event_id: int):
    return _back(request, event_id, lambda: services.cancel_mine(request.user, event_id=event_id),
                 _("Your registration is cancelled; the place goes to the next person waiting."))


@member_login_required
@require_POST
def answer_offer(request, event_id: int):
    accept = request.POST.get("accept") == "1"
    return _back(request, event_id, lambda: services.answer_offer(request.user, event_id=event_id, accept=accept),
                 _("You are registered.") if accept else _("You gave the place up."))


@member_login_required
@require_POST
def match_profile(request, event_id: int):
    return _back(request, event_id, lambda: services_social.set_match_profile(
        request.user, event_id=event_id, nickname=request.POST.get("nickname", ""),
        intro=request.POST.get("intro", "")), _("Saved."))


@member_login_required
@require_POST
def match_choose(request, event_id: int):
    profile_id = request.POST.get("profile", "")
    if not profile_id.isdigit():
        raise Http404
    return _back(request, event_id, lambda: services_social.choose(request.user, event_id=event_id,
                                                                   profile_id=int(profile_id)),
                 _("Chosen. If they choose you too, you will both see each other's mobile number."))


@member_login_required
@require_POST
def report_hours(request, event_id: int):
    return _back(request, event_id, lambda: services_social.report_hours(
        request.user, event_id=event_id, hours=request.POST.get("hours", "")),
        _("Sent to the union for confirmation."))


@member_login_required
def volunteer_hours(request):
    return render(request, "events/volunteer.html", {"years": selectors.volunteer_years(user=request.user)})


@member_login_required
def volunteer_certificate(request, year: int):
    records = selectors.volunteer_records(user=request.user, year=year)
    if not records:
        raise Http404
    total = sum(r.hours for r in records)
    s = pdf.styles()
    rows = [["活动", "主办工会", "日期", "时长（小时）"]] + [
        [r.registration.event.title, r.registration.event.org.name,
         timezone.localtime(r.registration.event.starts_at).strftime("%Y-%m-%d"), f"{r.hours}"] for r in records]
    story = [pdf.para(f"{year} 年度志愿服务时长证明", s["title"]), pdf.para(f"{request.user.name} 同志：", s["body"]),
             pdf.para(f"{year} 年度参加工会志愿服务 {len(records)} 次，经主办工会确认，累计服务 {total} 小时。"
                      "特发此证明。", s["body"]),
             pdf.spacer(), pdf.table(rows, [70, 50, 28, 26]), pdf.spacer(8),
             pdf.para(f"开具日期：{formats.day(timezone.localdate())}", s["body"])]
    body = pdf.build(f"{year} 年度志愿服务时长证明", story)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="volunteer-{year}.pdf"'
    return response

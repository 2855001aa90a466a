"""Staff forms of the honors workbench (new panel, entries, judges, recusal; new award round; new mentor pair; new
registry record) and the judge's own declaration of a relation. Each posts to one service and comes back."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core.errors import DomainError, NotFound
from niangjia.core.views import member_login_required, staff_required
from niangjia.honors import (
    selectors,
    services,
    services_awards,
    services_mentorship,
    services_registry,
)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _done(request, fn, ok: str, back: str, **kwargs):
    try:
        result = fn()
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back, **kwargs) if kwargs else redirect(back)
    messages.success(request, ok)
    return result


@staff_required
def new_panel(request):
    orgs = selectors.publisher_orgs(actor=request.user)
    if request.method == "POST":
        criteria = []
        for i in range(1, 7):
            name = request.POST.get(f"name{i}", "").strip()
            if not name:
                continue
            try:
                criteria.append((name[:60], Decimal(request.POST.get(f"weight{i}", "").strip()),
                                 int(request.POST.get(f"max{i}", "10") or 10)))
            except (InvalidOperation, ValueError):
                messages.error(request, _("Weights and maximum scores must be numbers."))
                return render(request, "honors/new_panel.html", {"orgs": orgs, "post": request.POST})
        org = request.POST.get("org", "")
        when = _date(request.POST.get("activity_date", ""))
        if not org.isdigit() or when is None:
            messages.error(request, _("Choose the union and the date of the activity."))
            return render(request, "honors/new_panel.html", {"orgs": orgs, "post": request.POST})
        try:
            panel = services.create_panel(request.user, org_id=int(org), title=request.POST.get("title", ""),
                                          activity_date=when, criteria=criteria,
                                          blind=request.POST.get("blind") == "on",
                                          trim_extremes=request.POST.get("trim") == "on")
        except DomainError as exc:
            messages.error(request, exc.message)
            return render(request, "honors/new_panel.html", {"orgs": orgs, "post": request.POST})
        return redirect("honors:staff_panel", panel_id=panel.pk)
    return render(request, "honors/new_panel.html", {"orgs": orgs, "post": {}})


@staff_required
@require_POST
def panel_add(request, panel_id: int):
    what = request.POST.get("what")
    p = request.POST
    if what == "entry":
        fn = lambda: services.add_entry(request.user, panel_id=panel_id, title=p.get("title", ""),  # noqa: E731
                                        entrant=p.get("entrant", ""), uscc=p.get("uscc", ""),
                                        legal_representative=p.get("legal_representative", ""),
                                        summary=p.get("summary", ""))
    elif what == "judge":
        relations = []
        if p.get("kind"):
            relations = [{"kind": p.get("kind"), "organisation": p.get("organisation", "")[:120],
                          "uscc": p.get("uscc", "").strip().upper()[:18], "person": p.get("person", "")[:60],
                          "ended_on": _date(p.get("ended_on", ""))}]
        fn = lambda: services.add_judge(request.user, panel_id=panel_id, phone=p.get("phone", ""),  # noqa: E731
                                        name=p.get("name", ""), affiliation=p.get("affiliation", ""),
                                        relations=relations)
    elif what == "conflict":
        judge, entry = p.get("judge", ""), p.get("entry", "")
        if not (judge.isdigit() and entry.isdigit()):
            raise Http404
        fn = lambda: services.add_conflict(request.user, panel_id=panel_id, judge_id=int(judge),  # noqa: E731
                                           entry_id=int(entry), reason=p.get("reason", ""))
    else:
        raise Http404
    _done(request, fn, _("Saved."), "honors:staff_panel", panel_id=panel_id)
    return redirect("honors:staff_panel", panel_id=panel_id)


@member_login_required
@require_POST
def declare(request, panel_id: int):
    p = request.POST
    _done(request, lambda: services.declare_relation(
        request.user, panel_id=panel_id, kind=p.get("kind", ""), organisation=p.get("organisation", ""),
        uscc=p.get("uscc", ""), person=p.get("person", ""), ended_on=_date(p.get("ended_on", ""))),
        _("Declared. Entries this relation touches are no longer shown to you."), "honors:panel", panel_id=panel_id)
    return redirect("honors:panel", panel_id=panel_id)


@staff_required
@require_POST
def new_round(request):
    p = request.POST
    org, year = p.get("org", ""), p.get("year", "")
    if not (org.isdigit() and year.isdigit()):
        messages.error(request, _("Choose the union and enter the year."))
        return redirect("honors:rounds")
    days = p.get("publicity_days", "5")
    result = _done(request, lambda: services_awards.create_round(
        request.user, org_id=int(org), title=p.get("title", ""), year=int(year), kind=p.get("kind", ""),
        publicity_days=int(days) if days.isdigit() else 0), _("Saved."), "honors:rounds")
    if hasattr(result, "pk"):
        return redirect("honors:round", round_id=result.pk)
    return result


@staff_required
@require_POST
def new_pair(request):
    p = request.POST
    org = p.get("org", "")
    starts, ends = _date(p.get("starts_on", "")), _date(p.get("ends_on", ""))
    if not org.isdigit() or starts is None or ends is None:
        messages.error(request, _("Choose the union and both dates."))
        return redirect("honors:mentorship_staff")
    _done(request, lambda: services_mentorship.create_pair(
        request.user, org_id=int(org), mentor_phone=p.get("mentor_phone", ""),
        apprentice_phone=p.get("apprentice_phone", ""), starts_on=starts, ends_on=ends, goals=p.get("goals", "")),
        _("Saved."), "honors:mentorship_staff")
    return redirect("honors:mentorship_staff")


@staff_required
@require_POST
def new_model_worker(request):
    p = request.POST
    org, year = p.get("org", ""), p.get("year", "")
    if not (org.isdigit() and year.isdigit()):
        messages.error(request, _("Choose the union and enter the year."))
        return redirect("honors:registry")
    result = _done(request, lambda: services_registry.register(
        request.user, org_id=int(org), name=p.get("name", ""), title=p.get("title", ""), level=p.get("level", ""),
        year=int(year), awarding_body=p.get("awarding_body", ""), employer=p.get("employer", "")),
        _("Saved."), "honors:registry")
    if hasattr(result, "pk"):
        return redirect("honors:model_worker", worker_id=result.pk)
    return result

"""Pages of 维权与咨询: the worker side (ask, my cases, appointments) and the staff workbench."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import bulk, exports, formats, scoping
from niangjia.core import selectors as core_selectors
from niangjia.core.errors import DomainError, NotFound
from niangjia.core.grid import BulkAction, Col, Empty, Filter, build_grid
from niangjia.core.submissions import submit_once
from niangjia.core.views import member_login_required, role_required, staff_required
from niangjia.rights import rules, search, selectors, selectors_links, selectors_lists
from niangjia.rights.services import appointments, calls, cases
from niangjia.rights.services.common import COUNSELLOR_ROLES
from niangjia.rights.views_settings import settings_links

PAGE_SIZE = 25
ABOVE_GRASSROOTS = ["national", "province", "city", "district", "street"]


# Workbench pages open to staff and to volunteer lawyers / psychologists (who see only their cases).
handler_required = role_required(scoping.STAFF_ROLES | COUNSELLOR_ROLES)


# --- worker side ----------------------------------------------------------------------------------


def home(request):
    return render(request, "rights/home.html", {"nav_section": "home"})


def suggest(request):
    """htmx: the three best knowledge-base answers for what the worker has typed so far."""
    q = (request.GET.get("description") or request.GET.get("q") or "")[:200]
    results = search.search(q, limit=3) if len(q.strip()) >= 2 else []
    return render(request, "rights/_suggestions.html", {"results": results})


def article(request, pk: int):
    a = selectors.article_by_id(pk)
    if a is None:
        raise Http404
    return render(request, "rights/article.html", {"article": a})


def kb(request):
    q = (request.GET.get("q") or "")[:200]
    results = search.search(q, limit=10) if q.strip() else []
    return render(request, "rights/kb.html", {"q": q, "results": results})


@member_login_required
@submit_once("rights.ask")
def ask(request):
    form = {"category": "", "description": "", "preferred_contact": "online", "employer_name": ""}
    error = ""
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in form}
        try:
            case = cases.open_online_case(request.user, category=form["category"], description=form["description"],
                                          preferred_contact=form["preferred_contact"] or "online",
                                          employer_name=form["employer_name"],
                                          uploads=request.FILES.getlist("attachments"))
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Submitted. We will contact you before %(day)s.")
                             % {"day": formats.day(case.first_response_due)})
            return redirect("rights:case", pk=case.pk)
    return render(request, "rights/ask.html", {"form": form, "error": error, "categories": selectors.CATEGORY_CHOICES,
                                               "contacts": selectors.CONTACT_CHOICES,
                                               "results": search.search(form["description"], 3)
                                               if form["description"] else []},
                  status=422 if error else 200)


@member_login_required
def my_cases(request):
    return render(request, "rights/my_cases.html", {
        "cases": selectors.my_cases(request.user)[:100], "mediations": selectors.my_mediations(request.user)})


@member_login_required
def case_detail(request, pk: int):
    case = selectors.access_case(actor=request.user, case_id=pk)
    if case.requester_id != request.user.pk:
        if scoping.has_role(request.user, scoping.STAFF_ROLES | COUNSELLOR_ROLES):
            return redirect("rights:staff_case", pk=pk)
        raise Http404
    now = timezone.now()
    return render(request, "rights/case.html", {
        "case": case, "events": selectors.case_timeline(case), "evidence": selectors.case_evidence(case),
        "may_reopen": selectors.may_reopen(case, now),
        "may_rate": case.status in ("resolved", "closed") and case.rating is None,
    })


@require_POST
@member_login_required
@submit_once("rights.case_message")
def case_message(request, pk: int):
    """The worker adds a message or photos to their own case."""
    try:
        cases.add_worker_message(request.user, case_id=pk, text=request.POST.get("text", ""),
                                 uploads=request.FILES.getlist("photos"))
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sent. Union staff will see it on your case."))
    return redirect("rights:case", pk=pk)


@require_POST
@member_login_required
def case_rate(request, pk: int):
    try:
        cases.rate(request.user, case_id=pk, rating=request.POST.get("rating"), comment=request.POST.get("comment", ""))
        messages.success(request, _("Thank you for your rating."))
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    return redirect("rights:case", pk=pk)


@require_POST
@member_login_required
def case_reopen(request, pk: int):
    try:
        cases.act(request.user, case_id=pk, action="reopen", note=request.POST.get("note", ""))
        messages.success(request, _("The case is open again."))
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    return redirect("rights:case", pk=pk)


@member_login_required
def appointment_list(request):
    kind = request.GET.get("kind", "")
    return render(request, "rights/appointments.html", {
        "slots": selectors.open_slots(kind=kind)[:60], "kind": kind,
        "mine": selectors.my_appointments(request.user)[:50], "now": timezone.now(),
    })


@member_login_required
def slot_confirm(request, pk: int):
    """确认预约: the slot with its weekday before anything is booked."""
    return render(request, "rights/slot_confirm.html", {"slot": selectors.open_slot(pk)})


@member_login_required
def appointment_cancel_confirm(request, pk: int):
    return render(request, "rights/appointment_cancel_confirm.html",
                  {"a": selectors.my_appointment(request.user, pk)})


@require_POST
@member_login_required
@submit_once("rights.book")
def slot_book(request, pk: int):
    try:
        appointments.book(request.user, slot_id=pk, topic=request.POST.get("topic", ""))
        messages.success(request, _("Booked. We will remind you the day before."))
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    return redirect("rights:appointments")


@require_POST
@member_login_required
def appointment_cancel(request, pk: int):
    try:
        appointments.cancel(request.user, appointment_id=pk)
        messages.success(request, _("The booking is cancelled."))
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    if scoping.has_role(request.user, COUNSELLOR_ROLES):
        return redirect("rights:counselling")
    return redirect("rights:appointments")


@member_login_required
def session_note(request, pk: int):
    """The psychologist writes; the psychologist and the worker read. Every attempt is audited."""
    if request.method == "POST":
        try:
            appointments.write_note(request.user, appointment_id=pk, text=request.POST.get("text", ""))
            messages.success(request, _("Saved."))
        except NotFound:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
    note = appointments.read_note(request.user, appointment_id=pk)
    appt = note.appointment if note else None
    appt = appt or selectors.appointment_for_note(pk)
    if appt is None:
        raise Http404
    return render(request, "rights/note.html", {
        "note": note, "appt": appt, "may_write": appt.slot.counsellor.user_id == request.user.pk})


# --- staff workbench ------------------------------------------------------------------------------


@handler_required
def workbench(request):
    actor = request.user
    f = {"status": request.GET.get("status", ""), "category": request.GET.get("category", ""),
         "overdue": request.GET.get("overdue") == "1", "mine": request.GET.get("mine") == "1"}
    qs = selectors.staff_queue(actor=actor, **f)
    grid = build_grid(
        request, qs, row_template="rights/_case_row.html", default_sort="due",
        columns=[Col(_("Number"), sort="id", key="number"), Col(_("Title")), Col(_("Category"), sort="category"),
                 Col(_("Channel")), Col(_("Union"), sort="org__name"), Col(_("Status"), sort="status"),
                 Col(_("Handler")), Col(_("Due"), sort="resolution_due", key="due")],
        search=("number__iexact", "employer_name__startswith", "title__startswith", "requester__real_name__startswith",
                "employer_uscc__iexact"),
        search_placeholder=_("Case number, employer, title or name"),
        filters=[Filter("status", _("Status"), list(rules.STATUS_LABELS.items()), all_label=_("All")),
                 Filter("category", _("Category"), selectors.CATEGORY_CHOICES, all_label=_("All")),
                 Filter("overdue", _("Deadline"), [("1", _("Overdue only"))], all_label=_("All")),
                 Filter("mine", _("Handler"), [("1", _("Mine"))], all_label=_("All"))],
        bulk_actions=[BulkAction("assign", _("Assign selected"), reverse("rights:cases_bulk")),
                      BulkAction(bulk.EXPORT, _("Export selected"), reverse("rights:cases_bulk"), "secondary")]
        if scoping.has_role(actor) else [],
        empty=Empty(_("No cases. Cases members send online and hotline calls you record appear here."),
                    _("New hotline case"), reverse("rights:hotline_case")) if scoping.has_role(actor) else
        Empty(_("No cases are assigned to you.")),
    )
    selectors.mark_overdue(grid.page.object_list)
    return render(request, "rights/workbench.html", {
        "grid": grid, "f": f, "statuses": rules.STATUS_LABELS.items(), "categories": selectors.CATEGORY_CHOICES,
        "on_duty": calls.on_duty_now() if scoping.has_role(actor) else [],
        "is_staff": scoping.has_role(actor),
        "settings_links": settings_links(actor),
    })


@require_POST
@staff_required
def cases_bulk(request):
    """Assign several cases to one handler: confirmation with the count and the handler, then the single
    assignment service per case (same checks, timeline, audit and message)."""
    actor = request.user
    return bulk.handle(
        request, title=_("Assign cases together"), actions={"assign": _("assign")},
        pick={"assign": (_("Assign to"), selectors_links.assignee_choices(actor=actor))},
        run=lambda action, pk, value: cases.assign(actor, case_id=pk, assignee_id=int(value)),
        fallback_url=reverse("rights:workbench"),
        load=lambda ids: [bulk.Item(c.pk, f"{c.number} {c.title}（{c.org.name}）")
                          for c in selectors_links.cases_for_bulk(actor=actor, ids=ids)],
        export=bulk.Export(
            subject="维权工单", sheet_name="维权工单",
            columns=exports.columns("工单号", "标题", "类别", "渠道", "工会", "用人单位", "状态", "承办人",
                                    ("受理时间", exports.DATETIME), ("办结期限", exports.DATE)),
            load=lambda ids: [bulk.Item(c.pk, f"{c.number} {c.title}（{c.org.name}）")
                              for c in selectors_links.cases_for_export(actor=actor, ids=ids)],
            rows=lambda ids: [(c.number, c.title, c.get_category_display(), c.get_channel_display(), c.org.name,
                               c.employer_name, c.get_status_display(), c.assignee.name if c.assignee else "",
                               c.created_at, c.resolution_due)
                              for c in selectors_links.cases_for_export(actor=actor, ids=ids)]))


@handler_required
def screen_pop(request):
    """htmx polling: calls routed to me since the last poll."""
    popped = calls.pop_for(request.user) if scoping.has_role(request.user) else []
    if not popped:
        return HttpResponse(status=204)
    return render(request, "rights/_screen_pop.html", {"calls": popped})


@handler_required
def staff_case(request, pk: int):
    case = selectors.access_case(actor=request.user, case_id=pk)
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "assign":
                cases.assign(request.user, case_id=pk, assignee_id=int(request.POST.get("assignee") or 0),
                             note=request.POST.get("note", ""))
            elif op == "reply":
                cases.reply(request.user, case_id=pk, text=request.POST.get("note", ""))
            elif op == "intake":
                cases.update_intake(request.user, case_id=pk, category=request.POST.get("category", ""),
                                    description=request.POST.get("description", ""))
            elif op in ("start", "resolve", "close"):
                cases.act(request.user, case_id=pk, action=op, note=request.POST.get("note", ""))
            messages.success(request, _("Done."))
        except NotFound:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("rights:staff_case", pk=pk)
    case.overdue = rules.is_overdue(case.status, case.resolution_due, timezone.localdate())
    union_staff = scoping.covers(request.user, case.org)  # not a volunteer lawyer assigned to the case
    return render(request, "rights/staff_case.html", {
        "case": case, "events": selectors.case_timeline(case), "actions": rules.allowed_actions(case.status),
        "links": selectors_links.case_links(case), "union_staff": union_staff,
        "assignees": selectors.case_assignees(case) if union_staff else [],
        "attachments": list(case.attachments.all()), "categories": selectors.CATEGORY_CHOICES,
    })


@staff_required
def duty(request):
    from niangjia.rights.services import roster

    if request.method == "POST":
        try:
            if request.POST.get("op") == "remove":
                roster.remove_shift(request.user, shift_id=int(request.POST.get("shift_id") or 0))
            else:
                org = core_selectors.access_org_by_id(actor=request.user, org_id=int(request.POST.get("org") or 0))
                roster.add_shift(request.user, org=org, day=dt.date.fromisoformat(request.POST.get("day", "")),
                                 shift=request.POST.get("shift", ""), staff_id=int(request.POST.get("staff") or 0))
            messages.success(request, _("Done."))
        except ValueError:
            messages.error(request, "请填写正确的日期。")
        except NotFound:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("rights:duty")
    start = timezone.localdate()
    orgs = list(core_selectors.orgs_for_choice(actor=request.user, levels=ABOVE_GRASSROOTS)[:50])
    grid = build_grid(
        request, selectors_lists.duty_qs(actor=request.user, when=request.GET.get("when", ""), start=start),
        row_template="rights/_duty_row.html", grid_id="duty", default_sort="day",
        columns=[Col(_("Day"), sort="day"), Col(_("Shift"), sort="shift"),
                 Col(_("Staff"), sort="staff__real_name", key="staff"), Col(_("Union"), sort="org__path", key="org"),
                 Col("")],
        search=("staff__real_name__startswith", "org__name__contains"), search_placeholder=_("Staff or union"),
        filters=[Filter("when", _("Period"), [("past", _("Past shifts")), ("all", _("All shifts"))],
                        all_label=_("From today on"))],
        empty=Empty(_("No shifts planned. Add one with the form above.")))
    return render(request, "rights/duty.html", {
        "grid": grid, "on_duty": calls.on_duty_now(),
        "orgs": orgs, "staff": selectors.staff_of_orgs(orgs),
        "shift_choices": selectors.SHIFT_CHOICES, "today": start})


@staff_required
def hotline_case(request):
    """Hotline staff open a case for a caller."""
    if request.method == "POST":
        try:
            org = core_selectors.access_org_by_id(actor=request.user, org_id=int(request.POST.get("org") or 0))
            case = cases.open_hotline_case(request.user, org=org, caller_phone=request.POST.get("caller_phone", "").strip(),
                                           category=request.POST.get("category", ""),
                                           description=request.POST.get("description", ""))
            return redirect("rights:staff_case", pk=case.pk)
        except NotFound:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "rights/hotline_case.html", {
        "orgs": core_selectors.orgs_for_choice(actor=request.user)[:200], "categories": selectors.CATEGORY_CHOICES})


@handler_required
def counselling(request):
    counsellor = selectors.counsellor_of(request.user)
    if counsellor is None:
        raise Http404
    if request.method == "POST":
        try:
            starts = dt.datetime.fromisoformat(request.POST.get("starts_at", ""))
            appointments.publish_slot(request.user, starts_at=timezone.make_aware(starts) if timezone.is_naive(starts)
                                      else starts, minutes=int(request.POST.get("minutes") or 50),
                                      mode=request.POST.get("mode", "online"), place=request.POST.get("place", ""))
            messages.success(request, _("Slot published."))
        except ValueError:
            messages.error(request, "请填写正确的开始时间。")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("rights:counselling")
    return render(request, "rights/counselling.html", {
        "counsellor": counsellor, "appointments": selectors.counsellor_appointments(request.user)[:100],
        "modes": selectors.SLOT_MODE_CHOICES})


@staff_required
def stats(request):
    since = until = None
    try:
        since = dt.date.fromisoformat(request.GET["since"]) if request.GET.get("since") else None
        until = dt.date.fromisoformat(request.GET["until"]) if request.GET.get("until") else None
    except ValueError:
        messages.error(request, "日期格式不正确。")
    data = selectors.case_statistics(actor=request.user, since=since, until=until)
    if request.GET.get("export") == "xlsx":
        rows = [("类别", k, v) for k, v in data["by_category"]] + [("渠道", k, v) for k, v in data["by_channel"]]
        rows += [("月份", k, v) for k, v in data["by_month"]] + [("工会", k, v) for k, v in data["by_org"]]
        rows += [("指标", "首次响应中位数(小时)", data["first_response_median_h"]),
                 ("指标", "首次响应P90(小时)", data["first_response_p90_h"]),
                 ("指标", "解决时长中位数(小时)", data["resolution_median_h"]),
                 ("指标", "解决时长P90(小时)", data["resolution_p90_h"]),
                 ("指标", "超时率", data["sla_breach_rate"]), ("指标", "满意度均分", data["satisfaction_avg"])]
        return exports.export_response(
            subject="维权工单统计", sheet_name="统计", rows=rows, org_name=exports.actor_org_name(request.user),
            filters={"起": since.isoformat() if since else "", "止": until.isoformat() if until else ""},
            columns=exports.columns("维度", "项目", ("数值", exports.NUMBER)))
    return render(request, "rights/stats.html", {"data": data, "since": since, "until": until})

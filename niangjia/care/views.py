"""Pages of care campaigns: the worker's deliveries (confirm receipt) and the staff workbench."""

import datetime as dt
import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.care import selectors, services
from niangjia.core import exports, spreadsheets
from niangjia.core import selectors as core_selectors
from niangjia.core.errors import DomainError
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.spreadsheets import ImportRejected
from niangjia.core.views import member_login_required, staff_required


def _date(text):
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def home(request):
    deliveries = selectors.my_deliveries(request.user) if request.user.is_authenticated else []
    return render(request, "care/home.html", {"deliveries": deliveries})


@member_login_required
@require_POST
def confirm(request, recipient_id: int):
    try:
        services.confirm_receipt(actor=request.user, recipient_id=recipient_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you, receipt confirmed."))
    return redirect("care:home")


@staff_required
def workbench(request):
    errors = []
    if request.method == "POST":
        p = request.POST
        try:
            c = services.create_campaign(actor=request.user, org_id=int(p.get("org") or 0), name=p.get("name", ""),
                                         kind=p.get("kind", ""), form=p.get("form", ""), start=_date(p.get("start")),
                                         end=_date(p.get("end")), total_budget=p.get("total_budget"),
                                         per_person=p.get("per_person"), goods=p.get("goods", ""))
        except DomainError as exc:
            errors.append(exc.message)
        else:
            messages.success(request, _("Campaign created."))
            return redirect("care:campaign", c.pk)
    grid = build_grid(
        request, selectors.campaigns_visible_to(actor=request.user, kind=request.GET.get("kind", "")),
        row_template="care/_campaign_row.html", grid_id="campaigns", default_sort="-start",
        columns=[Col(_("Campaign"), sort="name"), Col(_("Kind"), sort="kind"), Col(_("Union"), sort="org__name",
                                                                                     key="union"),
                 Col(_("Total budget"), sort="total_budget", key="budget", align="end"),
                 Col(_("Period"), sort="start")],
        search=("name__contains", "org__name__startswith", "=pk"), search_placeholder=_("Campaign or union name"),
        filters=[Filter("kind", _("Kind"), selectors.CAMPAIGN_KIND_CHOICES, all_label=_("All"))],
        empty=Empty(_("No care campaigns yet. Create the first one with the form below.")),
    )
    return render(request, "care/workbench.html", {
        "grid": grid,
        "orgs": core_selectors.orgs_for_choice(actor=request.user),
        "kinds": selectors.CAMPAIGN_KIND_CHOICES, "forms": selectors.CAMPAIGN_FORM_CHOICES, "errors": errors,
        "report": selectors.report(actor=request.user)}, status=422 if errors else 200)


@staff_required
def campaign(request, campaign_id: int):
    c = selectors.access_campaign(actor=request.user, campaign_id=campaign_id)
    if request.method == "POST":
        p = request.POST
        try:
            action = p.get("action")
            if action == "allocate":
                services.allocate(actor=request.user, campaign_id=c.pk, from_org_id=int(p.get("from_org") or 0),
                                  to_org_id=int(p.get("to_org") or 0), amount=p.get("amount"))
            elif action == "import":
                services.import_recipients(actor=request.user, campaign_id=c.pk, org_id=int(p.get("org") or 0),
                                           upload=request.FILES.get("file"), amount=p.get("amount") or None)
            elif action == "paper":
                services.record_paper_receipt(actor=request.user, recipient_id=int(p.get("recipient") or 0),
                                              photo=request.FILES.get("photo"))
            else:
                added = services.select_recipients(actor=request.user, campaign_id=c.pk,
                                                   org_id=int(p.get("org") or 0), rule=p.get("rule", ""),
                                                   member_ids=p.getlist("member"), amount=p.get("amount") or None)
                messages.success(request, _("Added %(count)s recipients.") % {"count": len(added)})
                return redirect("care:campaign", c.pk)
        except ImportRejected as exc:
            spreadsheets.rejected(request, request.FILES.get("file"), exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("care:campaign", c.pk)
    if request.GET.get("template"):
        return spreadsheets.template_response("慰问对象", spreadsheets.PERSON_TEMPLATE, notes=[
            "每行一名慰问对象，须是所选工会的在册会员；金额按活动标准，或在页面上填写的金额。"])
    report = selectors.report(actor=request.user, campaign=c)
    if request.GET.get("export") == "xlsx":
        rows = [[r["org__name"], r["money"], r["times"], r["confirmed"]] for r in report["by_org"]]
        budget = [[b["org"], b["allocated"], b["passed_down"], b["used"]] for b in report["budget"]]
        return exports.export_response(
            subject=c.name, sheet_name="慰问发放", org=c.org,
            columns=exports.columns("工会", ("慰问金额（元）", exports.MONEY), ("人次", exports.INTEGER),
                                    ("已签收", exports.INTEGER)),
            rows=rows + [[], ["预算：工会", "收到预算（元）", "继续下拨（元）", "已发放（元）"]] + budget)
    chart = {"orgs": [r["org__name"] for r in report["by_org"]], "money": [float(r["money"]) for r in report["by_org"]],
             "times": [r["times"] for r in report["by_org"]]}
    return render(request, "care/campaign.html", {
        "c": c, "report": report, "allocations": selectors.allocations(c, request.user),
        "orgs": core_selectors.orgs_for_choice(actor=request.user),
        "unconfirmed_by_org": selectors.unconfirmed_by_org(actor=request.user, campaign=c),
        "grid": build_grid(
            request, selectors.recipients_of(actor=request.user, campaign=c, status=request.GET.get("status", ""),
                                             source=request.GET.get("source", "")),
            row_template="care/_recipient_row.html", grid_id="recipients", default_sort="id",
            columns=[Col(_("Recipient"), sort="member__name", key="name"), Col(_("Union"), sort="org__name", key="union"),
                     Col(_("Amount"), sort="amount", align="end"), Col(_("Chosen by"), sort="source"),
                     Col(_("Status"), sort="status"), Col("")],
            search=("member__name__startswith", "org__name__startswith", "member__member_no"),
            search_placeholder=_("Name, member no. or union"),
            filters=[Filter("status", _("Status"), selectors.RECIPIENT_STATUS_CHOICES, all_label=_("All")),
                     Filter("source", _("Chosen by"), selectors.RECIPIENT_SOURCE_CHOICES, all_label=_("All"))],
            empty=Empty(_("No recipients yet. Add them by rule or import them from Excel above."))),
        "chart": json.dumps(chart, ensure_ascii=False)})

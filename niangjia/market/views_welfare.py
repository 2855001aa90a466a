"""The welfare-spending gauge per union and year, recording purchases made outside the market, the year-end report."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import exports, pdf
from niangjia.core.errors import DomainError
from niangjia.core.submissions import submit_once
from niangjia.core.views import staff_required
from niangjia.market import choices, selectors_welfare, services_welfare
from niangjia.market.views_common import parse_int


def _org_year(request):
    default = selectors_welfare.default_org(actor=request.user)
    org_id = parse_int(request.GET.get("org") or request.POST.get("org"), "工会", default=default.pk if default else 0)
    year = parse_int(request.GET.get("year") or request.POST.get("year"), "年度", default=timezone.localdate().year)
    if not 2000 <= year <= 2100:
        raise Http404
    return org_id, year


@staff_required
def welfare(request):
    try:
        org_id, year = _org_year(request)
    except DomainError:
        raise Http404 from None
    data = services_welfare.gauge_for(actor=request.user, org_id=org_id, year=year)
    return render(request, "market/welfare.html", {
        **data, "unions": selectors_welfare.unions_for_gauge(actor=request.user), "occasions": choices.OCCASIONS,
        "kinds": choices.SPEND_KINDS, "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1)})


@staff_required
@require_POST
@submit_once("market.welfare_spend")
def welfare_spend(request):
    org_id, year = _org_year(request)
    try:
        spend = services_welfare.record_spend(
            actor=request.user, org_id=org_id, year=year, occasion=request.POST.get("occasion", ""),
            kind=request.POST.get("kind", ""), amount=request.POST.get("amount", ""),
            certified=request.POST.get("certified") == "1", supplier_name=request.POST.get("supplier_name", ""),
            supplier_county=request.POST.get("supplier_county", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Purchase recorded."))
        for flag in spend.flags:
            messages.warning(request, f"{flag['message']}（{spend.rule_version}）")
    return redirect(f"{reverse('market:welfare')}?org={org_id}&year={year}")


@staff_required
def welfare_report(request, fmt: str):
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    org_id, year = _org_year(request)
    data = services_welfare.gauge_for(actor=request.user, org_id=org_id, year=year)
    rows = services_welfare.report_rows(actor=request.user, org_id=org_id, year=year)
    org, g = data["org"], data["gauge"]
    subject = f"{year}年工会福利采购年报"
    table = [[r["county"] or "—", r["supplier"], "是" if r["certified"] else "否", r["units"], r["amount"]] for r in rows]
    if fmt == "xlsx":
        return exports.export_response(
            subject=subject, org=org, filters={"年度": year, "规则": data["rule"].version if data["rule"] else "无"},
            columns=exports.columns("供应商所在县", "供应商", "认定扶贫供应商", ("数量", exports.INTEGER),
                                    ("金额（元）", exports.MONEY)),
            rows=table + [["合计", "", "", None, g.total], ["其中扶贫产品", "", "", None, g.certified]])
    services_welfare.audit_report(request.user, org, year, "pdf")
    s = pdf.styles()
    share = f"{g.share:.2%}" if g.share is not None else "—"
    need = f"{g.share_min:.0%}" if g.share_min is not None else "—"
    story = [pdf.para(f"{org.name} {subject}", s["title"]),
             pdf.para(f"依据：{data['rule'].version if data['rule'] else '无'}　福利采购合计 {g.total:.2f} 元，"
                      f"其中扶贫产品 {g.certified:.2f} 元，占比 {share}（要求 {need}）", s["body"]), pdf.spacer(),
             pdf.table([["供应商所在县", "供应商", "认定", "数量", "金额（元）"]]
                       + [[c, sp, ce, "" if u is None else u, f"{a:.2f}"] for c, sp, ce, u, a in table],
                       [35, 60, 18, 20, 32], header=True),
             pdf.spacer(8), pdf.signature_blocks(["经费审查委员会", "工会主席"])]
    return exports.file_response(pdf.build(subject, story), f"{org.name}_{subject}.pdf", "application/pdf")

"""Workbench pages of union group orders (order cycles, group orders, pick lists) and the member's choice page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import exports, pdf
from niangjia.core.errors import DomainError
from niangjia.core.grid import Col, Empty, build_grid
from niangjia.core.submissions import submit_once
from niangjia.core.views import member_login_required, staff_required
from niangjia.market import choices, selectors_group, services_group
from niangjia.market.views_common import parse_date, parse_dt, parse_int


@staff_required
def cycles(request):
    grid = build_grid(
        request, selectors_group.cycles_visible(actor=request.user), row_template="market/_cycle_row.html",
        default_sort="-id", grid_id="cycles",
        columns=[Col(_("No."), sort="id"), Col(_("Order cycle"), sort="title"), Col(_("Supplier")),
                 Col(_("Closes"), sort="closes_at"), Col(_("Delivery"), sort="delivery_on"),
                 Col(_("Union orders"), align="end"), Col(_("Status"), sort="status")],
        search=("title__icontains", "supplier__name__icontains", "=pk"), search_placeholder=_("Cycle or supplier"),
        empty=Empty(_("No order cycles yet.")))
    suppliers = list(selectors_group.suppliers_for_cycles(actor=request.user)[:200])
    return render(request, "market/cycles.html", {"grid": grid, "suppliers": suppliers})


@staff_required
def cycle_new(request):
    supplier_id = parse_int(request.GET.get("supplier") or request.POST.get("supplier"), "供应商", default=0)
    products = selectors_group.products_of(actor=request.user, supplier_id=supplier_id) if supplier_id else []
    if request.method == "POST":
        try:
            items = []
            for p in products:
                if request.POST.get(f"use_{p.pk}"):
                    items.append((p.pk, request.POST.get(f"price_{p.pk}") or p.price,
                                  parse_int(request.POST.get(f"available_{p.pk}"), "可供数量")))
            cycle = services_group.create_cycle(
                actor=request.user, supplier_id=supplier_id, title=request.POST.get("title", ""),
                opens_at=parse_dt(request.POST.get("opens_at"), "开始时间"),
                closes_at=parse_dt(request.POST.get("closes_at"), "截止时间"),
                delivery_on=parse_date(request.POST.get("delivery_on"), "配送日期"),
                min_quantity=parse_int(request.POST.get("min_quantity"), "最低起订量", default=0),
                shortfall_rule=request.POST.get("shortfall_rule", ""), items=items)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Order cycle opened."))
            return redirect("market:cycle", cycle.pk)
    return render(request, "market/cycle_new.html", {
        "products": products, "supplier_id": supplier_id, "shortfall_rules": choices.SHORTFALL_RULES,
        "suppliers": list(selectors_group.suppliers_for_cycles(actor=request.user)[:200]), "post": request.POST})


@staff_required
def cycle(request, cycle_id: int):
    cycle = selectors_group.cycle_for(actor=request.user, cycle_id=cycle_id)
    orders = selectors_group.group_orders_in(actor=request.user, cycle=cycle)
    preview = services_group.allocation_preview(cycle) if cycle.status == "open" and cycle.runs else None
    trail = services_group.money_trail(cycle) if cycle.runs and cycle.status in ("locked", "settled") else None
    return render(request, "market/cycle.html", {
        "cycle": cycle, "items": selectors_group.cycle_items(cycle=cycle), "orders": orders, "preview": preview,
        "trail": trail, "unions": selectors_group.unions_for_ordering(actor=request.user, cycle=cycle),
        "modes": choices.GROUP_MODES, "occasions": choices.OCCASIONS, "now": timezone.now()})


def _act(request, fn, ok: str, cycle_id: int):
    try:
        fn()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect("market:cycle", cycle_id)


@staff_required
@require_POST
def cycle_close(request, cycle_id: int):
    action = request.POST.get("action")

    def run():
        extend_to = parse_dt(request.POST.get("extend_to"), "延长后的截止时间") if action == "extend" else None
        services_group.close_cycle(actor=request.user, cycle_id=cycle_id, extend_to=extend_to,
                                   cancel=action == "cancel")
    return _act(request, run, _("Done."), cycle_id)


@staff_required
@require_POST
@submit_once("market.group_order")
def group_order_create(request, cycle_id: int):
    cycle = selectors_group.cycle_for(actor=request.user, cycle_id=cycle_id)

    def run():
        org_id = parse_int(request.POST.get("org"), "工会", default=0)
        quantities = {item.pk: parse_int(request.POST.get(f"qty_{item.pk}"), "数量", default=0)
                      for item in selectors_group.cycle_items(cycle=cycle)}
        numbers = [n.strip() for n in request.POST.get("member_numbers", "").split() if n.strip()]
        member_ids = selectors_group.member_ids_for_order(actor=request.user, org_id=org_id, member_numbers=numbers)
        services_group.create_group_order(
            actor=request.user, cycle_id=cycle_id, org_id=org_id, mode=request.POST.get("mode", ""),
            occasion=request.POST.get("occasion", ""), delivery_point=request.POST.get("delivery_point", ""),
            budget_per_person=request.POST.get("budget_per_person") or None, member_ids=member_ids,
            quantities=quantities)
    return _act(request, run, _("Group order saved."), cycle_id)


@staff_required
@require_POST
def group_order_action(request, cycle_id: int, order_id: int, action: str):
    fns = {"place": services_group.place_group_order, "cancel": services_group.cancel_group_order,
           "charge": services_group.charge_group_order}
    if action not in fns:
        raise Http404
    return _act(request, lambda: fns[action](actor=request.user, order_id=order_id), _("Done."), cycle_id)


@staff_required
@require_POST
def cycle_settle(request, cycle_id: int):
    return _act(request, lambda: services_group.settle_cycle(actor=request.user, cycle_id=cycle_id),
                _("Cycle settled with the supplier."), cycle_id)


DOCS = {"po": "采购单", "delivery": "配送单", "pick": "分拣单"}


def _doc_table(actor, cycle, doc):
    if doc == "po":
        cols = exports.columns("商品", "单位", "规格", ("数量", exports.INTEGER), ("单价（元）", exports.MONEY),
                               ("金额（元）", exports.MONEY))
        rows = [[r["item__product__title"], r["item__product__unit"], r["item__product__specification"], r["units"],
                 r["unit_price"], r["amount"]] for r in selectors_group.purchase_order_rows(actor=actor, cycle=cycle)]
    elif doc == "delivery":
        cols = exports.columns("配送点", "工会", "商品", "单位", ("数量", exports.INTEGER), ("人数", exports.INTEGER))
        rows = [[r["order__delivery_point"], r["order__org__name"], r["item__product__title"], r["item__product__unit"],
                 r["units"], r["members"]] for r in selectors_group.delivery_rows(actor=actor, cycle=cycle)]
    else:
        cols = exports.columns("配送点", "工会", "会员编号", "姓名", "商品", ("数量", exports.INTEGER), "签收")
        rows = [[ln.order.delivery_point, ln.order.org.name, ln.member.member_no, ln.member.name,
                 ln.item.product.title, ln.units, ""] for ln in selectors_group.pick_rows(actor=actor, cycle=cycle)]
    return cols, rows


@staff_required
def cycle_export(request, cycle_id: int, doc: str, fmt: str):
    if doc not in DOCS or fmt not in ("xlsx", "pdf"):
        raise Http404
    cycle = selectors_group.cycle_for(actor=request.user, cycle_id=cycle_id)
    try:
        services_group.mark_printed(actor=request.user, cycle_id=cycle.pk, document=f"{doc}.{fmt}")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("market:cycle", cycle_id)
    cols, rows = _doc_table(request.user, cycle, doc)
    subject = f"{cycle.title}_{DOCS[doc]}"
    if fmt == "xlsx":
        return exports.export_response(subject=subject, columns=cols, rows=rows, org=cycle.org, audited=True,
                                       filters={"供应商": cycle.supplier.name, "配送日期": cycle.delivery_on})
    s = pdf.styles()
    head = [c.header if hasattr(c, "header") else str(c) for c in cols]
    width = (pdf.PAGE_WIDTH / 2.8346) / len(head)
    story = [pdf.para(f"{cycle.title} · {DOCS[doc]}", s["title"]),
             pdf.para(f"供应商：{cycle.supplier.name}　配送日期：{cycle.delivery_on:%Y-%m-%d}", s["body"]), pdf.spacer(),
             pdf.table([head] + [[("" if v is None else v) for v in r] for r in rows], [width] * len(head), header=True)]
    data = pdf.build(subject, story)
    return exports.file_response(data, f"{subject}.pdf", "application/pdf")


@member_login_required
def member_choose(request, order_id: int):
    order, items = selectors_group.member_order(user=request.user, order_id=order_id)
    if request.method == "POST":
        try:
            quantities = {i.pk: parse_int(request.POST.get(f"qty_{i.pk}"), "数量", default=0) for i in items}
            services_group.choose_items(actor=request.user, order_id=order.pk, quantities=quantities)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your choice is saved."))
            return redirect("market:home")
    return render(request, "market/choose.html", {"order": order, "items": items})

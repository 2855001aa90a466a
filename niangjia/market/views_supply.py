"""The supplier's own area (a login with the supplier role, linked to its supplier): its products, its flash sales,
its orders (per sale and per group-order cycle, with the purchase orders and delivery lists addressed to it) and its
settlement statements (read-only: settlement stays with union staff, four eyes). Another supplier's id is a 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import exports
from niangjia.core.errors import DomainError, Invalid
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.submissions import submit_once
from niangjia.core.views import role_required
from niangjia.market import choices, rules, selectors_supply, services, services_suppliers
from niangjia.market.views_common import parse_dt, parse_int

supplier_required = role_required({"supplier"})
SESSION_ROWS = 3


def _suppliers_or_404(request) -> list:
    own = selectors_supply.own_suppliers(actor=request.user)
    if not own:
        raise Http404  # the role without a link reaches nothing
    return own


@supplier_required
def products(request):
    own = _suppliers_or_404(request)
    status = request.GET.get("status", "")
    if status not in dict(choices.PRODUCT_STATUSES):
        status = ""
    grid = build_grid(
        request, selectors_supply.own_products(actor=request.user, status=status),
        row_template="market/_supply_product_row.html", default_sort="-id", grid_id="supply-products",
        columns=[Col(_("Product"), sort="title"), Col(_("Specification")), Col(_("Price (yuan)"), sort="price",
                                                                                  align="end"),
                 Col(_("Stock"), sort="stock", align="end"), Col(_("Status"), sort="status"), Col(_("Photos"), align="end"),
                 Col("")],
        search=("title__icontains",), search_placeholder=_("Product name"),
        filters=[Filter("status", _("Status"), choices.PRODUCT_STATUSES, all_label=_("All"))],
        empty=Empty(_("No products yet. Add the first one."), _("New product"), reverse("market:supply_product_new")))
    return render(request, "market/supply_products.html", {"grid": grid, "own": own, "many": len(own) > 1})


@supplier_required
def product_new(request):
    own = _suppliers_or_404(request)
    if request.method == "POST":
        product = _save(request, supplier_id=parse_int(request.POST.get("supplier"), "供应商", default=own[0].pk),
                        product_id=None)
        if product is not None:
            return redirect("market:supply_product", product.pk)
    return render(request, "market/supply_product.html", {
        "p": None, "own": own, "statuses": choices.PRODUCT_STATUSES, "today": timezone.localdate(),
        "form": request.POST if request.method == "POST" else None})


@supplier_required
def product(request, product_id: int):
    _suppliers_or_404(request)
    p = selectors_supply.own_product_for(actor=request.user, product_id=product_id)
    if request.method == "POST":
        if _save(request, supplier_id=p.supplier_id, product_id=p.pk) is not None:
            return redirect("market:supply_product", p.pk)
    return render(request, "market/supply_product.html", {
        "p": p, "statuses": choices.PRODUCT_STATUSES, "today": timezone.localdate(),
        "form": request.POST if request.method == "POST" else None})


def _save(request, *, supplier_id: int, product_id: int | None):
    try:
        saved = services_suppliers.save_product(
            actor=request.user, supplier_id=supplier_id, product_id=product_id,
            title=request.POST.get("title", ""), unit=request.POST.get("unit", ""),
            specification=request.POST.get("specification", ""), origin_county=request.POST.get("origin_county", ""),
            price=request.POST.get("price", ""), stock=request.POST.get("stock", ""),
            status=request.POST.get("status", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, _("Product saved."))
    return saved


@supplier_required
@require_POST
def product_photos(request, product_id: int):
    p = selectors_supply.own_product_for(actor=request.user, product_id=product_id)
    try:
        services_suppliers.add_product_photos(actor=request.user, product_id=p.pk, files=request.FILES.getlist("photos"))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Photos uploaded."))
    return redirect("market:supply_product", p.pk)


@supplier_required
def sales(request):
    _suppliers_or_404(request)
    grid = build_grid(
        request, selectors_supply.own_sales(actor=request.user), row_template="market/_supply_sale_row.html",
        default_sort="-id", grid_id="supply-sales",
        columns=[Col(_("No."), sort="id"), Col(_("Product"), sort="product__title"), Col(_("Union")),
                 Col(_("Starts"), sort="starts_at"), Col(_("Ends"), sort="ends_at"),
                 Col(_("Flash price (yuan)"), align="end"), Col(_("Stock"), align="end"),
                 Col(_("Left"), align="end"), Col(_("Limit per member"), align="end"), Col(_("Sale state"))],
        search=("product__title__icontains", "=pk"), search_placeholder=_("Product or sale no."),
        empty=Empty(_("No flash sales of your products yet.")))
    now = timezone.now()
    grid.page.object_list = list(grid.page.object_list)
    for row in grid.page.object_list:
        row.state = rules.sale_state(starts_at=row.starts_at, ends_at=row.ends_at, stock_total=row.stock_total,
                                     sold=row.sold, now=now)
    return render(request, "market/supply_sales.html", {
        "grid": grid, "products": selectors_supply.own_products_on_sale(actor=request.user),
        "session_rows": range(SESSION_ROWS), "form": request.session.pop("market_supply_sale_form", None)})


@supplier_required
@require_POST
@submit_once("market.supply_sale")
def sale_create(request):
    _suppliers_or_404(request)
    try:
        windows = []
        for a, b in zip(request.POST.getlist("starts_at")[:SESSION_ROWS], request.POST.getlist("ends_at")[:SESSION_ROWS],
                        strict=False):
            if a.strip() or b.strip():
                windows.append((parse_dt(a, "场次开始时间"), parse_dt(b, "场次结束时间")))
        if not windows:
            raise Invalid("请至少填写一个场次的开始和结束时间。", code="market.period")
        sale = services.create_sale(
            actor=request.user, product_id=parse_int(request.POST.get("product"), "商品", default=0),
            stock=parse_int(request.POST.get("stock"), "抢购库存"),
            per_member_limit=parse_int(request.POST.get("per_member_limit"), "每人限购"),
            price=request.POST.get("price", ""), starts_at=windows[0][0], ends_at=windows[0][1],
            sessions=windows if len(windows) > 1 else None)
    except DomainError as exc:
        messages.error(request, exc.message)
        request.session["market_supply_sale_form"] = {k: request.POST.get(k, "") for k in
                                                      ("product", "stock", "per_member_limit", "price")}
    else:
        messages.success(request, _("Flash sale no. %(n)s created.") % {"n": sale.pk})
    return redirect("market:supply_sales")


@supplier_required
def orders(request):
    _suppliers_or_404(request)
    tab = "cycles" if request.GET.get("tab") == "cycles" else "sales"
    if tab == "sales":
        grid = build_grid(
            request, selectors_supply.own_sales(actor=request.user), row_template="market/_supply_order_sale_row.html",
            default_sort="-id", grid_id="supply-orders",
            columns=[Col(_("No."), sort="id"), Col(_("Product"), sort="product__title"), Col(_("Union")),
                     Col(_("Ends"), sort="ends_at"), Col(_("Orders"), align="end"), Col(_("Awaiting payment"), align="end"),
                     Col(_("Paid by members"), align="end"), Col(_("Released"), align="end"), Col(_("Amount paid (yuan)"), align="end")],
            search=("product__title__icontains", "=pk"), search_placeholder=_("Product or sale no."),
            empty=Empty(_("No flash sales of your products yet.")))
        if request.GET.get("export") == "xlsx":
            return _export_sale_orders(request)
    else:
        grid = build_grid(
            request, selectors_supply.own_cycles(actor=request.user), row_template="market/_supply_cycle_row.html",
            default_sort="-id", grid_id="supply-cycles",
            columns=[Col(_("Order cycle"), sort="title"), Col(_("Union")), Col(_("Delivery date"), sort="delivery_on"),
                     Col(_("Cycle state"), sort="status"), Col(_("Unions ordering"), align="end"),
                     Col(_("Units ordered"), align="end"), Col(_("Units to deliver"), align="end"),
                     Col(_("Amount (yuan)"), align="end"), Col(_("Purchase order and delivery list"))],
            search=("title__icontains",), search_placeholder=_("Order cycle"),
            empty=Empty(_("No group orders for your products yet.")))
        if request.GET.get("export") == "xlsx":
            return _export_cycles(request)
    return render(request, "market/supply_orders.html", {"grid": grid, "tab": tab})


def _export_sale_orders(request):
    rows = ([s.pk, s.product.title, s.org.name, timezone.localtime(s.starts_at), timezone.localtime(s.ends_at),
             s.stock_total, s.n_orders, s.pending, s.paid, s.released, s.paid_amount]
            for s in selectors_supply.for_export(selectors_supply.own_sales(actor=request.user)))
    return exports.export_response(
        subject="扶贫商品抢购订单", org_name=_supplier_names(request),
        columns=exports.columns(("编号", exports.INTEGER), "商品", "工会", ("开始", exports.DATETIME),
                                ("结束", exports.DATETIME), ("抢购库存", exports.INTEGER), ("订单数", exports.INTEGER),
                                ("待付款", exports.INTEGER), ("已付款", exports.INTEGER), ("超时释放", exports.INTEGER),
                                ("已付款金额（元）", exports.MONEY)),
        rows=rows)


def _export_cycles(request):
    rows = ([c.title, c.org.name, c.delivery_on, c.get_status_display(), c.n_unions, c.ordered, c.units, c.amount]
            for c in selectors_supply.for_export(selectors_supply.own_cycles(actor=request.user)))
    return exports.export_response(
        subject="工会团购订单", org_name=_supplier_names(request),
        columns=exports.columns("团购周期", "组织工会", ("配送日期", exports.DATE), "状态",
                                ("下单工会数", exports.INTEGER), ("订购数量", exports.INTEGER),
                                ("应配送数量", exports.INTEGER), ("金额（元）", exports.MONEY)),
        rows=rows)


def _supplier_names(request) -> str:
    return "、".join(s.name for s in selectors_supply.own_suppliers(actor=request.user))[:60]


@supplier_required
def cycle_doc(request, cycle_id: int, doc: str):
    """The purchase order (采购单) and the delivery list (配送单) addressed to the supplier, once quantities are
    final (the cycle confirmed): before that the units may still change."""
    if doc not in ("purchase", "delivery"):
        raise Http404
    cycle = selectors_supply.own_cycle_for(actor=request.user, cycle_id=cycle_id)
    if not selectors_supply.has_final_quantities(cycle):
        messages.error(request, _("The lists are ready once the union has confirmed the cycle."))
        return redirect(f"{reverse('market:supply_orders')}?tab=cycles")
    filters = {"团购周期": cycle.title, "配送日期": cycle.delivery_on}
    if doc == "purchase":
        rows = selectors_supply.purchase_order_rows(cycle=cycle)
        return exports.export_response(
            subject="采购单", org_name=cycle.supplier.name, filters=filters,
            columns=exports.columns("商品", "规格", "单位", ("单价（元）", exports.MONEY), ("数量", exports.INTEGER),
                                    ("金额（元）", exports.MONEY)),
            rows=[[r["item__product__title"], r["item__product__specification"], r["item__product__unit"],
                   r["unit_price"], r["units"], r["amount"]] for r in rows])
    rows = selectors_supply.delivery_rows(cycle=cycle)
    return exports.export_response(
        subject="配送单", org_name=cycle.supplier.name, filters=filters,
        columns=exports.columns("配送点", "工会", "商品", "单位", ("数量", exports.INTEGER), ("会员人数", exports.INTEGER)),
        rows=[[r["order__delivery_point"], r["order__org__name"], r["item__product__title"], r["item__product__unit"],
               r["units"], r["members"]] for r in rows])


@supplier_required
def settlements(request):
    _suppliers_or_404(request)
    grid = build_grid(
        request, selectors_supply.own_statements(actor=request.user), row_template="market/_supply_statement_row.html",
        default_sort="-id", grid_id="supply-statements",
        columns=[Col(_("Order cycle"), sort="title"), Col(_("Union")), Col(_("Delivery date"), sort="delivery_on"),
                 Col(_("Units to deliver"), align="end"), Col(_("Amount due (yuan)"), align="end"),
                 Col(_("Charged to unions (yuan)"), align="end"), Col(_("Settled (yuan)"), align="end"),
                 Col(_("Settled on"), sort="settled_at"), Col(_("Cycle state"), sort="status")],
        search=("title__icontains",), search_placeholder=_("Order cycle"),
        empty=Empty(_("No statements yet: a statement appears once a union confirms a cycle of your products.")))
    if request.GET.get("export") == "xlsx":
        rows = ([c.title, c.org.name, c.delivery_on, c.units, c.amount, c.charged, c.settled_amount,
                 timezone.localtime(c.settled_at) if c.settled_at else None, c.get_status_display()]
                for c in selectors_supply.for_export(selectors_supply.own_statements(actor=request.user)))
        return exports.export_response(
            subject="结算对账单", org_name=_supplier_names(request),
            columns=exports.columns("团购周期", "组织工会", ("配送日期", exports.DATE), ("应配送数量", exports.INTEGER),
                                    ("应结金额（元）", exports.MONEY), ("工会已扣款（元）", exports.MONEY),
                                    ("已结算（元）", exports.MONEY), ("结算时间", exports.DATETIME), "状态"),
            rows=rows)
    return render(request, "market/supply_settlements.html", {"grid": grid})

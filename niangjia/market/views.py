"""Pages of the market: the worker's flash-sale page (phone) and the staff list of sales with reconciliation."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import exports
from niangjia.core.errors import DomainError
from niangjia.core.grid import Col, Empty, build_grid
from niangjia.core.submissions import submit_once
from niangjia.core.views import member_login_required, staff_required
from niangjia.market import rules, selectors, selectors_group, selectors_suppliers, services


def home(request):
    sales = []
    if request.user.is_authenticated:
        now = timezone.now()
        for sale in selectors.sales_for_member_page(actor=request.user, now=now):
            windows = [(x.starts_at, x.ends_at) for x in sale.sessions.all()]
            sale.window_start, sale.window_end = rules.current_window(windows, now) or (sale.starts_at, sale.ends_at)
            sale.n_sessions = len(windows)
            sale.state = rules.sale_state(starts_at=sale.window_start, ends_at=sale.window_end,
                                          stock_total=sale.stock_total, sold=sale.sold, now=now)
            sales.append(sale)
    photos = selectors_suppliers.first_photos(s.product_id for s in sales)
    for sale in sales:
        sale.photo_id = photos.get(sale.product_id)
    group_orders = selectors_group.open_orders_for_member(user=request.user) if request.user.is_authenticated else []
    orders = selectors.my_recent_orders(user=request.user) if request.user.is_authenticated else []
    return render(request, "market/home.html", {"sales": sales, "group_orders": group_orders, "orders": orders,
                                                "now": timezone.now()})


@member_login_required
@require_POST
def pay(request, order_id: int):
    """Stands in for the payment provider's callback (no provider is integrated yet): the member confirms payment,
    which only flips the order row (outside the stock lock) while it is still pending and not expired."""
    try:
        services.mark_paid(actor=request.user, order_id=order_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Paid. The union will tell you when the goods arrive."))
    return redirect("market:home")


@member_login_required
@require_POST
@submit_once("market.order")
def buy(request, sale_id: int):
    try:
        quantity = int(request.POST.get("quantity") or 1)
    except ValueError:
        quantity = 0
    try:
        order = services.place_order(actor=request.user, sale_id=sale_id, quantity=quantity)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Got it! Please pay within %(minutes)s minutes, or the goods go back on sale.")
                         % {"minutes": order.sale.payment_timeout_minutes})
    return redirect("market:home")


@staff_required
def workbench(request):
    grid = build_grid(
        request, selectors.staff_sales_with_totals(actor=request.user), row_template="market/_sale_row.html",
        default_sort="-id", grid_id="sales",
        columns=[Col(_("No."), sort="id"), Col(_("Product"), sort="product__title"), Col(_("Union")),
                 Col(_("Starts"), sort="starts_at"), Col(_("Ends"), sort="ends_at"),
                 Col(_("Flash price"), align="end"), Col(_("Stock"), align="end"), Col(_("Sold"), sort="sold", align="end"),
                 Col(_("In orders"), align="end"), Col(_("Paid"), align="end"), Col(_("Reconciliation"))],
        search=("product__title__icontains", "=pk"), search_placeholder=_("Product or sale no."),
        empty=Empty(_("No flash sales yet. Staff or a supplier create them through the API.")),
    )
    if request.GET.get("export") == "xlsx":
        return _export_sales(request)
    grid.page.object_list = list(grid.page.object_list)
    for row in grid.page.object_list:
        row.diff = abs(row.sold - row.ordered) + abs(row.member_qty - row.ordered)
    expired = selectors.suppliers_with_expired_certificates(actor=request.user, today=timezone.localdate())[:50]
    return render(request, "market/workbench.html", {"grid": grid, "expired": expired})


def _export_sales(request):
    rows = ([s.pk, s.product.title, s.product.supplier.name, s.org.name, timezone.localtime(s.starts_at),
             timezone.localtime(s.ends_at), s.price, s.stock_total, s.sold, s.ordered, s.paid,
             abs(s.sold - s.ordered) + abs(s.member_qty - s.ordered)]
            for s in selectors.sales_for_export(actor=request.user))
    return exports.export_response(
        subject="限时抢购", org_name=exports.actor_org_name(request.user),
        columns=exports.columns(("编号", exports.INTEGER), "商品", "供应商", "工会", ("开始", exports.DATETIME),
                                ("结束", exports.DATETIME), ("抢购价（元）", exports.MONEY), ("库存", exports.INTEGER),
                                ("已售", exports.INTEGER), ("订单数量", exports.INTEGER), ("已付款", exports.INTEGER),
                                ("对账差异", exports.INTEGER)),
        rows=rows)

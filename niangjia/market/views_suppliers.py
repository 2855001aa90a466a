"""Supplier pages on the workbench: the list (grid, expired certificates marked), Excel import, products and photos."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import exports, scoping
from niangjia.core.errors import DomainError
from niangjia.core.grid import Col, Empty, build_grid
from niangjia.core.spreadsheets import ImportRejected, template_bytes
from niangjia.core.views import role_required, staff_required
from niangjia.market import choices, selectors_suppliers, selectors_welfare, services_suppliers
from niangjia.market.views_common import parse_int

# A supplier login uses the supplier pages too; selectors and services narrow it to its linked supplier.
staff_or_supplier = role_required(scoping.STAFF_ROLES | {"supplier"})


@staff_or_supplier
def suppliers(request):
    grid = build_grid(
        request, selectors_suppliers.suppliers_in_scope(actor=request.user), row_template="market/_supplier_row.html",
        default_sort="name", grid_id="suppliers",
        columns=[Col(_("Supplier"), sort="name"), Col(_("Kind")), Col(_("County"), sort="county"),
                 Col(_("Credit code")), Col(_("Certificate"), sort="certificate_expires"), Col(_("832 platform")),
                 Col(_("Products on sale"), align="end")],
        search=("name__icontains", "county__icontains", "certificate_no__iexact", "uscc__iexact"),
        search_placeholder=_("Name, county, certificate or credit code"),
        empty=Empty(_("No suppliers yet. Import them from Excel.")))
    errors = request.session.pop("market_import_errors", None)
    return render(request, "market/suppliers.html", {
        "grid": grid, "today": timezone.localdate(), "errors": errors,
        "unions": selectors_welfare.unions_for_gauge(actor=request.user)})


@staff_required
def supplier_template(request):
    example = ["山阳县天竹农业合作社", "农民专业合作社", "山阳县", "", "SX-FP-2026-001", "2027-12-31", "是", "王经理",
               "13800000000", "6222020200112233445"]
    return exports.file_response(template_bytes(services_suppliers.HEADERS, example), "扶贫供应商导入模板.xlsx")


@staff_required
@require_POST
def supplier_import(request):
    try:
        n = services_suppliers.import_suppliers(
            actor=request.user, org_id=parse_int(request.POST.get("org"), "工会", default=0),
            upload=request.FILES.get("file"), today=timezone.localdate()) if request.FILES.get("file") else None
    except ImportRejected as exc:
        messages.error(request, exc.message)
        request.session["market_import_errors"] = [{"line": e.line, "reason": e.reason} for e in exc.errors[:200]]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if n is None:
            messages.error(request, _("Please choose an Excel file."))
        else:
            messages.success(request, _("%(n)s suppliers imported.") % {"n": n})
    return redirect("market:suppliers")


@staff_or_supplier
def supplier(request, supplier_id: int):
    s = selectors_suppliers.supplier_for(actor=request.user, supplier_id=supplier_id)
    may_link = selectors_suppliers.may_link_accounts(request.user, s)
    return render(request, "market/supplier.html", {
        "s": s, "today": timezone.localdate(), "statuses": choices.PRODUCT_STATUSES, "may_link": may_link,
        "accounts": selectors_suppliers.supplier_accounts(supplier=s) if may_link else []})


@staff_required
@require_POST
def supplier_account_link(request, supplier_id: int):
    try:
        services_suppliers.link_supplier_account(actor=request.user, supplier_id=supplier_id,
                                                 phone=request.POST.get("phone", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Supplier account linked."))
    return redirect("market:supplier", supplier_id)


@staff_required
@require_POST
def supplier_account_unlink(request, supplier_id: int):
    try:
        services_suppliers.unlink_supplier_account(
            actor=request.user, supplier_id=supplier_id,
            user_id=parse_int(request.POST.get("user"), "账号", default=0))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Supplier account unlinked."))
    return redirect("market:supplier", supplier_id)


@staff_or_supplier
@require_POST
def product_save(request, supplier_id: int):
    try:
        services_suppliers.save_product(
            actor=request.user, supplier_id=supplier_id,
            product_id=parse_int(request.POST.get("product"), "商品", default=0) or None,
            title=request.POST.get("title", ""), unit=request.POST.get("unit", ""),
            specification=request.POST.get("specification", ""), origin_county=request.POST.get("origin_county", ""),
            price=request.POST.get("price", ""), stock=request.POST.get("stock", ""),
            status=request.POST.get("status", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Product saved."))
    return redirect("market:supplier", supplier_id)


@staff_or_supplier
@require_POST
def product_photos(request, supplier_id: int, product_id: int):
    try:
        services_suppliers.add_product_photos(actor=request.user, product_id=product_id,
                                              files=request.FILES.getlist("photos"))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Photos uploaded."))
    return redirect("market:supplier", supplier_id)


def photo(request, photo_id: int):
    """Product photos are shown to whoever may see the product (members on the phone page, staff)."""
    from django.http import Http404

    if not request.user.is_authenticated:
        raise Http404
    try:
        p = selectors_suppliers.photo_for(actor=request.user, photo_id=photo_id)
    except DomainError:
        raise Http404 from None
    response = FileResponse(p.attachment.file.open("rb"), content_type=p.attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response

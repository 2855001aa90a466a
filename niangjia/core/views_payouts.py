"""Payout pages: batches (prepare → release by a second person → bank file → bank results →
reconciliation) and the worker's own payee account. Thin: parse, call a service or selector, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import bulk, exports, pii, spreadsheets
from niangjia.core.errors import DomainError
from niangjia.core.grid import BulkAction, Col, Empty, Filter, build_grid
from niangjia.core.payouts import accounts, batches
from niangjia.core.payouts import selectors as payout_selectors
from niangjia.core.spreadsheets import ImportRejected
from niangjia.core.views import member_login_required, staff_required


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


@staff_required
def payouts(request):
    source, status = request.GET.get("source", ""), request.GET.get("status", "")
    sources = payout_selectors.sources_for_choice()
    grid = build_grid(
        request, payout_selectors.batches_visible_to(actor=request.user, source=source, status=status),
        row_template="core/payouts/_batch_row.html", grid_id="batches",
        columns=[Col(_("No."), sort="id"), Col(_("Batch"), sort="title"), Col(_("Union"), sort="org__name", key="org"),
                 Col(_("People"), sort="count", align="end"), Col(_("Total"), sort="total", align="end"),
                 Col(_("Status"), sort="status"), Col(_("Prepared by")), Col(_("Released by")),
                 Col(_("Prepared on"), sort="created_at", key="created")],
        search=("title__contains", "org__name__contains", "=pk"),
        search_placeholder=_("Batch name, union or batch no."),
        filters=[Filter("source", _("Kind of payment"), sources),
                 Filter("status", _("Status"), payout_selectors.batch_status_choices())],
        empty=Empty(_("No payout batch yet. Choose the kind of payment and the paying union above, then preview "
                      "a new batch.")),
    )
    return render(request, "core/payouts/list.html", {
        "grid": grid, "source": source, "sources": sources,
        "orgs": payout_selectors.orgs_for_payouts(actor=request.user)})


@staff_required
def payout_new(request):
    """Step 1 shows count, total, source budget and the rows left out; step 2 needs the explicit confirmation."""
    data = request.POST if request.method == "POST" else request.GET
    source, org_id = data.get("source", ""), _int(data.get("org"))
    if request.method == "POST":
        if data.get("confirm") != "yes":
            messages.error(request, "请先勾选“我已核对人数、金额和资金来源”再生成批次。")
        else:
            try:
                batch, refused = batches.create_batch(
                    actor=request.user, source_key=source, org_id=org_id, confirm_count=data.get("count"),
                    confirm_total=data.get("total"), layout_id=_int(data.get("layout")) or None)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Batch prepared. Another approver must release it."))
                if refused:
                    messages.warning(request, f"另有 {len(refused)} 笔因收款账户问题未编入本批次，见生成前的清单。")
                return redirect("core:payout", batch.pk)
    try:
        preview = batches.preview_batch(actor=request.user, source_key=source, org_id=org_id)
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
        return redirect("core:payouts")
    return render(request, "core/payouts/new.html", {"p": preview, "layouts": payout_selectors.layouts()})


@staff_required
def payout(request, batch_id: int):
    batch = payout_selectors.access_batch_by_id(actor=request.user, batch_id=batch_id)
    can = payout_selectors.actions_for(actor=request.user, batch=batch)
    bulk_url = reverse("core:payout_rows_bulk", args=[batch.pk])
    grid = build_grid(
        request, payout_selectors.rows_of(batch, status=request.GET.get("status", "")),
        row_template="core/payouts/_payout_row.html", grid_id="rows", default_sort="seq",
        columns=[Col("序号", sort="seq"), Col("户名", sort="holder", key="holder"), Col("账号"), Col("开户行"),
                 Col("金额", sort="amount", align="end"), Col("用途"), Col("备注"), Col(_("Status"), sort="status")],
        search=("holder__startswith", "account_tail", "purpose__contains", "=seq"),
        search_placeholder=_("Payee name, last 4 digits of the account, purpose or row no."),
        filters=[Filter("status", _("Status"), payout_selectors.row_status_choices())],
        bulk_actions=[BulkAction("paid", _("Mark selected as paid"), bulk_url, "success"),
                      BulkAction("returned", _("Mark selected as returned"), bulk_url, "danger")] if can.settle else [],
        empty=Empty(_("This batch has no payments.")),
    )
    return render(request, "core/payouts/detail.html", {
        "b": batch, "grid": grid, "rec": payout_selectors.reconciliation(batch), "can": can})


@staff_required
@require_POST
def payout_rows_bulk(request, batch_id: int):
    """Bank results by hand for several rows: the confirmation shows the count and the total, then each row goes
    through the single-row service (a returned row needs the bank's reason)."""
    batch = payout_selectors.access_batch_by_id(actor=request.user, batch_id=batch_id)
    return bulk.handle(
        request, title=_("Record bank results by hand"),
        actions={"paid": _("mark as paid"), "returned": _("mark as returned")}, reason_required={"returned"},
        fallback_url=reverse("core:payout", args=[batch.pk]),
        load=lambda ids: [bulk.Item(r.pk, f"序号 {r.seq} · {pii.mask_name(r.holder)}", r.amount)
                          for r in payout_selectors.rows_of(batch, status="pending", ids=ids)],
        run=lambda action, pk, reason: batches.mark_rows(actor=request.user, batch_id=batch.pk, row_ids=[pk],
                                                         paid=action == "paid", reason=reason))


@staff_required
@require_POST
def payout_action(request, batch_id: int):
    p = request.POST
    action = p.get("action")
    try:
        if action == "release":
            if p.get("confirm") != "yes":
                messages.error(request, "请先勾选确认人数、金额和资金来源。")
                return redirect("core:payout", batch_id)
            batches.release_batch(actor=request.user, batch_id=batch_id, confirm_count=p.get("count"),
                                  confirm_total=p.get("total"))
            messages.success(request, _("Released. The bank file can now be exported."))
        elif action in ("paid", "returned"):
            batches.mark_rows(actor=request.user, batch_id=batch_id, row_ids=[_int(i) for i in p.getlist("row")],
                              paid=action == "paid", reason=p.get("reason", ""))
            messages.success(request, _("Saved."))
        elif action == "import":
            result = batches.import_results(actor=request.user, batch_id=batch_id, upload=request.FILES.get("file"))
            messages.success(request, f"已导入银行结果：支付成功 {result.paid} 笔，退票 {result.returned} 笔。")
        else:
            messages.error(request, "请求不正确。")
    except ImportRejected as exc:
        spreadsheets.rejected(request, request.FILES.get("file"), exc)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("core:payout", batch_id)


RESULT_TEMPLATE = [
    spreadsheets.TemplateColumn("序号", "银行文件中的序号", required=True, example="1"),
    spreadsheets.TemplateColumn("结果", "成功，或 失败/退票", required=True, choices=("成功", "失败", "退票"),
                                example="成功"),
    spreadsheets.TemplateColumn("失败原因", "失败或退票时填写银行给出的原因", example=""),
    spreadsheets.TemplateColumn("金额", "元；填写时须与批次中的金额一致", example="500.00"),
    spreadsheets.TemplateColumn("账号", "收款账号；填写时末 4 位须与批次一致", text=True, example=""),
]


@staff_required
def payout_result_template(request):
    """For a bank that returns results by letter or screen rather than a file: staff type them into this."""
    return spreadsheets.template_response("银行结果", RESULT_TEMPLATE, notes=[
        "银行返回的结果文件可直接上传；银行没有文件时，可把结果逐行填进本模板后上传。"])


@staff_required
def payout_file(request, batch_id: int, fmt: str):
    try:
        filename, data, content_type = batches.export_batch(actor=request.user, batch_id=batch_id, fmt=fmt)
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
        return redirect("core:payout", batch_id)
    return exports.file_response(data, filename, content_type)


@staff_required
def payout_reconciliation(request, batch_id: int):
    batch = payout_selectors.access_batch_by_id(actor=request.user, batch_id=batch_id)
    rec = payout_selectors.reconciliation(batch)
    rows = [[line.label, line.count, line.total] for line in rec.lines()]
    rows.append(["核对结果", "", "相符" if rec.balanced else "不相符"])
    return exports.export_response(
        subject=f"发放批次{batch.pk}对账", org=batch.org, filters={"批次": batch.title, "资金来源": batch.budget},
        columns=[exports.Column("项目"), exports.Column("笔数", exports.INTEGER), exports.Column("金额（元）", exports.MONEY)],
        rows=rows)


# --- the worker's own payee account ----------------------------------------------------------------


@member_login_required
def my_payee(request):
    errors = []
    if request.method == "POST":
        p = request.POST
        try:
            if p.get("action") == "confirm":
                accounts.confirm_own_account(actor=request.user)
            else:
                accounts.save_own_account(actor=request.user, holder=p.get("holder", ""),
                                          account_number=p.get("account_number", ""),
                                          bank_name=p.get("bank_name", ""), branch=p.get("branch", ""))
        except DomainError as exc:
            errors.append(exc.message)
        else:
            messages.success(request, _("Your payee account is saved."))
            return redirect(reverse("core:my_payee"))
    account = accounts.own_account(request.user)
    return render(request, "core/payouts/my_payee.html", {
        "account": account, "masked": pii.mask_bank_account(account.account_number) if account else "",
        "errors": errors, "form": request.POST if errors else {}}, status=422 if errors else 200)



"""Bulk actions over selected grid rows: confirm (count and total) first, then run the single-item service once
per row, so every row gets the same checks, transaction and audit event as the single action.

    @require_POST
    @staff_required
    def applications_bulk(request):
        return bulk.handle(
            request, title="批量审批帮扶申请", actions={"approve": "通过", "reject": "退回"},
            load=lambda ids: [bulk.Item(a.pk, f"{a.household.head_name}（{a.get_kind_display()}）", a.quoted_amount)
                              for a in selectors.applications_for_bulk(actor=request.user, ids=ids)],
            run=lambda action, pk, reason: services.decide(actor=request.user, application_id=pk,
                                                           approve=action == "approve", reason=reason),
            reason_required={"reject"})

Rows the actor may not see are dropped by the loader (the selector is scoped), so a forged id changes nothing.
A row refused by the service is reported with its Chinese reason; the other rows still go through.

Export selected (`export=Export(...)`): a bulk action named "export" whose confirmation shows the count and the
total like the others; confirmed, the selected rows (loaded again by the app's scoped selector, so a guessed id
of another union is left out) go out through the one Excel helper (`core.exports`: numeric money, escaped text,
audited as a download).

Money approvals (`evidence=Evidence(...)` for the actions in `evidence.actions`): the confirmation page shows
every selected item with its evidence (the app's template, one block per item) and carries a signed receipt of
what was shown (`core.evidence`); the confirmed POST runs only with a receipt covering every item, so a bulk
approval can never be recorded without the approver having had the evidence in front of them.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from niangjia.core import evidence as evidence_seen
from niangjia.core import exports
from niangjia.core.errors import DomainError

MAX_ITEMS = 200


@dataclass(frozen=True)
class Evidence:
    """Which actions need the evidence on the confirmation page, and how to show it: `load(ids)` returns one
    object per item in scope (passed to `template` as `f`), `kind` names the items in the receipt."""

    actions: frozenset
    kind: str
    template: str
    load: Callable[[list[int]], list]


EXPORT = "export"


@dataclass(frozen=True)
class Export:
    """`load(ids)` gives the confirmation's items (any status: exporting changes nothing); `rows(ids)` the sheet's
    rows for `columns` (core.exports.columns), both through the app's scoped selectors."""

    subject: str
    columns: list
    load: Callable[[list[int]], Iterable["Item"]]
    rows: Callable[[list[int]], Iterable[Sequence]]
    sheet_name: str | None = None

    @property
    def title(self) -> str:
        return f"导出所选{self.subject}"


@dataclass(frozen=True)
class Item:
    pk: int
    label: str
    amount: Decimal | None = None


def selected_ids(post) -> list[int]:
    ids = []
    for value in post.getlist("ids"):
        if value.isdigit() and len(value) < 12:
            ids.append(int(value))
    return sorted(set(ids))[:MAX_ITEMS]


def _next(request, fallback: str) -> str:
    target = request.POST.get("next") or fallback
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def handle(
    request,
    *,
    title: str,
    actions: dict[str, str],
    load: Callable[[list[int]], Iterable[Item]],
    run: Callable[[str, int, str], object],
    reason_required: Iterable[str] = (),
    fallback_url: str = "/workbench/",
    evidence: Evidence | None = None,
    budget: str = "",
    pick: dict[str, tuple[str, list[tuple[str, str]]]] | None = None,
    export: Export | None = None,
):
    """POST ids + bulk=<action>: the confirmation page; POST again with confirm=1: run and report.

    `pick={"assign": ("指派给", [(value, label), ...])}`: the confirmation asks for one choice for every row (e.g.
    the handler to assign) and `run` receives the chosen value in place of the reason."""
    if export is not None:
        actions = {**actions, EXPORT: _("export")}
    action = request.POST.get("bulk", "")
    if action not in actions:
        return HttpResponseBadRequest("未知的批量操作。")
    back = _next(request, fallback_url)
    exporting = export is not None and action == EXPORT
    asked = selected_ids(request.POST)
    items = list((export.load if exporting else load)(asked))
    # The loader drops ids outside the actor's scope or not in a state the action applies to; say how many.
    skipped = len(asked) - len(items)
    skipped_note = f"另有 {skipped} 项不在您的权限范围内或当前状态不能{actions[action]}，已跳过。" if skipped else ""
    if not items:
        messages.error(request, "所选记录都不在您的权限范围内或当前状态不能处理。" if asked else "请先勾选要处理的记录。")
        return redirect(back)
    reason = request.POST.get("reason", "").strip()
    needs_reason = action in set(reason_required)
    shows_evidence = evidence is not None and action in evidence.actions
    ids = [i.pk for i in items]
    picking = (pick or {}).get(action)
    picked = request.POST.get("pick", "")
    if request.POST.get("confirm") == "1" and exporting:
        return exports.export_response(
            subject=export.subject, sheet_name=export.sheet_name, columns=export.columns, rows=list(export.rows(ids)),
            org_name=exports.actor_org_name(request.user), filters=f"所选 {len(ids)} 项")
    if request.POST.get("confirm") == "1":
        if picking and picked not in {str(v) for v, _label in picking[1]}:
            messages.error(request, f"请选择{picking[0]}。")
        elif needs_reason and not reason:
            messages.error(request, "请填写理由。")
        elif shows_evidence and not evidence_seen.was_seen(request.user, request.POST.get("evidence"),
                                                            evidence.kind, ids):
            messages.error(request, evidence_seen.NOT_SEEN)
        else:
            done, refused = 0, []
            for item in items:
                try:
                    run(action, item.pk, picked if picking else reason)
                    done += 1
                except DomainError as exc:
                    refused.append(f"{item.label}：{exc.message}")
            if done:
                messages.success(request, f"已{actions[action]} {done} 项。")
            if refused:
                messages.error(request, f"{len(refused)} 项未处理：" + "；".join(refused))
            if skipped_note:
                messages.warning(request, skipped_note)
            return redirect(back)
    amounts = [i.amount for i in items if i.amount is not None]
    return render(request, "core/bulk_confirm.html", {
        "title": export.title if exporting else title, "action": action, "action_label": actions[action],
        "items": items, "count": len(items), "skipped_note": skipped_note,
        "total": sum(amounts, Decimal("0")) if amounts else None, "needs_reason": needs_reason, "reason": reason,
        "next": back, "budget": "" if exporting else budget, "exporting": exporting,
        "pick_label": picking[0] if picking else "",
        "pick_options": picking[1] if picking else [], "picked": picked,
        "evidence_items": evidence.load(ids) if shows_evidence else None,
        "evidence_template": evidence.template if shows_evidence else "",
        "evidence_token": evidence_seen.seen_token(request.user, evidence.kind, ids) if shows_evidence else "",
    })

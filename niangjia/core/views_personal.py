"""我的个人信息: a member sees and downloads what the platform holds about them (个人信息保护法 第四十五条),
including who has viewed their unmasked ID or mobile number."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import audit, choices, exports, pii, purposes, selectors
from niangjia.core.payouts import accounts
from niangjia.core.submissions import submit_once
from niangjia.core.views import member_login_required, staff_required


@member_login_required
def personal_data(request):
    return render(request, "core/personal_data.html", {
        **selectors.my_personal_data(request.user), "corrections": selectors.my_corrections(request.user),
        "correction_fields": choices.correction_fields(), "purposes": purposes.all_purposes(),
        "payee": accounts.payee_summary(request.user)})


@member_login_required
def personal_data_export(request):
    """The worker's own copy, unmasked (it is theirs); the download itself is audited without the values."""
    data = selectors.my_personal_data(request.user)
    user = data["user"]
    rows = [
        ("个人资料", "姓名", user.real_name or user.display_name),
        ("个人资料", "手机号", user.phone),
        ("个人资料", "身份证号", user.id_number or "未实名认证"),
        ("个人资料", "实名认证时间", timezone.localtime(user.verified_at).strftime("%Y-%m-%d %H:%M")
         if user.verified_at else ""),
    ]
    for m in data["memberships"]:
        rows.append(("会籍", m.org.name, f"会员编号 {m.member_no} · {m.get_status_display()} · 入会 {m.join_date}"))
    for item in data["business"]:
        rows.append(("我的办事", f"{item.kind} {item.number}", f"{item.title} · {item.stage}"))
    for msg in data["inbox"]:
        rows.append(("消息", timezone.localtime(msg.created_at).strftime("%Y-%m-%d %H:%M"), msg.title))
    for p in purposes.all_purposes():
        rows.append(("用途与依据", p.record, f"信息：{p.data}；用途：{p.purpose}；依据：{p.basis}；"
                                             f"{'提供给：' + p.shared_with + '；' if p.shared_with else ''}保存：{p.retention_text}"))
    for event in data["reveals"]:
        who = event.actor.name if event.actor else ""
        rows.append(("谁查看过我的完整信息", timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M"),
                     f"{who}（{event.org.name if event.org else ''}）查看 {event.summary.get('field', '')}"))
    audit.record(request.user, "pii.self_export", user, summary={"rows": len(rows), "phone": pii.mask_phone(user.phone)})
    return exports.export_response(subject="我的个人信息", columns=["类别", "项目", "内容"], rows=rows,
                                   org_name=user.real_name or "本人", audited=True)


@member_login_required
def close_account(request):
    """注销账号: shows what will be deleted and what the union must keep (with periods), then re-checks identity."""
    from django.contrib import messages
    from django.contrib.auth import logout
    from django.shortcuts import redirect

    from niangjia.core.errors import DomainError
    from niangjia.core.services import account_closure

    error = ""
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            kept = account_closure.close_account(actor=request.user, password=request.POST.get("password", ""))
        except DomainError as exc:
            error = exc.message
        else:
            logout(request)
            request.session["closed_kept"] = kept
            messages.info(request, _("Your account is closed and your personal information deleted."))
            return redirect("core:account_closed")
    return render(request, "core/close_account.html", {
        "kept": account_closure.kept_records(request.user), "error": error}, status=422 if error else 200)


def account_closed(request):
    return render(request, "core/account_closed.html", {"kept": request.session.pop("closed_kept", [])})


@require_POST
@member_login_required
@submit_once("core.correction")
def correction_request(request):
    from django.contrib import messages
    from django.shortcuts import redirect

    from niangjia.core.errors import DomainError
    from niangjia.core.services import corrections

    try:
        corrections.request_correction(actor=request.user, field=request.POST.get("field", ""),
                                       value=request.POST.get("value", ""), reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sent. Your union will correct it and send you a message."))
    return redirect("core:personal_data")


@staff_required
def correction_queue(request):
    from django.contrib import messages
    from django.shortcuts import redirect

    from niangjia.core.errors import DomainError
    from niangjia.core.services import corrections

    if request.method == "POST":
        try:
            corrections.decide_correction(actor=request.user, request_id=int(request.POST.get("id") or 0),
                                          corrected=request.POST.get("action") == "done",
                                          note=request.POST.get("note", ""))
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("Please choose a request.")))
        else:
            messages.success(request, _("Done."))
        return redirect("core:corrections")
    rows = [(c, corrections.masked_value(c)) for c in selectors.pending_corrections_for(actor=request.user)[:100]]
    return render(request, "core/corrections.html", {"rows": rows})

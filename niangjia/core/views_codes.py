"""Pages that use an SMS code: 忘记密码 (reset the password) and 验证码登录 (log in without a password).

Each page is one form with two buttons: 获取验证码 (`action=send`) and the page's own action, so that it works
without JavaScript on any phone.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from niangjia.core import scoping
from niangjia.core.errors import DomainError
from niangjia.core.forms import PasswordResetForm, PhoneCodeForm
from niangjia.core.services import phone_codes

BACKEND = "niangjia.core.auth.PhonePasswordBackend"


def send_code(request, form, *, purpose: str) -> bool:
    """Ask for a code for the form's phone; errors go on the form. True when the code (may have) gone out."""
    phone = request.POST.get("phone", "")
    try:
        text = phone_codes.request_code(request=request, phone=phone, purpose=purpose)
    except DomainError as exc:
        form.is_valid()  # bind the other fields so the page keeps what was typed
        form.errors.clear()
        form.add_error(None, exc.message)
        return False
    messages.info(request, text)
    return True


def password_reset(request):
    form = PasswordResetForm(request.POST or None)
    code_sent = False
    if request.method == "POST":
        if request.POST.get("action") == "send":
            code_sent = send_code(request, form, purpose="reset")
        elif form.is_valid():
            code_sent = True
            if not form.cleaned_data.get("new_password"):
                form.add_error("new_password", _("Please enter a new password."))
            else:
                try:
                    phone_codes.reset_password(phone=form.cleaned_data["phone"], code=form.cleaned_data["code"],
                                               new_password=form.cleaned_data["new_password"])
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, _("Your password has been reset. Log in with the new password."))
                    return redirect("core:login")
    return render(request, "core/password_reset.html", {"form": form, "code_sent": code_sent})


def code_login(request):
    form = PhoneCodeForm(request.POST or None)
    code_sent = False
    if request.method == "POST":
        if request.POST.get("action") == "send":
            code_sent = send_code(request, form, purpose="login")
        elif form.is_valid():
            code_sent = True
            try:
                user = phone_codes.login_with_code(phone=form.cleaned_data["phone"], code=form.cleaned_data["code"])
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                login(request, user, backend=BACKEND)
                return redirect(reverse("core:workbench") if scoping.has_role(user) else reverse("core:home"))
    return render(request, "core/code_login.html", {"form": form, "code_sent": code_sent})

"""Log in with a mobile number and password; repeated failures from one client lock that client out.

Failures are counted per (number, client address): see services/login_throttle.py for why.
"""

from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import PermissionDenied

from niangjia.core.context import client_ip, request_ip
from niangjia.core.models import User
from niangjia.core.services import login_throttle
from niangjia.core.validators import normalise_mobile


def _ip(request) -> str | None:
    return (request_ip(request) if request is not None else None) or client_ip.get()


class PhonePasswordBackend(BaseBackend):
    def authenticate(self, request, phone: str | None = None, password: str | None = None, username=None, **kw):
        phone = normalise_mobile(phone or username or "")
        if not phone or not password:
            return None
        ip = _ip(request)
        if login_throttle.locked_until(phone=phone, ip=ip):
            # No password check while locked, for a registered number or not: same answer, same time.
            raise PermissionDenied("locked")
        try:
            user = User.objects.get_by_phone(phone)
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check, so timing does not reveal accounts
            login_throttle.record_failure(phone=phone, ip=ip, user=None)
            return None
        if not user.check_password(password) or not user.is_active:
            login_throttle.record_failure(phone=phone, ip=ip, user=user)
            return None
        login_throttle.record_success(phone=phone, ip=ip)
        return user

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id, is_active=True).first()

    def has_perm(self, user_obj, perm, obj=None):
        # The Django admin is for superusers only; role-based access lives in core.scoping.
        return bool(user_obj.is_active and user_obj.is_superuser)

    def has_module_perms(self, user_obj, app_label):
        return bool(user_obj.is_active and user_obj.is_superuser)

"""Log in with a mobile number and password; repeated failures lock the account for a while."""

from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from niangjia.core.models import User
from niangjia.core.services import accounts


class PhonePasswordBackend(BaseBackend):
    def authenticate(self, request, phone: str | None = None, password: str | None = None, username=None, **kw):
        phone = phone or username
        if not phone or not password:
            return None
        try:
            user = User.objects.get_by_phone(phone.strip())
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check, so timing does not reveal accounts
            return None
        if user.locked_until and user.locked_until > timezone.now():
            raise PermissionDenied("locked")
        if not user.check_password(password) or not user.is_active:
            accounts.register_login_failure(user)
            return None
        accounts.register_login_success(user)
        return user

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id, is_active=True).first()

    def has_perm(self, user_obj, perm, obj=None):
        # The Django admin is for superusers only; role-based access lives in core.scoping.
        return bool(user_obj.is_active and user_obj.is_superuser)

    def has_module_perms(self, user_obj, app_label):
        return bool(user_obj.is_active and user_obj.is_superuser)

"""Accounts: registration, identity verification (实名认证), login lock, unmasked reads."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, pii, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Member, User
from niangjia.core.validators import validate_id_number, validate_mobile


def _first_message(exc: ValidationError) -> str:
    return exc.messages[0]


def _check_password_rules(password: str, user: User) -> None:
    """Django's validators (settings.AUTH_PASSWORD_VALIDATORS): common passwords such as `password` or
    `aaaaaaaa`, and passwords too close to the mobile number or name, are refused."""
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Invalid("；".join(exc.messages), code="account.password") from None


@transaction.atomic
def register_user(*, phone: str, password: str, display_name: str = "") -> User:
    try:
        phone = validate_mobile(phone)
    except ValidationError as exc:
        raise Invalid(_first_message(exc), code="account.phone") from None
    if len(password or "") < 8 or password.isdigit():
        raise Invalid("密码至少 8 位，且不能全是数字。", code="account.password")
    _check_password_rules(password, User(phone=phone, display_name=display_name.strip()[:60]))
    index = pii.blind_index(phone, purpose="phone")
    if User.objects.filter(phone_index=index).exists():
        raise Conflict("这个手机号已经注册过了，请直接登录。", code="account.phone_taken")
    try:
        with transaction.atomic():
            user = User.objects.create_user(phone, password, display_name=display_name.strip()[:60])
    except IntegrityError:
        raise Conflict("这个手机号已经注册过了，请直接登录。", code="account.phone_taken") from None
    audit.record(user, "account.register", user, summary={"phone": pii.mask_phone(phone)})
    return user


@transaction.atomic
def verify_identity(*, actor: User, real_name: str, id_number: str, today: dt.date | None = None) -> User:
    real_name = (real_name or "").strip()
    if not (2 <= len(real_name) <= 30) or any(ch.isdigit() for ch in real_name):
        raise Invalid("请填写身份证上的真实姓名（2–30 个字，不含数字）。", code="account.real_name")
    try:
        id_number = validate_id_number(id_number, today=today or timezone.localdate())
    except ValidationError as exc:
        raise Invalid(_first_message(exc), code="account.id_number") from None
    user = User.objects.select_for_update().get(pk=actor.pk)
    if user.verified_at:
        raise Conflict("您已经完成实名认证，无需重复认证。", code="account.already_verified")
    index = pii.blind_index(id_number, purpose="id")
    if User.objects.filter(id_index=index).exclude(pk=user.pk).exists():
        raise Conflict(
            "这个身份证号已经被另一个账号认证过。如果那不是您本人，请联系所在工会处理。",
            code="account.id_taken",
        )
    user.real_name = real_name
    user.id_number = id_number
    user.id_index = index
    user.verified_at = timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["real_name", "id_number", "id_index", "verified_at"])
    except IntegrityError:
        raise Conflict("这个身份证号已经被另一个账号认证过。", code="account.id_taken") from None
    for field in ("real_name", "id_number", "id_index", "verified_at"):
        setattr(actor, field, getattr(user, field))
    # A worker already on a union's roster (imported by staff) is linked to their account here.
    linked = Member.objects.filter(id_index=index, status=Member.Status.ACTIVE, user__isnull=True).update(user=user)
    audit.record(
        user,
        "account.verify_identity",
        user,
        summary={"id_number": pii.mask_id_number(id_number), "linked_memberships": linked},
    )
    return user


@transaction.atomic
def unlock_account(*, actor: User, user_id: int) -> None:
    """An admin lifts a login lock early, for an account that belongs to a union in their scope."""
    from niangjia.core import selectors

    if not scoping.has_role(actor, scoping.ADMIN_ROLES):
        raise NotFound("未找到该用户。")
    user = selectors.access_account_by_id(actor=actor, user_id=user_id)
    from niangjia.core.services import login_throttle

    login_throttle.clear_for_user(user)
    audit.record(actor, "account.unlock", object_type="core.user", object_id=user.pk,
                 summary={"was_locked_until": user.locked_until.isoformat() if user.locked_until else None})


REVEALABLE = {"id_number", "phone"}


@transaction.atomic
def reveal_member_field(*, actor: User, member_id: int, field: str) -> str:
    """Show one unmasked value to a role that needs it, and write the audit event that says so."""
    from niangjia.core import selectors

    if field not in REVEALABLE:
        raise Invalid("不支持查看该字段。", code="pii.field")
    member = selectors.access_member_by_id(actor=actor, member_id=member_id)
    if not scoping.may_unmask(actor, member.org):
        raise NotFound("未找到该记录，或您无权查看。")
    audit.record(actor, "pii.reveal", member, summary={"field": field})
    return getattr(member, field)


@transaction.atomic
def change_password(*, actor: User, old: str, new: str) -> None:
    """Change one's own password: the current one is checked, the new one meets the site's password rules."""
    from django.contrib.auth.password_validation import validate_password

    user = User.objects.select_for_update().get(pk=actor.pk)
    if not user.check_password(old or ""):
        raise Invalid("当前密码不正确。", code="account.wrong_password")
    if len(new or "") < 8 or new.isdigit():
        raise Invalid("新密码至少 8 位，且不能全是数字。", code="account.password")
    try:
        validate_password(new, user)
    except ValidationError as exc:
        raise Invalid("；".join(exc.messages), code="account.password") from None
    user.set_password(new)
    user.save(update_fields=["password"])
    actor.password = user.password
    audit.record(actor, "account.password_change", user, summary={})


def set_elder_mode(*, actor: User, on: bool) -> None:
    """长辈模式 is a display preference of the account (not audited: it changes nothing of anyone's data)."""
    User.objects.filter(pk=actor.pk).update(elder_mode=bool(on))
    actor.elder_mode = bool(on)

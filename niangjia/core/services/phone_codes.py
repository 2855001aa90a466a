"""SMS codes: verify a phone at registration, recover a password, log in without one.

A code is 6 random digits, lives `NIANGJIA_SMS_CODE_MINUTES` (5) minutes and allows 5 tries; only a keyed hash
is stored. Sending is throttled per number (one a minute, five an hour) and per client address, through the
shared cache (core.throttling) so that several app servers count together.

No answer tells a stranger whether a number is registered: asking for a recovery or login code for an unknown
number says the same as for a known one and sends nothing.
"""

import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from niangjia.core import audit, notifications, pii, throttling
from niangjia.core.errors import Invalid, Throttled
from niangjia.core.models import PhoneCode, User
from niangjia.core.validators import validate_mobile

MAX_TRIES = 5
SENT = "验证码已发送，5 分钟内有效。如果没有收到，请 1 分钟后再试。"
GONE = "验证码不正确或已过期，请重新获取。"


def _minutes() -> int:
    return getattr(settings, "NIANGJIA_SMS_CODE_MINUTES", 5)


def _phone(phone: str) -> str:
    try:
        return validate_mobile((phone or "").strip())
    except ValidationError as exc:
        raise Invalid(exc.messages[0], code="account.phone") from None


def _hash(phone_index: str, code: str) -> str:
    return salted_hmac("niangjia.phone-code", f"{phone_index}:{code}", algorithm="sha256").hexdigest()


def request_code(*, request, phone: str, purpose: str) -> str:
    """Send a code by SMS (when the number may receive one) and return the message to show."""
    phone = _phone(phone)
    index = pii.blind_index(phone, purpose="phone")
    if not (throttling.hit(request, "sms_phone", ident=index) and throttling.hit(request, "sms_phone_hour", ident=index)
            and throttling.hit(request, "sms_client")):
        raise Throttled("获取验证码太频繁了，请稍后再试。", code="account.code_throttled")
    registered = User.objects.filter(phone_index=index, is_active=True).exists()
    if purpose == PhoneCode.Purpose.REGISTER and registered:
        raise Invalid("这个手机号已经注册过了，请直接登录；忘记密码可以用验证码找回。", code="account.phone_taken")
    if purpose != PhoneCode.Purpose.REGISTER and not registered:
        return SENT  # the same answer as for a registered number, and nothing is sent
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = timezone.now()
    with transaction.atomic():
        PhoneCode.objects.filter(phone_index=index, purpose=purpose, used_at__isnull=True).update(used_at=now)
        PhoneCode.objects.create(phone_index=index, purpose=purpose, code_hash=_hash(index, code),
                                 expires_at=now + timezone.timedelta(minutes=_minutes()))
        notifications.send_sms(phone, f"【娘家网上工会】验证码 {code}，{_minutes()} 分钟内有效。请勿告诉他人。")
    return SENT


def consume_code(*, phone: str, purpose: str, code: str) -> str:
    """Check and use up a code; returns the normalised phone. A wrong code costs one of the 5 tries.

    Runs in its own transaction, before the use case it guards, so that a wrong try is counted even though the
    use case is then refused.
    """
    phone = _phone(phone)
    index = pii.blind_index(phone, purpose="phone")
    code = (code or "").strip()
    refusal = None
    with transaction.atomic():  # the refusal is raised after this block, so a wrong try stays counted
        row = (PhoneCode.objects.select_for_update()
               .filter(phone_index=index, purpose=purpose, used_at__isnull=True, expires_at__gt=timezone.now())
               .order_by("-created_at").first())
        if row is None or row.attempts >= MAX_TRIES:
            refusal = Invalid(GONE, code="account.code_invalid")
        elif not (len(code) == 6 and code.isdigit() and hmac.compare_digest(row.code_hash, _hash(index, code))):
            row.attempts += 1
            if row.attempts >= MAX_TRIES:
                row.used_at = timezone.now()
            row.save(update_fields=["attempts", "used_at"])
            left = MAX_TRIES - row.attempts
            refusal = Invalid(f"验证码不正确，还可以再试 {left} 次。" if left else "验证码错误次数过多，请重新获取。",
                              code="account.code_wrong")
        else:
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
    if refusal is not None:
        raise refusal
    return phone


def register_with_code(*, phone: str, code: str, password: str, display_name: str = "") -> User:
    from niangjia.core.services import accounts

    phone = consume_code(phone=phone, purpose=PhoneCode.Purpose.REGISTER, code=code)
    with transaction.atomic():
        user = accounts.register_user(phone=phone, password=password, display_name=display_name)
        User.objects.filter(pk=user.pk).update(phone_verified_at=timezone.now())
    return user


def reset_password(*, phone: str, code: str, new_password: str) -> User:
    from django.contrib.auth.password_validation import validate_password

    if len(new_password or "") < 8 or new_password.isdigit():
        raise Invalid("新密码至少 8 位，且不能全是数字。", code="account.password")
    phone = consume_code(phone=phone, purpose=PhoneCode.Purpose.RESET, code=code)
    with transaction.atomic():
        user = User.objects.select_for_update().get(phone_index=pii.blind_index(phone, purpose="phone"))
        try:
            validate_password(new_password, user)
        except ValidationError as exc:
            raise Invalid("；".join(exc.messages), code="account.password") from None
        user.set_password(new_password)
        # The code proves the owner: the lock that wrong passwords set is lifted with the reset.
        user.failed_logins = 0
        user.locked_until = None
        user.phone_verified_at = user.phone_verified_at or timezone.now()
        user.save(update_fields=["password", "failed_logins", "locked_until", "phone_verified_at"])
        from niangjia.core.services import login_throttle

        login_throttle.clear_for_user(user)
        audit.record(user, "account.password_reset", user, summary={"by": "sms"})
    return user


def login_with_code(*, phone: str, code: str) -> User:
    phone = consume_code(phone=phone, purpose=PhoneCode.Purpose.LOGIN, code=code)
    user = User.objects.filter(phone_index=pii.blind_index(phone, purpose="phone"), is_active=True).first()
    if user is None:
        raise Invalid(GONE, code="account.code_invalid")
    audit.record(user, "account.login_code", user, summary={})
    return user

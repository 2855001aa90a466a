"""API bearer tokens: log in for a token, list and revoke them (the user, or an admin in scope).

Only the SHA-256 digest of a token is stored; the value is shown once, when it is issued.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import connection, transaction
from django.utils import timezone

from niangjia.core import audit, scoping, selectors
from niangjia.core.errors import DomainError, NotFound
from niangjia.core.models import ApiToken, User

LOGIN_REFUSED = "手机号或密码不正确；连续输错 5 次后账号会被锁定 15 分钟。"


class LoginRefused(DomainError):
    status = 401
    code = "auth.login_failed"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def issue_token(*, actor: User | None, user: User, name: str, days: int | None = None) -> tuple[str, ApiToken]:
    """A new token for `user`; returns (the value, shown once; the stored row)."""
    raw = secrets.token_urlsafe(32)
    lifetime = dt.timedelta(days=days if days is not None else settings.NIANGJIA_API_TOKEN_DAYS)
    api_token = ApiToken.objects.create(
        user=user, name=(name or "api").strip()[:60] or "api", digest=_digest(raw),
        expires_at=timezone.now() + lifetime,
    )
    audit.record(actor, "api.token_create", api_token,
                 summary={"user": user.pk, "name": api_token.name, "expires_at": api_token.expires_at.isoformat()})
    return raw, api_token


def login_for_token(*, request, phone: str, password: str, name: str = "") -> tuple[str, ApiToken]:
    """The token login: the same backend (and so the same failure count and lock) as the login page.

    Unknown number, wrong password and a locked account all get one message, so the answer does not say
    whether a number is registered.
    """
    user = authenticate(request, phone=(phone or "").strip(), password=password or "")
    if user is None:
        raise LoginRefused(LOGIN_REFUSED)
    return issue_token(actor=user, user=user, name=name or "app")


def mark_used(api_token: ApiToken) -> None:
    # One write every few minutes at most, not one per request; a plain statement, because composing the ORM
    # update cost more CPU than running it (every API request passes here).
    now = timezone.now()
    if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 300:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {ApiToken._meta.db_table} SET last_used_at = %s WHERE id = %s",
                           [connection.ops.adapt_datetimefield_value(now), api_token.pk])
        api_token.last_used_at = now


def _revoke(actor: User, api_token: ApiToken, *, reason: str) -> bool:
    changed = ApiToken.objects.filter(pk=api_token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor)
    if changed:
        audit.record(actor, "api.token_revoke", api_token,
                     summary={"user": api_token.user_id, "name": api_token.name, "by": reason})
    return bool(changed)


@transaction.atomic
def revoke_token(*, actor: User, token_id: int) -> ApiToken:
    """The owner revokes one of their tokens; an admin may revoke a token of an account in scope."""
    api_token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if api_token is None:
        raise NotFound("未找到该令牌。")
    if api_token.user_id == actor.pk:
        _revoke(actor, api_token, reason="owner")
    else:
        if not scoping.has_role(actor, scoping.ADMIN_ROLES):
            raise NotFound("未找到该令牌。")
        try:
            selectors.access_account_by_id(actor=actor, user_id=api_token.user_id)
        except NotFound:
            raise NotFound("未找到该令牌。") from None
        _revoke(actor, api_token, reason="admin")
    api_token.refresh_from_db()
    return api_token


@transaction.atomic
def logout_token(*, actor: User, api_token: ApiToken) -> None:
    """DELETE /api/v1/auth/token: the token that made the request stops working."""
    _revoke(actor, api_token, reason="logout")


@transaction.atomic
def revoke_all_tokens(*, actor: User, user_id: int) -> int:
    """Revoke every live token of an account: the account itself, or an admin whose scope covers it."""
    if user_id != actor.pk:
        if not scoping.has_role(actor, scoping.ADMIN_ROLES):
            raise NotFound("未找到该用户。")
        selectors.access_account_by_id(actor=actor, user_id=user_id)
    live = list(ApiToken.objects.select_for_update().filter(user_id=user_id, revoked_at__isnull=True))
    for api_token in live:
        _revoke(actor, api_token, reason="owner" if user_id == actor.pk else "admin")
    return len(live)

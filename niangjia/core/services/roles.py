"""Roles: an admin gives people of their own subtree a role (staff, approver, volunteer lawyer …) at an
org, or takes it back. Every grant and revocation is audited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from niangjia.core import audit, pii, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Org, OrgRole, User
from niangjia.core.validators import validate_mobile


def _admin_org(actor, org_id: int) -> Org:
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org, roles=scoping.ADMIN_ROLES):
        raise NotFound("未找到该工会，或您无权管理它的人员角色。")
    return org


def verified_user_by_phone(phone: str) -> User:
    """The real-name-verified account behind a mobile number, for giving someone a role; Invalid (Chinese)
    for a malformed number, no account, or an account not yet verified."""
    try:
        phone = validate_mobile(phone)
    except ValidationError as exc:
        raise Invalid(exc.messages[0], code="role.phone") from None
    user = User.objects.filter(phone_index=pii.blind_index(phone, purpose="phone")).first()
    if user is None:
        raise Invalid("这个手机号还没有注册娘家账户，请先请对方注册并完成实名认证。", code="role.no_account")
    if not user.is_verified:
        raise Invalid("对方还没有完成实名认证，认证后才能授予角色。", code="role.unverified")
    return user


@transaction.atomic
def grant_role(*, actor, org_id: int, phone: str, role: str, include_subtree: bool = True) -> OrgRole:
    org = _admin_org(actor, org_id)
    if role not in OrgRole.Role.values:
        raise Invalid("请选择一个角色。", code="role.unknown")
    user = verified_user_by_phone(phone)
    if OrgRole.objects.filter(user=user, org=org, role=role).exists():
        raise Conflict("此人在这个工会已经有这个角色。", code="role.duplicate")
    try:
        with transaction.atomic():
            grant = OrgRole.objects.create(user=user, org=org, role=role, include_subtree=include_subtree)
    except IntegrityError:
        raise Conflict("此人在这个工会已经有这个角色。", code="role.duplicate") from None
    audit.record(actor, "role.grant", grant, org=org,
                 summary={"user_id": user.pk, "role": role, "include_subtree": include_subtree})
    return grant


@transaction.atomic
def revoke_role(*, actor, role_id: int) -> None:
    grant = OrgRole.objects.select_for_update().select_related("org").filter(pk=role_id).first()
    if grant is None or not scoping.covers(actor, grant.org, roles=scoping.ADMIN_ROLES):
        raise NotFound("未找到该角色，或您无权管理。")
    if grant.user_id == actor.pk and grant.role == OrgRole.Role.ADMIN:
        raise Conflict("不能撤销您自己的管理员角色，请由上级管理员处理。", code="role.own_admin")
    audit.record(actor, "role.revoke", grant, org=grant.org, summary={"user_id": grant.user_id, "role": grant.role})
    grant.delete()


def ensure_role(*, actor, user: User, org: Org, role: str) -> OrgRole:
    """For apps that enrol someone into a role as part of their own use case (a volunteer lawyer joins
    the rights desk): the same admin check and audit as `grant_role`, but an existing grant is kept.
    The caller holds the transaction."""
    _admin_org(actor, org.pk)
    if role not in OrgRole.Role.values:
        raise Invalid("请选择一个角色。", code="role.unknown")
    grant, created = OrgRole.objects.get_or_create(user=user, org=org, role=role)
    if created:
        audit.record(actor, "role.grant", grant, org=org, summary={"user_id": user.pk, "role": role})
    return grant

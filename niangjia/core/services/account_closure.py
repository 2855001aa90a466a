"""注销账号 (个人信息保护法 第四十七条): a member closes their account.

Identity is re-checked with the password first. Personal data the platform keeps only for the account is deleted or
anonymised: the login (mobile, ID number, names), messages, payee accounts, SMS codes, API tokens, pending join
requests and form receipts. What law or finance requires the union to keep stays, and is listed to the member with
its retention period: payments and ledgers, applications and claims (finance records), help-case files, and the
union's membership register. Those records no longer lead back to a login. The account can no longer log in.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from niangjia.core import audit
from niangjia.core.errors import Invalid
from niangjia.core.models import (
    ApiToken,
    JoinRequest,
    Member,
    Message,
    OrgRole,
    PhoneCode,
    SubmissionReceipt,
    User,
)

# Retention by kind of kept record (data, overridable per deployment). Finance: 《会计档案管理办法》(2015) keeps
# accounting vouchers and ledgers 30 years. The others are examples a federation sets for itself.
# Keyed by the stable code of a 我的办事 item (BusinessItem.code), so that the rule does not depend on the language.
DEFAULT_RETENTION = {
    "relief": "30 年（财务凭证，《会计档案管理办法》）",
    "mutual_aid": "30 年（财务凭证，《会计档案管理办法》）",
    "help": "10 年（维权案卷，示例，可配置）",
    "booking": "3 年（示例，可配置）",
    "membership": "长期（工会会员档案，示例，可配置）",
}
NOT_KEPT = {"join", "transfer"}  # pending join requests are deleted; decided ones and transfers are core records


def retention() -> dict:
    return {**DEFAULT_RETENTION, **getattr(settings, "NIANGJIA_RETENTION", {})}


def kept_records(user: User) -> list[dict]:
    """What stays after closing, with its retention period (shown before the member confirms)."""
    from niangjia.core.my_business import items_for

    periods = retention()
    kept: dict[str, list] = {}
    for item in items_for(user):
        if item.code in NOT_KEPT:
            continue
        kept.setdefault(item.code, [item.kind, 0])[1] += 1
    rows = [{"kind": label, "count": n, "retention": periods.get(code, "按工会档案规定")}
            for code, (label, n) in kept.items()]
    memberships = Member.objects.filter(user=user).count()
    if memberships:
        rows.append({"kind": "会籍", "count": memberships, "retention": periods["membership"]})
    return rows


@transaction.atomic
def close_account(*, actor: User, password: str) -> list[dict]:
    user = User.objects.select_for_update().get(pk=actor.pk)
    if not user.is_active:
        raise Invalid("这个账号已经注销。", code="account.closed")
    if not user.check_password(password or ""):
        raise Invalid("密码不正确。注销账号前需要再次确认是您本人。", code="account.wrong_password")
    if OrgRole.objects.filter(user=user).exists():
        raise Invalid("您在工会担任工作职务，请先请管理员收回角色，再注销账号。", code="account.has_roles")
    kept = kept_records(user)
    from niangjia.core.payout_models import PayeeAccount

    phone_index = user.phone_index
    Message.objects.filter(recipient=user).delete()
    SubmissionReceipt.objects.filter(user=user).delete()
    PhoneCode.objects.filter(phone_index=phone_index).delete()
    ApiToken.objects.filter(user=user).delete()
    JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).delete()
    PayeeAccount.objects.filter(user=user).delete()  # payouts keep their own encrypted snapshot (finance)
    Member.objects.filter(user=user).update(user=None)
    user.phone, user.phone_index = "", f"closed:{user.pk}"
    user.id_number, user.id_index = "", None
    user.display_name, user.real_name = "已注销用户", ""
    user.verified_at = user.phone_verified_at = None
    user.elder_mode, user.is_active = False, False
    user.set_unusable_password()
    user.save()
    audit.record(user, "account.close", user, summary={"kept": [r["kind"] for r in kept],
                                                         "at": timezone.now().date().isoformat()})
    return kept

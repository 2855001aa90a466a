"""Payee accounts (收款账户): collected once per person, encrypted, masked on every screen, audited.

A worker enters or changes their own account (that entry is their confirmation). Staff may take an
account from a paper form for a member in their scope; it stays unconfirmed until the worker confirms
it on their phone, and the worker gets a message either way."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from niangjia.core import audit, pii, scoping
from niangjia.core.banking import BankCardError, check_bank_name, check_card_number, check_holder
from niangjia.core.errors import Invalid, NotFound
from niangjia.core.models import Member, PayeeAccount
from niangjia.core.notifications import notify

PAYEE_LINK = "/me/payee/"


@dataclass(frozen=True)
class AccountInput:
    holder: str
    account_number: str
    bank_name: str
    branch: str = ""


def clean_account(*, holder, account_number, bank_name, branch="") -> AccountInput:
    """Validated input or Invalid with the Chinese reason (length + Luhn for the card number)."""
    try:
        return AccountInput(holder=check_holder(holder), account_number=check_card_number(account_number),
                            bank_name=check_bank_name(bank_name),
                            branch=" ".join((branch or "").split())[:120])
    except BankCardError as exc:
        raise Invalid(str(exc), code="payee.invalid") from None


def account_of_person(person_index: str) -> PayeeAccount | None:
    return PayeeAccount.objects.filter(person_index=person_index).first() if person_index else None


def own_account(user) -> PayeeAccount | None:
    return account_of_person(user.id_index) if getattr(user, "id_index", None) else None


def _save(actor, person_index: str, user, data: AccountInput, *, confirmed: bool, org=None) -> PayeeAccount:
    account = PayeeAccount.objects.select_for_update().filter(person_index=person_index).first()
    before = pii.mask_bank_account(account.account_number) if account else ""
    now = timezone.now()
    if account is None:
        account = PayeeAccount(person_index=person_index)
    account.user = user or account.user
    account.holder, account.account_number = data.holder, data.account_number
    account.account_index = pii.blind_index(data.account_number, purpose="bank_account")
    account.bank_name, account.branch = data.bank_name, data.branch
    account.confirmed_at = now if confirmed else None
    account.needs_fix_since, account.needs_fix_reason = None, ""
    account.updated_by, account.updated_at = actor, now
    account.save()
    audit.record(actor, "payee.account_change", account, org=org,
                 summary={"before": before, "after": pii.mask_bank_account(data.account_number),
                          "bank": data.bank_name, "confirmed": confirmed})
    return account


@transaction.atomic
def save_own_account(*, actor, holder, account_number, bank_name, branch="") -> PayeeAccount:
    """The worker's own account; entering it is their confirmation. Needs a verified identity."""
    if not getattr(actor, "id_index", None):
        raise Invalid("请先完成实名认证，再登记收款账户。", code="payee.not_verified")
    data = clean_account(holder=holder, account_number=account_number, bank_name=bank_name, branch=branch)
    return _save(actor, actor.id_index, actor, data, confirmed=True)


@transaction.atomic
def confirm_own_account(*, actor) -> PayeeAccount:
    account = PayeeAccount.objects.select_for_update().filter(person_index=actor.id_index or "-").first()
    if account is None:
        raise NotFound("您还没有登记收款账户。")
    if account.needs_fix_since:
        raise Invalid("这个账户上次收款被银行退回，请重新填写正确的账户。", code="payee.needs_fix")
    account.confirmed_at = timezone.now()
    account.save(update_fields=["confirmed_at"])
    audit.record(actor, "payee.account_confirm", account)
    return account


@transaction.atomic
def save_account_for_member(*, actor, member_id: int, holder, account_number, bank_name, branch="",
                            signed_on_paper: bool = False) -> PayeeAccount:
    """Staff enter an account for a member in scope. It is paid to only once the worker confirmed it: on
    their phone (they get a message), or — for a worker without a phone — by signing the paper form,
    which the staff member attests with `signed_on_paper`."""
    member = Member.objects.select_related("org", "user").filter(pk=member_id).first()
    if member is None or not scoping.covers(actor, member.org):
        raise NotFound("未找到该会员，或您无权操作。")
    data = clean_account(holder=holder, account_number=account_number, bank_name=bank_name, branch=branch)
    account = _save(actor, member.id_index, member.user, data, confirmed=signed_on_paper, org=member.org)
    if member.user_id and not signed_on_paper:
        notify(member.user, "payee.entered", "请确认您的收款账户",
               f"工会工作人员为您登记了收款账户 {data.bank_name} {pii.mask_bank_account(data.account_number)}，"
               "请在“我的 → 收款账户”核对并确认，确认后才会向该账户发放款项。", link=PAYEE_LINK)
    return account


def unusable_reason(account: PayeeAccount | None) -> str:
    """Why a payment cannot go to this account now ("" when it can)."""
    if account is None:
        return "未登记收款账户"
    if account.needs_fix_since:
        return f"上次退票（{account.needs_fix_reason or '账户有误'}），待本人更正账户"
    if account.confirmed_at is None:
        return "工作人员代录的账户尚未经本人确认"
    try:
        check_card_number(account.account_number)
    except BankCardError as exc:
        return str(exc)
    return ""


# --- the account fields inside an application or claim form -------------------------------------------------

FORM_FIELDS = {"payee_holder": "holder", "payee_account": "account_number", "payee_bank": "bank_name",
               "payee_branch": "branch"}


def payee_from_form(post) -> dict | None:
    """The account typed into an application or claim form (`core/_payee_fields.html`), or None when the worker
    left it empty (keeping the account they have)."""
    data = {key: (post.get(field) or "").strip() for field, key in FORM_FIELDS.items()}
    return data if any(data.values()) else None


def take_from_application(*, actor, payee: dict | None) -> PayeeAccount | None:
    """Inside the application's or claim's own transaction: the account the worker typed becomes their payee
    account (their own entry is their confirmation; the change is audited). A bad card number refuses the whole
    application with the reason, and nothing is stored."""
    if not payee:
        return None
    return save_own_account(actor=actor, **payee)


def payee_summary(user) -> dict | None:
    """What the form shows of the worker's current account: masked, with why it cannot be paid to if so."""
    return _summary(own_account(user))


def member_payee_summary(member) -> dict | None:
    """The same for staff on a member's page (masked; whether the worker has confirmed it)."""
    return _summary(account_of_person(member.id_index))


def _summary(account: PayeeAccount | None) -> dict | None:
    if account is None:
        return None
    return {"bank": account.bank_name, "branch": account.branch, "holder": pii.mask_name(account.holder),
            "number": pii.mask_bank_account(account.account_number), "problem": unusable_reason(account)}

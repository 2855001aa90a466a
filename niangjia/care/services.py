"""Care campaigns: create, allocate budget down the tree (never beyond what was received), select
recipients (once per person per campaign in the DB), record receipts. Each use case is scoped,
audited and one transaction; budget rows are locked and backed by check constraints."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.care import rules
from niangjia.care.models import Allocation, Campaign, Recipient
from niangjia.core import audit, scoping, selectors
from niangjia.core.attachments import check_upload
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Attachment, Member, Org
from niangjia.core.notifications import notify
from niangjia.core.spreadsheets import ImportRejected, RowError, read_person_rows, read_rows

IMPORT_HEADERS = ["姓名", "身份证号"]


def _amount(value, label) -> Decimal:
    try:
        return rules.parse_amount(value, label)
    except rules.RuleError as exc:
        raise Invalid(str(exc), code="care.invalid") from None


def _campaign(actor, campaign_id: int, for_update=False) -> Campaign:
    qs = Campaign.objects.select_related("org")
    if for_update:
        qs = qs.select_for_update()
    campaign = qs.filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound("未找到该活动，或您无权查看。")
    return campaign


@transaction.atomic
def create_campaign(*, actor, org_id: int, name: str, kind: str, form: str, start: dt.date, end: dt.date,
                    total_budget, per_person, goods: str = "") -> Campaign:
    org = selectors.access_org_by_id(actor=actor, org_id=org_id)
    name = (name or "").strip()
    if not name:
        raise Invalid("请填写活动名称。", code="care.required")
    if kind not in Campaign.Kind.values or form not in Campaign.Form.values:
        raise Invalid("活动类别或发放形式不正确。", code="care.kind")
    if start is None or end is None or end < start:
        raise Invalid("请填写正确的活动起止日期（结束不能早于开始）。", code="care.period")
    budget = _amount(total_budget, "总预算")
    each = _amount(per_person, "每人标准")
    campaign = Campaign.objects.create(name=name[:120], kind=kind, form=form, org=org, start=start, end=end,
                                       total_budget=budget, per_person=each, goods=(goods or "")[:120],
                                       created_by=actor)
    audit.record(actor, "care.campaign_create", campaign, org=org, summary={"budget": str(budget)})
    return campaign


def _source_for(actor, campaign: Campaign, org: Org):
    """The budget row that funds `org`'s work: its own allocation, or the campaign if org owns it.
    Locked for update. Raises NotFound when the actor may not act for org."""
    scoping.require(actor, org)
    if org.pk == campaign.org_id:
        return Campaign.objects.select_for_update().get(pk=campaign.pk)
    alloc = Allocation.objects.select_for_update().filter(campaign=campaign, org=org).first()
    if alloc is None:
        raise Invalid(f"{org.name}还没有收到本活动的预算，不能继续下拨或发放。", code="care.no_budget")
    return alloc


def _available(source) -> Decimal:
    total = source.total_budget if isinstance(source, Campaign) else source.amount
    return total - source.allocated_out - source.spent


@transaction.atomic
def allocate(*, actor, campaign_id: int, from_org_id: int, to_org_id: int, amount) -> Allocation:
    """Hand part of from_org's budget to a lower org (a child in the tree)."""
    campaign = _campaign(actor, campaign_id)
    from_org = selectors.access_org_by_id(actor=actor, org_id=from_org_id)
    to_org = Org.objects.filter(pk=to_org_id).first()
    if to_org is None or not to_org.path.startswith(from_org.path) or to_org.pk == from_org.pk:
        raise NotFound("只能下拨给本级以下的工会。")
    if not campaign.org.path or not from_org.path.startswith(campaign.org.path):
        raise NotFound("该工会不在本活动范围内。")
    value = _amount(amount, "下拨金额")
    if value <= 0:
        raise Invalid("下拨金额必须大于 0。", code="care.invalid")
    source = _source_for(actor, campaign, from_org)
    available = _available(source)
    if value > available:
        raise Invalid(f"下拨金额 {value} 元超过{from_org.name}可用预算 {available} 元，不能下拨。",
                      code="care.over_budget")
    if Allocation.objects.filter(campaign=campaign, org=to_org).exists():
        raise Conflict(f"已经给{to_org.name}下拨过本活动的预算。", code="care.already_allocated")
    source.allocated_out += value
    source.save(update_fields=["allocated_out"])
    try:
        with transaction.atomic():
            alloc = Allocation.objects.create(campaign=campaign, org=to_org, amount=value, created_by=actor,
                                              parent=source if isinstance(source, Allocation) else None)
    except IntegrityError:
        raise Conflict(f"已经给{to_org.name}下拨过本活动的预算。", code="care.already_allocated") from None
    audit.record(actor, "care.allocate", alloc, org=to_org,
                 summary={"campaign": campaign.pk, "from": from_org.pk, "amount": str(value)})
    return alloc


HARDSHIP_OPEN = ("active", "relapsed")  # relief's 在档 statuses
RULE_SOURCES = {"frontline": "frontline", "hardship": "hardship", "model_worker": "model_worker"}


def _hardship_person_indexes(actor):
    """Blind ID indexes of the heads of the actor's open hardship files (在档: active or relapsed).

    Read through relief's selector (care never imports relief's models). The person index, not the
    member row, links a file to a member, so a head who has since transferred still counts."""
    from niangjia.relief import selectors as relief_selectors

    return (relief_selectors.files_visible_to(actor=actor).filter(status__in=HARDSHIP_OPEN)
            .values_list("household__head__id_index", flat=True))


def _members_for_rule(actor, org: Org, rule: str, member_ids=None) -> list[Member]:
    base = Member.objects.filter(org.subtree_q(prefix="org__"), status=Member.Status.ACTIVE)
    if rule == "frontline":
        return list(base.filter(frontline=True))
    if rule == "hardship":
        return list(base.filter(id_index__in=_hardship_person_indexes(actor)))
    if rule == "model_worker":
        # 困难劳模: tagged model workers (core's flag) in scope who are in difficulty, i.e. head an open
        # hardship file in the actor's scope.
        return list(selectors.model_workers_in(actor=actor, org_id=org.pk)
                    .filter(id_index__in=_hardship_person_indexes(actor)))
    if rule == "manual":
        ids = {int(i) for i in member_ids or []}
        found = list(base.filter(pk__in=ids))
        if len(found) != len(ids):
            raise NotFound("所选会员中有人不在本工会范围内或已不是在册会员。", code="care.member_not_found")
        return found
    raise Invalid("选择规则不正确。", code="care.rule")


def _add(actor, campaign: Campaign, org: Org, members: list[Member], source: str, amount,
         skip_taken: bool = False) -> list[Recipient]:
    """Add recipients funded by org's budget. A rule run (skip_taken) leaves out people already on the
    list, so re-running it adds only newcomers; a chosen list naming someone already there is refused."""
    if not members:
        raise Invalid("按所选规则没有找到符合条件的会员。", code="care.no_members")
    each = _amount(amount, "每人金额") if amount not in (None, "") else campaign.per_person
    funding = _source_for(actor, campaign, org)
    taken = set(Recipient.objects.filter(campaign=campaign, person_index__in=[m.id_index for m in members])
                .values_list("person_index", flat=True))
    if taken and skip_taken:
        members = [m for m in members if m.id_index not in taken]
        if not members:
            raise Conflict(f"按所选规则找到的 {len(taken)} 人都已在本活动的慰问名单中，没有新增。",
                           code="care.nobody_new")
    elif taken:
        names = "、".join(m.name for m in members if m.id_index in taken)[:200]
        raise Conflict(f"以下会员已在本活动的慰问名单中，每人只能慰问一次：{names}", code="care.duplicate")
    total = each * len(members)
    if total > _available(funding):
        raise Invalid(f"本次需要 {total} 元，超过{org.name}可用预算 {_available(funding)} 元。", code="care.over_budget")
    funding.spent += total
    funding.save(update_fields=["spent"])
    rows = [Recipient(campaign=campaign, allocation=funding if isinstance(funding, Allocation) else None,
                      org_id=m.org_id, funding_org=org, member=m, person_index=m.id_index, amount=each,
                      source=source, created_by=actor) for m in members]
    try:
        with transaction.atomic():
            Recipient.objects.bulk_create(rows)
    except IntegrityError:
        raise Conflict("有会员刚刚被加入本活动名单，请刷新后重试。", code="care.duplicate") from None
    audit.record(actor, "care.recipients_add", campaign, org=org,
                 summary={"count": len(rows), "source": source, "amount_each": str(each)})
    for m in members:
        notify(m.user, "care.delivery", f"{campaign.name}",
               f"工会为您送上{campaign.get_kind_display()}，收到后请在手机上确认签收。", link="/care/")
    return rows


@transaction.atomic
def select_recipients(*, actor, campaign_id: int, org_id: int, rule: str, member_ids=None, amount=None
                      ) -> list[Recipient]:
    campaign = _campaign(actor, campaign_id)
    org = selectors.access_org_by_id(actor=actor, org_id=org_id)
    members = _members_for_rule(actor, org, rule, member_ids)
    return _add(actor, campaign, org, members, RULE_SOURCES.get(rule, "manual"), amount,
                skip_taken=rule in RULE_SOURCES)


@transaction.atomic
def import_recipients(*, actor, campaign_id: int, org_id: int, upload, amount=None) -> list[Recipient]:
    campaign = _campaign(actor, campaign_id)
    org = selectors.access_org_by_id(actor=actor, org_id=org_id)
    rows = read_rows(upload, IMPORT_HEADERS, IMPORT_HEADERS)
    errors, wanted = read_person_rows(rows)
    by_index = {m.id_index: m for m in Member.objects.filter(
        org.subtree_q(prefix="org__"), status=Member.Status.ACTIVE, id_index__in=[w[2] for w in wanted])}
    taken = set(Recipient.objects.filter(campaign=campaign, person_index__in=list(by_index))
                .values_list("person_index", flat=True))
    members = []
    for line, name, index in wanted:
        m = by_index.get(index)
        if m is None:
            errors.append(RowError(line, f"{name}：不是本工会范围内的在册会员"))
        elif index in taken:
            errors.append(RowError(line, f"{name} 已在本活动的慰问名单中"))
        else:
            members.append(m)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.line))
    return _add(actor, campaign, org, members, "import", amount)


@transaction.atomic
def confirm_receipt(*, actor, recipient_id: int) -> Recipient:
    r = Recipient.objects.select_for_update().select_related("member", "campaign").filter(
        pk=recipient_id, member__user=actor).first()
    if r is None:
        raise NotFound("未找到该慰问记录。")
    if r.status == Recipient.Status.CONFIRMED:
        raise Conflict("您已经确认过签收了。", code="care.confirmed")
    r.status, r.confirmed_at, r.confirmed_via = Recipient.Status.CONFIRMED, timezone.now(), "phone"
    r.save(update_fields=["status", "confirmed_at", "confirmed_via"])
    audit.record(actor, "care.receipt_confirm", r, org=r.org, summary={"via": "phone"})
    return r


@transaction.atomic
def record_paper_receipt(*, actor, recipient_id: int, photo) -> Recipient:
    r = Recipient.objects.select_for_update().select_related("org").filter(pk=recipient_id).first()
    if r is None or not scoping.covers(actor, r.org):
        raise NotFound("未找到该慰问记录，或您无权处理。")
    if r.status == Recipient.Status.CONFIRMED:
        raise Conflict("该记录已确认签收。", code="care.confirmed")
    if photo is None:
        raise Invalid("请上传签字回执照片。", code="care.photo_required")
    ext, content_type, sha = check_upload(photo)
    att = Attachment(original_name=photo.name[:200], content_type=content_type, extension=ext, size=photo.size,
                     sha256=sha, uploaded_by=actor, org=r.org, purpose="care.receipt")
    att.file.save(f"{sha}.{ext}", photo, save=False)
    att.save()
    r.status, r.confirmed_at, r.confirmed_via, r.receipt_photo = (Recipient.Status.CONFIRMED, timezone.now(),
                                                                  "paper", att)
    r.save(update_fields=["status", "confirmed_at", "confirmed_via", "receipt_photo"])
    audit.record(actor, "care.receipt_paper", r, org=r.org, summary={"attachment": att.pk})
    return r

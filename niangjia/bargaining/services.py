"""Use cases of collective bargaining up to the draft: the proposal to bargain (要约) and its answer, the teams,
rounds with minutes, positions. One transaction each, scoped, audited. The agreement (congress vote, signing,
filing, entry into force) is in services_agreements.py and re-exported here.

Sequences: round numbers and position versions are taken under a lock on the negotiation row (FOR UPDATE) and
held by unique constraints, so two staff adding a round at once get 1 and 2, never two 1s (race test on
PostgreSQL). One chief per side is a partial unique constraint.
"""

import datetime as dt
import re
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from niangjia.bargaining import rules, selectors
from niangjia.bargaining.models import (
    Negotiation,
    Offer,
    Opinion,
    Position,
    Representative,
    Round,
    StageChange,
    rates_to_json,
)
from niangjia.core import audit, notifications
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import User

OPINIONS_PER_MEMBER = 10

__all__ = [
    "add_position", "add_representative", "add_round", "answer_offer", "apply_action", "give_opinion",
    "record_minutes", "remind_offers", "remind_renewals", "remove_representative", "sign_minutes", "start_negotiation", "start_talks",
]


def apply_action(actor, negotiation: Negotiation, action: str, *, note: str = "") -> None:
    """Move the stage by a declared transition (rules.TRANSITIONS) and write the history row."""
    new = rules.next_stage(negotiation.stage, action)
    if new is None:
        raise Conflict(f"当前阶段为“{rules.STAGE_LABELS.get(negotiation.stage, negotiation.stage)}”，不能进行这项操作。",
                       code="bargaining.wrong_stage", details={"stage": negotiation.stage, "action": action})
    StageChange.objects.create(negotiation=negotiation, old=negotiation.stage, new=new, action=action,
                               note=note[:300], actor=actor if getattr(actor, "is_authenticated", False) else None)
    negotiation.stage = new
    negotiation.save(update_fields=["stage", "talks_due"])


def _text(value: str, *, field: str, max_len: int, code: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Invalid(f"请填写{field}。", code=code)
    if len(value) > max_len:
        raise Invalid(f"{field}不能超过 {max_len} 字。", code=code)
    return value


def _side(side: str) -> str:
    if side not in rules.SIDES:
        raise Invalid("请选择工会（职工方）或企业方。", code="bargaining.side")
    return side


def _date(value, *, field: str, today: dt.date) -> dt.date:
    if not isinstance(value, dt.date):
        raise Invalid(f"请填写正确的{field}。", code="bargaining.date")
    if value > today:
        raise Invalid(f"{field}不能晚于今天。", code="bargaining.date_future")
    if value < dt.date(2000, 1, 1):
        raise Invalid(f"{field}不正确。", code="bargaining.date")
    return value


@transaction.atomic
def start_negotiation(*, actor, org_id: int, title: str, year: int, from_side: str, content: str,
                      received_on: dt.date | None, workers_covered: int = 0, today: dt.date | None = None
                      ) -> Negotiation:
    """A negotiation starts with the written proposal (要约) from either side; its 20-day answer is tracked.
    Union staff record either side's (a paper one included); the employer's representative sends its own."""
    today = today or timezone.localdate()
    org, party = selectors.access_org_as_party(actor=actor, org_id=org_id)
    if party == "employer":
        # The employer's own 要约, sent on the platform: it reaches the union the day it is sent.
        if from_side != "employer":
            raise Forbidden("企业方代表只能以企业方名义发出要约。", code="bargaining.not_your_side")
        if received_on is None:
            received_on = today
        elif received_on != today:
            raise Invalid("在平台发出的要约当日送达工会，收到日期应为今天。", code="bargaining.date")
    if org.level != "grassroots":
        raise Invalid("集体协商由基层工会与本企业进行，请选择基层工会。", code="bargaining.org_level")
    title = _text(title, field="协商名称", max_len=120, code="bargaining.title")
    content = _text(content, field="要约内容", max_len=5000, code="bargaining.content")
    _side(from_side)
    received_on = _date(received_on, field="收到要约日期", today=today)
    if not isinstance(year, int) or not (2000 <= year <= today.year + 1):
        raise Invalid("请填写正确的协商年度。", code="bargaining.year")
    if not isinstance(workers_covered, int) or not (0 <= workers_covered <= 10_000_000):
        raise Invalid("覆盖职工人数不正确。", code="bargaining.workers")
    negotiation = Negotiation.objects.create(org=org, title=title, year=year, workers_covered=workers_covered,
                                             employer_name=org.employer_name or org.name, created_by=actor)
    offer = Offer.objects.create(negotiation=negotiation, from_side=from_side, content=content,
                                 received_on=received_on,
                                 reply_due=rules.offer_reply_due(received_on, selectors.working_calendar()))
    audit.record(actor, "bargaining.start", negotiation, org=org,
                 summary={"from_side": from_side, "by": party, "received_on": received_on.isoformat(),
                          "reply_due": offer.reply_due.isoformat()})
    return negotiation


@transaction.atomic
def answer_offer(*, actor, negotiation_id: int, accepted: bool, reason: str = "", answered_on: dt.date,
                 today: dt.date | None = None) -> Offer:
    """The written answer (第三十二条). A refusal without a reason is recorded and flagged, not refused: the law
    forbids it, and the union needs the record to act on (report to the labour administration)."""
    today = today or timezone.localdate()
    negotiation, party = selectors.access_negotiation_as_party(actor=actor, negotiation_id=negotiation_id,
                                                               for_update=True)
    offer = selectors.offer_of(negotiation)
    if offer is None:
        raise NotFound("这项协商没有要约记录。")
    if party == "employer" and offer.from_side != "union":
        raise Forbidden("这份要约由企业方提出，应由工会方回应。", code="bargaining.not_your_answer")
    reason = _text(reason, field="理由", max_len=500, code="bargaining.reason", required=False)
    answered_on = _date(answered_on, field="回应日期", today=today)
    if answered_on < offer.received_on:
        raise Invalid("回应日期不能早于收到要约的日期。", code="bargaining.date_order")
    was_refused = negotiation.stage == "refused"
    apply_action(actor, negotiation, "answer_accept" if accepted else "answer_refuse", note=reason)
    offer.answered_on, offer.accepted, offer.reason = answered_on, bool(accepted), reason
    offer.refused_without_reason = rules.refusal_flagged(bool(accepted), reason)
    offer.save(update_fields=["answered_on", "accepted", "reason", "refused_without_reason"])
    if accepted:
        negotiation.talks_due = rules.talks_start_due(answered_on, selectors.working_calendar())
        negotiation.save(update_fields=["talks_due"])
    audit.record(actor, "bargaining.answer", negotiation, org=negotiation.org,
                 summary={"accepted": bool(accepted), "late": answered_on > offer.reply_due,
                          "without_reason": offer.refused_without_reason, "after_refusal": was_refused})
    return offer


@transaction.atomic
def add_representative(*, actor, negotiation_id: int, side: str, name: str, position: str = "",
                       is_chief: bool = False) -> Representative:
    negotiation = selectors.access_negotiation(actor=actor, negotiation_id=negotiation_id, for_update=True)
    if negotiation.stage not in ("offer", "preparing", "talks"):
        raise Conflict("协商代表只能在协商开始前或协商中调整。", code="bargaining.wrong_stage")
    rep = Representative(negotiation=negotiation, side=_side(side), is_chief=bool(is_chief),
                         name=_text(name, field="代表姓名", max_len=40, code="bargaining.name"),
                         position=_text(position, field="职务", max_len=60, code="bargaining.position",
                                        required=False))
    try:
        with transaction.atomic():
            rep.save()
    except IntegrityError:
        raise Conflict(f"{rules.SIDE_LABELS[side]}已有首席代表，每方只能有 1 名首席代表。",
                       code="bargaining.second_chief") from None
    audit.record(actor, "bargaining.representative_add", negotiation, org=negotiation.org,
                 summary={"side": side, "chief": rep.is_chief})
    return rep


@transaction.atomic
def remove_representative(*, actor, negotiation_id: int, representative_id: int) -> None:
    negotiation = selectors.access_negotiation(actor=actor, negotiation_id=negotiation_id, for_update=True)
    if negotiation.stage not in ("offer", "preparing", "talks"):
        raise Conflict("协商代表只能在协商开始前或协商中调整。", code="bargaining.wrong_stage")
    rep = negotiation.representatives.filter(pk=representative_id).first()
    if rep is None:
        raise NotFound("未找到这位协商代表。")
    rep.delete()
    audit.record(actor, "bargaining.representative_remove", negotiation, org=negotiation.org,
                 summary={"side": rep.side})


@transaction.atomic
def start_talks(*, actor, negotiation_id: int) -> Negotiation:
    """Talks start only with valid teams: same size, at least 3 each, one chief each (第十九、二十条)."""
    negotiation = selectors.access_negotiation(actor=actor, negotiation_id=negotiation_id, for_update=True)
    counts, chiefs = selectors.team_counts(selectors.representatives_of(negotiation))
    problems = rules.team_problems(counts, chiefs)
    if problems and negotiation.stage == "preparing":
        raise Conflict("协商代表不符合要求：" + "".join(problems), code="bargaining.teams",
                       details={"problems": problems})
    apply_action(actor, negotiation, "start_talks")
    audit.record(actor, "bargaining.talks_start", negotiation, org=negotiation.org, summary=counts)
    return negotiation


@transaction.atomic
def add_round(*, actor, negotiation_id: int, held_on: dt.date, agenda: str, today: dt.date | None = None) -> Round:
    today = today or timezone.localdate()
    negotiation = selectors.access_negotiation(actor=actor, negotiation_id=negotiation_id, for_update=True)
    if negotiation.stage != "talks":
        raise Conflict("只有协商中的事项可以新增协商轮次。", code="bargaining.wrong_stage")
    agenda = _text(agenda, field="议程", max_len=300, code="bargaining.agenda")
    held_on = _date(held_on, field="协商日期", today=today + dt.timedelta(days=60))
    number = (negotiation.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    rnd = Round.objects.create(negotiation=negotiation, number=number, held_on=held_on, agenda=agenda)
    audit.record(actor, "bargaining.round_add", negotiation, org=negotiation.org, summary={"number": number})
    return rnd


@transaction.atomic
def record_minutes(*, actor, round_id: int, minutes: str) -> Round:
    rnd = selectors.access_round(actor=actor, round_id=round_id, for_update=True)
    if rnd.minutes_signed:
        raise Conflict("会议纪要已由双方首席代表签字，不能再修改。", code="bargaining.minutes_signed")
    rnd.minutes = _text(minutes, field="会议纪要", max_len=10000, code="bargaining.minutes")
    rnd.union_chief_signed_on = rnd.employer_chief_signed_on = None
    rnd.save(update_fields=["minutes", "union_chief_signed_on", "employer_chief_signed_on"])
    audit.record(actor, "bargaining.minutes", rnd.negotiation, org=rnd.negotiation.org, summary={"round": rnd.number})
    return rnd


@transaction.atomic
def sign_minutes(*, actor, round_id: int, side: str | None = None, signed_on: dt.date | None = None,
                 today: dt.date | None = None) -> Round:
    """One side's chief signs the minutes; both are needed. The employer's representative signs the employer's
    side from its own login (the day it signs); union staff sign the union's side, or record the employer
    chief's paper signature with its date."""
    today = today or timezone.localdate()
    rnd, party = selectors.access_round_as_party(actor=actor, round_id=round_id, for_update=True)
    if party == "employer":
        if side not in (None, "employer"):
            raise Forbidden("企业方代表只能以企业方首席代表身份签字。", code="bargaining.not_your_side")
        side = "employer"
        signed_on = signed_on or today
    _side(side)
    if not rnd.minutes:
        raise Conflict("请先填写会议纪要，再请首席代表签字。", code="bargaining.no_minutes")
    signed_on = _date(signed_on, field="签字日期", today=today)
    field = "union_chief_signed_on" if side == "union" else "employer_chief_signed_on"
    if getattr(rnd, field):
        raise Conflict(f"{rules.SIDE_LABELS[side]}首席代表已经签字。", code="bargaining.already_signed")
    setattr(rnd, field, signed_on)
    rnd.save(update_fields=[field])
    audit.record(actor, "bargaining.minutes_sign", rnd.negotiation, org=rnd.negotiation.org,
                 summary={"round": rnd.number, "side": side, "by": party})
    return rnd


def parse_pct(value, *, field: str) -> Decimal | None:
    """A percentage as typed (may be negative, two decimals): exponents, NaN and a third decimal are refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().replace("％", "").replace("%", "")
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise Invalid(f"{field}应是数字，例如 3 或 -5。", code="bargaining.pct") from None
    if not number.is_finite() or "e" in text.lower() or abs(number) >= 1000:
        raise Invalid(f"{field}应是 -50 到 100 之间、最多两位小数的数字。", code="bargaining.pct")
    if number != number.quantize(Decimal("0.01")):
        raise Invalid(f"{field}应是最多两位小数的数字。", code="bargaining.pct")
    return number.quantize(Decimal("0.01"))


def parse_piece_rates(value) -> tuple[tuple[str, Decimal], ...]:
    """Piece rates as typed on the page ("城区派送=1.20", one per line; "：" or ":" also accepted) or as a list of
    {item, yuan} from the API. Each price goes through core.money."""
    from niangjia.core.money import MoneyError, parse_yuan

    if not value:
        return ()
    if isinstance(value, str):
        pairs = []
        for line in value.splitlines():
            line = line.strip()
            if not line:
                continue
            parts = re.split(r"[=:：]", line, maxsplit=1)
            if len(parts) != 2:
                raise Invalid(f"计件单价“{line[:30]}”的格式应为“项目=单价”，例如“城区派送=1.20”。",
                              code="bargaining.piece_rates")
            pairs.append((parts[0].strip(), parts[1].strip()))
    else:
        pairs = [(str(row.get("item", "")).strip(), row.get("yuan")) for row in value]
    rates = []
    for item, price in pairs:
        try:
            rates.append((item, parse_yuan(price, f"计件单价“{item[:30]}”", maximum=Decimal("100000"))))
        except MoneyError as exc:
            raise Invalid(str(exc), code="bargaining.piece_rates") from None
    return tuple(rates)


def parse_terms(*, increase_pct=None, minimum_wage=None, piece_rate_pct=None, special_terms: str = "",
                piece_rates=None) -> rules.WageTerms:
    from niangjia.core.money import MoneyError, parse_yuan

    wage = None
    if minimum_wage not in (None, ""):
        try:
            wage = parse_yuan(minimum_wage, "最低工资标准")
        except MoneyError as exc:
            raise Invalid(str(exc), code="bargaining.minimum_wage") from None
    terms = rules.WageTerms(increase_pct=parse_pct(increase_pct, field="工资增幅"), minimum_wage=wage,
                            piece_rate_pct=parse_pct(piece_rate_pct, field="计件单价调整"),
                            special_terms=(special_terms or "").strip(),
                            piece_rates=parse_piece_rates(piece_rates))
    problems = rules.terms_problems(terms)
    if problems:
        raise Invalid("".join(problems), code="bargaining.terms", details={"problems": problems})
    return terms


@transaction.atomic
def add_position(*, actor, negotiation_id: int, side: str, terms: rules.WageTerms, round_id: int | None = None
                 ) -> Position:
    """A new version of one side's wage terms, compared with that side's previous version. Union staff record
    either side's; the employer's representative records only the employer's."""
    negotiation, party = selectors.access_negotiation_as_party(actor=actor, negotiation_id=negotiation_id,
                                                               for_update=True)
    _side(side)
    if party == "employer" and side != "employer":
        raise Forbidden("企业方代表只能提出企业方的方案。", code="bargaining.not_your_side")
    if negotiation.stage != "talks":
        raise Conflict("只有协商中的事项可以提出方案。", code="bargaining.wrong_stage")
    rnd = None
    if round_id:
        rnd = negotiation.rounds.filter(pk=round_id).first()
        if rnd is None:
            raise NotFound("未找到这一轮协商。")
    previous = negotiation.positions.filter(side=side).order_by("-version").first()
    changes = rules.compare_terms(previous.terms() if previous else None, terms)
    if previous is not None and not changes:
        raise Conflict("新方案与上一版相同，无需重复提交。", code="bargaining.unchanged")
    position = Position.objects.create(
        negotiation=negotiation, round=rnd, side=side, version=(previous.version + 1) if previous else 1,
        increase_pct=terms.increase_pct, minimum_wage=terms.minimum_wage, piece_rate_pct=terms.piece_rate_pct,
        special_terms=terms.special_terms, piece_rates=rates_to_json(terms.piece_rates), created_by=actor,
        changes=[{**c, "old": _json(c["old"]), "new": _json(c["new"])} for c in changes])
    audit.record(actor, "bargaining.position", negotiation, org=negotiation.org,
                 summary={"side": side, "version": position.version})
    return position


def _json(value):
    return str(value) if isinstance(value, Decimal) else value


@transaction.atomic
def give_opinion(*, actor, negotiation_id: int, text: str) -> Opinion:
    """A member of the union gives an opinion (征求职工意见) while the negotiation is open."""
    negotiation = selectors.access_negotiation_as_member(actor=actor, negotiation_id=negotiation_id)
    if negotiation.stage in ("effective", "expired", "refused"):
        raise Conflict("这项协商已经结束，不再征求意见。", code="bargaining.closed")
    text = _text(text, field="意见", max_len=500, code="bargaining.opinion")
    # The cap is per member: lock the member's own user row so two quick submissions cannot both pass the count.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if Opinion.objects.filter(negotiation=negotiation, user=actor).count() >= OPINIONS_PER_MEMBER:
        raise Conflict(f"每人对同一项协商最多提交 {OPINIONS_PER_MEMBER} 条意见。", code="bargaining.too_many_opinions")
    opinion = Opinion.objects.create(negotiation=negotiation, user=actor, text=text)
    audit.record(actor, "bargaining.opinion", negotiation, org=negotiation.org, summary={"length": len(text)})
    return opinion


def remind_offers(*, today: dt.date) -> int:
    """Daily: the creator of each unanswered proposal due within two days (or overdue) is messaged once a day."""
    from django.urls import reverse

    sent = 0
    due_by = today + dt.timedelta(days=rules.DUE_SOON_DAYS)
    for offer in (Offer.objects.filter(answered_on__isnull=True, negotiation__stage="offer", reply_due__lte=due_by)
                  .exclude(reminded_on=today).select_related("negotiation__created_by")[:1000]):
        with transaction.atomic():
            if Offer.objects.filter(pk=offer.pk).exclude(reminded_on=today).update(reminded_on=today) != 1:
                continue
            n = offer.negotiation
            state = "已超过" if today > offer.reply_due else "即将到达"
            notifications.notify(n.created_by, "bargaining.offer_due", f"要约回应期限{state}：{n.title}",
                                 f"对方应在 {offer.reply_due:%Y-%m-%d} 前书面回应（收到要约之日起 20 日内）。",
                                 link=reverse("bargaining:detail", args=[n.pk]))
            sent += 1
    return sent


def remind_renewals(*, today: dt.date) -> int:
    """Daily: from 60 days before an agreement in force ends, its negotiation's creator is messaged once."""
    from django.urls import reverse

    from niangjia.bargaining.models import Agreement

    sent = 0
    for agreement in (Agreement.objects.filter(negotiation__stage="effective", renewal_notice_on__lte=today,
                                               renewal_reminded_on__isnull=True)
                      .select_related("negotiation__created_by")[:1000]):
        with transaction.atomic():
            if Agreement.objects.filter(pk=agreement.pk, renewal_reminded_on__isnull=True).update(
                    renewal_reminded_on=today) != 1:
                continue
            n = agreement.negotiation
            notifications.notify(n.created_by, "bargaining.renewal", f"集体合同即将到期：{agreement.title}",
                                 f"合同于 {agreement.term_end:%Y-%m-%d} 到期，请及时向对方发出续签协商要约。",
                                 link=reverse("bargaining:detail", args=[n.pk]))
            sent += 1
    return sent


from niangjia.bargaining.services_agreements import *  # noqa: E402, F403 - one public services module
from niangjia.bargaining.services_agreements import __all__ as _agreement_names  # noqa: E402

__all__ += _agreement_names
from niangjia.bargaining.services_workers import *  # noqa: E402, F403
from niangjia.bargaining.services_workers import __all__ as _workers_names  # noqa: E402

__all__ += _workers_names
from niangjia.bargaining.services_params import *  # noqa: E402, F403
from niangjia.bargaining.services_params import __all__ as _params_names  # noqa: E402

__all__ += _params_names

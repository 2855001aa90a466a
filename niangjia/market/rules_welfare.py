"""Welfare-spending rules of policies.md §13, pure (no Django): caps per member, allowed festivals, the
poverty-purchase share and the per-worker poverty purchase. The figures themselves are data (WelfareRule rows)."""

from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal

FESTIVALS = ("new_year", "spring", "qingming", "labour", "dragon_boat", "mid_autumn", "national")
BIRTHDAY = "birthday"
# Life-event gifts (慰问): a cap per member per event, outside the festival totals (policies.md §13).
EVENTS = ("marriage", "hospital", "death", "death_kin")
EVENT_NAMES = {"marriage": "结婚", "hospital": "住院", "death": "会员去世",
               "death_kin": "会员直系亲属去世"}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    region: str = ""
    version: str = ""
    festival_cap: Decimal | None = None       # per member per year, all festivals together
    occasion_caps: dict = field(default_factory=dict)  # per member per festival per year; "*" = any other festival
    allowed_festivals: tuple = ()             # empty = the national list (FESTIVALS)
    birthday_cap: Decimal | None = None
    event_caps: dict = field(default_factory=dict)  # per member per event, keyed by EVENTS
    poverty_extra: Decimal | None = None      # poverty purchases allowed on top of the festival cap (湖北 2020)
    poverty_share_min: Decimal | None = None  # fraction of welfare purchases from certified suppliers
    poverty_per_worker_min: Decimal | None = None
    enforcement: str = "refuse"               # "refuse" or "flag"


def merge(province: Rule | None, city: Rule | None) -> Rule | None:
    """A city rule overrides only what it states (安康: one half, on top of 陕西's cap)."""
    if province is None or city is None:
        return city or province
    changes = {}
    for f in fields(Rule):
        value = getattr(city, f.name)
        if value not in (None, "", (), {}):
            changes[f.name] = value
    changes["version"] = f"{province.version} + {city.version}"
    return replace(province, **changes)


@dataclass(frozen=True)
class Breach:
    member: object  # whatever key the caller uses for a member
    code: str
    message: str


def _money(v) -> str:
    return f"{Decimal(v).quantize(CENT)}"


def check_order(rule: Rule, *, occasion: str, new: dict, spent_year: dict, spent_occasion: dict,
                poverty: bool = True) -> list[Breach]:
    """Breaches of a group order: `new` = this order's amount per member; `spent_year` = what each member already
    received this year on festivals (or birthdays, for a birthday order); `spent_occasion` = on this festival.
    Every market purchase is a poverty-area purchase (`poverty`), so 湖北's extra room applies to it."""
    out: list[Breach] = []
    if occasion in EVENTS:
        cap = rule.event_caps.get(occasion)
        if cap is None:
            return []
        cap = Decimal(str(cap))
        return [Breach(member, "welfare.event_cap", f"{EVENT_NAMES[occasion]}慰问每人每次不超过 {_money(cap)} 元。")
                for member, amount in new.items() if amount > cap]
    if occasion != BIRTHDAY:
        allowed = rule.allowed_festivals or FESTIVALS
        if occasion not in allowed:
            return [Breach(None, "welfare.festival_not_allowed", "该节日不在本地允许发放节日慰问品的节日范围内。")]
    for member, amount in new.items():
        if amount <= 0:
            continue
        if occasion == BIRTHDAY:
            cap = rule.birthday_cap
            if cap is not None and spent_year.get(member, Decimal(0)) + amount > cap:
                out.append(Breach(member, "welfare.birthday_cap", f"生日慰问每人每年不超过 {_money(cap)} 元。"))
            continue
        cap = rule.festival_cap
        if cap is not None:
            room = cap + (rule.poverty_extra or Decimal(0) if poverty else Decimal(0))
            if spent_year.get(member, Decimal(0)) + amount > room:
                extra = f"（含消费扶贫另计 {_money(rule.poverty_extra)} 元）" if poverty and rule.poverty_extra else ""
                out.append(Breach(member, "welfare.festival_cap",
                                  f"节日慰问品每人每年不超过 {_money(cap)} 元{extra}，本次将超出。"))
                continue
        ocap = rule.occasion_caps.get(occasion, rule.occasion_caps.get("*"))
        if ocap is not None and spent_occasion.get(member, Decimal(0)) + amount > Decimal(str(ocap)):
            out.append(Breach(member, "welfare.occasion_cap", f"该节日慰问品每人不超过 {_money(ocap)} 元，本次将超出。"))
    return out


@dataclass(frozen=True)
class Gauge:
    total: Decimal
    certified: Decimal
    share: Decimal | None           # certified / total, 4 places
    share_min: Decimal | None
    share_ok: bool | None
    shortfall: Decimal              # certified purchases still needed to reach the share (yuan)
    per_worker: Decimal | None
    per_worker_min: Decimal | None
    per_worker_ok: bool | None
    cap: Decimal | None
    max_member_spent: Decimal
    room: Decimal | None            # the smallest remaining room under the festival cap among members


def gauge(rule: Rule | None, *, total: Decimal, certified: Decimal, workers: int, max_member_spent: Decimal) -> Gauge:
    share = (certified / total).quantize(Decimal("0.0001"), ROUND_HALF_UP) if total else None
    share_min = rule.poverty_share_min if rule else None
    share_ok = None if share_min is None else (total == 0 or certified >= share_min * total)
    # Certified purchases x needed so that (certified + x) / (total + x) >= share_min.
    shortfall = Decimal(0)
    if share_min is not None and not share_ok and share_min < 1:
        shortfall = ((share_min * total - certified) / (1 - share_min)).quantize(CENT, ROUND_HALF_UP)
    per_worker = (certified / workers).quantize(CENT, ROUND_HALF_UP) if workers else None
    pmin = rule.poverty_per_worker_min if rule else None
    per_worker_ok = None if pmin is None or per_worker is None else per_worker >= pmin
    cap = rule.festival_cap if rule else None
    room = None if cap is None else max(Decimal(0), cap - max_member_spent)
    return Gauge(total=total, certified=certified, share=share, share_min=share_min, share_ok=share_ok,
                 shortfall=shortfall, per_worker=per_worker, per_worker_min=pmin, per_worker_ok=per_worker_ok,
                 cap=cap, max_member_spent=max_member_spent, room=room)

"""The registry of payout sources: each domain app says what is payable and hears what was paid."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from niangjia.core.errors import Invalid


@dataclass(frozen=True)
class PayoutItem:
    """One approved amount an app wants paid to a person."""

    source_id: int
    org_id: int
    person_index: str
    name: str
    amount: Decimal
    purpose: str
    note: str = ""
    user_id: int | None = None
    prepared_by_id: int | None = None  # who prepared the underlying distribution (双人复核 on release)


@dataclass(frozen=True)
class PayoutSource:
    key: str
    label: str  # e.g. 困难帮扶
    budget: str  # the budget the money comes from, shown before every confirmation
    # (actor, org, excluded source ids query) -> items of org's subtree that are approved and not yet paid
    payable: Callable[..., Iterator[PayoutItem]]
    # (actor, [source_id], when) -> the app records the payment (status, ledger, messages)
    on_paid: Callable[..., None]
    # (actor, [source_id], reason) -> optional: the app notes a returned payment
    on_returned: Callable[..., None] | None = None
    links: dict = field(default_factory=dict)


_SOURCES: dict[str, PayoutSource] = {}


def register(source: PayoutSource) -> None:
    _SOURCES[source.key] = source


def get(key: str) -> PayoutSource:
    try:
        return _SOURCES[key]
    except KeyError:
        raise Invalid("发放类别不正确。", code="payout.source") from None


def all_sources() -> Iterable[PayoutSource]:
    return list(_SOURCES.values())

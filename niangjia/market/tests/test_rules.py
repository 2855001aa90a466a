"""The flash-sale rules, from issue 15: a sale is open between its start and end; 已抢完 when nothing is left;
no listing from an expired certificate; quantity at least 1 and at most the per-member limit."""

import datetime as dt
from decimal import Decimal as D

import pytest

from niangjia.market import rules

T0 = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
T1 = T0 + dt.timedelta(hours=1)


@pytest.mark.parametrize(("now", "sold", "stock", "expected"), [
    (T0 - dt.timedelta(seconds=1), 0, 10, rules.UPCOMING),
    (T0, 0, 10, rules.OPEN),
    (T0, 9, 10, rules.OPEN),
    (T0, 10, 10, rules.SOLD_OUT),
    (T1 - dt.timedelta(seconds=1), 10, 10, rules.SOLD_OUT),
    (T1, 0, 10, rules.ENDED),  # the end instant is already closed
])
def test_sale_state(now, sold, stock, expected):
    assert rules.sale_state(starts_at=T0, ends_at=T1, stock_total=stock, sold=sold, now=now) == expected


NEW = {"stock": 100, "per_member_limit": 1, "starts_at": T0, "ends_at": T1,
       "certificate_expires": dt.date(2027, 1, 1), "product_on_sale": True, "now": T0 - dt.timedelta(hours=1)}


@pytest.mark.parametrize(("change", "code"), [
    ({"product_on_sale": False}, "market.product_off"),
    ({"stock": 0}, "market.stock"),
    ({"per_member_limit": 0}, "market.limit"),
    ({"ends_at": T0}, "market.period"),
    ({"now": T1}, "market.period"),
    ({"ends_at": T0 + dt.timedelta(days=32)}, "market.period"),
    ({"certificate_expires": dt.date(2026, 11, 30)}, "market.certificate_expired"),  # expired: no new listing
])
def test_new_sale_refusals(change, code):
    with pytest.raises(rules.RuleError) as exc:
        rules.check_new_sale(**{**NEW, **change})
    assert exc.value.code == code


def test_new_sale_accepted_when_certificate_valid_through_the_end():
    rules.check_new_sale(**{**NEW, "certificate_expires": T1.date()})


@pytest.mark.parametrize(("quantity", "limit", "code"), [(0, 1, "market.quantity"), (2, 1, "over_limit"), (-1, 5, "market.quantity")])
def test_quantity_refusals(quantity, limit, code):
    with pytest.raises(rules.RuleError) as exc:
        rules.check_quantity(quantity, limit)
    assert exc.value.code == code


def test_amount_is_exact():
    assert rules.order_amount(D("59.90"), 3) == D("179.70")


def test_sessions_rules():
    import datetime as dt

    from niangjia.market import rules as r

    t = dt.datetime(2026, 9, 10, 10, 0, tzinfo=dt.UTC)
    h = dt.timedelta(hours=1)
    assert r.check_sessions([(t + 2 * h, t + 3 * h), (t, t + h)]) == [(t, t + h), (t + 2 * h, t + 3 * h)]
    assert r.check_sessions([(t, t + h), (t + h, t + 2 * h)])  # back to back is not an overlap
    for bad in ([], [(t, t)], [(t, t + 2 * h), (t + h, t + 3 * h)], [(t + i * h, t + i * h + h / 2) for i in range(21)]):
        with pytest.raises(r.RuleError):
            r.check_sessions(bad)
    sessions = [(t, t + h), (t + 2 * h, t + 3 * h)]
    assert r.current_window(sessions, t - h) == (t, t + h)            # before: the first
    assert r.current_window(sessions, t + h / 2) == (t, t + h)        # in the first
    assert r.current_window(sessions, t + 1.5 * h) == (t + 2 * h, t + 3 * h)  # between: the next
    assert r.current_window(sessions, t + 4 * h) == (t + 2 * h, t + 3 * h)    # after: the last (ended)
    assert r.current_window([], t) is None

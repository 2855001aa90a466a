"""Retention of the market app's own records (registered with core's nightly retention job in MarketConfig.ready).

A paid order is a purchase record (finance) and stays. An order released because it was not paid in time moved
no money and no goods: after its period it goes (who tried to buy what, and when). Reconciliation counts only
pending and paid orders, so it is unchanged.
"""

import datetime as dt

from niangjia.market.models import Order

RELEASED_ORDER_DAYS = 180


def purge_released_orders(before: dt.datetime) -> int:
    return Order.objects.filter(status=Order.Status.RELEASED, released_at__lt=before).delete()[0]

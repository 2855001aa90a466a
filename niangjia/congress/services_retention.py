"""Retention of the congress app's own records (registered with core's nightly retention job in
CongressConfig.ready).

A secret ballot's receipt says only that a delegate voted; it exists to stop a second ballot while the vote is
open. Once the motion is closed its counts are frozen on the motion, so the receipts go after their period.
Delegates, check-ins and open (记名) ballots are the congress's minutes and stay.
"""

import datetime as dt

from niangjia.congress.models import BallotReceipt, Motion

RECEIPT_DAYS = 365


def purge_secret_ballot_receipts(before: dt.datetime) -> int:
    return BallotReceipt.objects.filter(motion__status=Motion.Status.CLOSED, motion__closed_at__lt=before).delete()[0]

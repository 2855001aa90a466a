"""Retention of the care app's own records (registered with core's nightly retention job in CareConfig.ready).

The greeting lists and amounts are finance records of the union and stay. The photo of a signed paper receipt is
an accounting voucher: 《会计档案管理办法》(2015) keeps vouchers 30 years, after which the photo (the
recipient's signature and face of the form) is deleted; the row keeps that it was confirmed on paper and when.
"""

import datetime as dt

from niangjia.care.models import Recipient
from niangjia.core.services.uploads import delete_attachments

RECEIPT_PHOTO_DAYS = 365 * 30


def purge_receipt_photos(before: dt.datetime) -> int:
    old = Recipient.objects.filter(receipt_photo__isnull=False, confirmed_at__lt=before)
    photos = list(old.values_list("receipt_photo_id", flat=True))
    if not photos:
        return 0
    Recipient.objects.filter(receipt_photo_id__in=photos).update(receipt_photo=None)
    return delete_attachments(photos)

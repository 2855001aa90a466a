"""Retention of mutual aid's own records (registered with core's nightly retention job in MutualAidConfig.ready).

A refused claim paid nothing: its encrypted diagnosis, hospital, invoice number and invoice photos go once its
period after filing has passed (a claim is decided within days of filing; the claim has no refusal time of its
own). Approved and paid claims are finance records and stay.
"""

import datetime as dt

from niangjia.core.services.uploads import delete_attachments
from niangjia.mutual_aid.models import Claim

REJECTED_DAYS = 365 * 3


def purge_rejected_claims(before: dt.datetime) -> int:
    ids = list(Claim.objects.filter(status=Claim.Status.REJECTED, created_at__lt=before, ledger__isnull=True,
                                    payout_batch__isnull=True).values_list("pk", flat=True))
    if not ids:
        return 0
    photos = list(Claim.photos.through.objects.filter(claim_id__in=ids).values_list("attachment_id", flat=True))
    deleted = Claim.objects.filter(pk__in=ids).delete()[1].get("mutual_aid.Claim", 0)
    delete_attachments(photos)
    return deleted

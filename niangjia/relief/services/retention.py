"""Retention of relief's own records (registered with core's nightly retention job in ReliefConfig.ready).

An application that was refused paid nothing, so no finance rule keeps it: its amounts, description, invoices,
approval steps, stored decision and evidence photos go once its period after the refusal has passed.
Approved applications are finance records (their ledger rows protect them) and stay.
"""

import datetime as dt

from niangjia.core.services.uploads import delete_attachments
from niangjia.relief.models import Application

REJECTED_DAYS = 365 * 3


def purge_rejected_applications(before: dt.datetime) -> int:
    old = Application.objects.filter(status=Application.Status.REJECTED, decided_at__lt=before,
                                     disbursements__isnull=True)
    ids = list(old.values_list("pk", flat=True))
    if not ids:
        return 0
    photos = list(Application.evidence.through.objects.filter(application_id__in=ids)
                  .values_list("attachment_id", flat=True))
    deleted = Application.objects.filter(pk__in=ids).delete()[1].get("relief.Application", 0)
    delete_attachments(photos)
    return deleted

"""Duty roster (值班表): who answers the hotline on which day and shift."""

import datetime as dt

from django.db import transaction

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Invalid
from niangjia.core.models import Org, User
from niangjia.rights.models import DutyShift
from niangjia.rights.services.common import not_found


@transaction.atomic
def add_shift(actor, *, org: Org, day: dt.date, shift: str, staff_id: int) -> DutyShift:
    scoping.require(actor, org)
    if shift not in DutyShift.Shift.values:
        raise Invalid("请选择班次。", code="rights.shift")
    staff = User.objects.filter(pk=staff_id, is_active=True).first()
    if staff is None or not scoping.covers(staff, org):
        raise Invalid("只能安排本组织的工作人员值班。", code="rights.shift_staff")
    if DutyShift.objects.filter(org=org, day=day, shift=shift, staff=staff).exists():
        raise Conflict("该人员已在这个班次。", code="rights.shift_duplicate")
    d = DutyShift.objects.create(org=org, day=day, shift=shift, staff=staff)
    audit.record(actor, "rights.duty_add", d, org=org, summary={"day": str(day), "shift": shift, "staff": staff.pk})
    return d


@transaction.atomic
def remove_shift(actor, *, shift_id: int) -> None:
    d = DutyShift.objects.select_related("org").filter(pk=shift_id).first()
    if d is None or not scoping.covers(actor, d.org):
        raise not_found()
    audit.record(actor, "rights.duty_remove", d, org=d.org, summary={"day": str(d.day), "shift": d.shift})
    d.delete()

"""Congress settings edited on the workbench: the 差额率 (minimum share of extra candidates in an election).

The value is the congress's own 选举办法 as data (`Congress.min_candidate_pct`, 100–300 and a database check); it is
checked when an election is created, so a change applies to elections created after it. Staff in scope only;
audited with the old and the new value."""

from django.db import transaction

from niangjia.congress import rules
from niangjia.congress.models import Congress
from niangjia.core import audit, scoping
from niangjia.core.errors import Invalid, NotFound


@transaction.atomic
def set_min_candidate_pct(*, actor, congress_id: int, value) -> Congress:
    congress = Congress.objects.select_for_update().select_related("org").filter(pk=congress_id).first()
    if congress is None or not scoping.covers(actor, congress.org):
        raise NotFound("未找到这届职代会。")
    pct = rules.parse_min_candidate_pct(value)
    if pct is None:
        low, high = rules.MIN_CANDIDATE_PCT
        raise Invalid(f"差额率请填写 {low} 到 {high} 之间的整数百分比（{low} 表示候选人只需多于应选人数；"
                      f"选举办法规定差额 20% 时填 120）。", code="congress.min_candidate_pct",
                      details={"min": low, "max": high})
    if pct != congress.min_candidate_pct:
        old = congress.min_candidate_pct
        congress.min_candidate_pct = pct
        congress.save(update_fields=["min_candidate_pct"])
        audit.record(actor, "congress.min_candidate_pct", congress, org=congress.org,
                     summary={"min_candidate_pct": {"old": old, "new": pct}})
    return congress

"""Delegates from an election's results (issue 14: "Delegates come from Excel import or election results").

Candidates are stored by name (as they are printed on the ballot), so each elected name must match exactly one active
member of the union's subtree with a Niangjia account; like the Excel import it is all-or-nothing: one name that does
not match, matches two members, or is already a delegate refuses the whole list and creates nothing."""

from django.db import transaction
from django.utils import timezone

from niangjia.congress import rules
from niangjia.congress.models import Candidate, Congress, Delegate, DelegateGroup, Motion
from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Member


@transaction.atomic
def delegates_from_election(*, actor, motion_id: int, group_name: str) -> list[Delegate]:
    motion = Motion.objects.select_related("sitting__congress__org").filter(pk=motion_id).first()
    if motion is None or not scoping.covers(actor, motion.sitting.congress.org):
        raise NotFound("未找到这个议题。")
    # The congress row lock serialises this with the Excel import and a second click.
    congress = Congress.objects.select_for_update().select_related("org").get(pk=motion.sitting.congress_id)
    if motion.kind != Motion.Kind.ELECTION or motion.status != Motion.Status.CLOSED:
        raise Conflict("只有已经结束计票的选举才能按结果产生代表。", code="congress.not_closed_election")
    if Motion.objects.filter(sitting__congress=congress, status=Motion.Status.OPEN).exists():
        raise Conflict("有议题正在表决，表决结束后再产生代表。", code="congress.voting_open")
    group_name = (group_name or "").strip()
    if not group_name or len(group_name) > 60:
        raise Invalid("请填写代表团名称（不超过 60 字）。", code="congress.group_name")
    elected = list(Candidate.objects.filter(motion=motion, elected=True).order_by("id").values_list("name", "member_id"))
    names = [n for n, _m in elected]
    if not names:
        raise Conflict("这次选举没有当选人，不能产生代表。", code="congress.none_elected")
    # A written-in person (另选他人) was identified when the ballot named them: use that member, not the name.
    pinned = {n: m for n, m in elected if m}
    found: dict[str, list[Member]] = {}
    for m in Member.objects.filter(congress.org.subtree_q(prefix="org__"), status=Member.Status.ACTIVE,
                                   name__in=[n for n in names if n not in pinned]):
        found.setdefault(m.name, []).append(m)
    by_pk = Member.objects.filter(congress.org.subtree_q(prefix="org__"), status=Member.Status.ACTIVE).in_bulk(
        list(pinned.values()))
    found.update({n: [by_pk[pk]] for n, pk in pinned.items() if pk in by_pk})
    taken = set(Delegate.objects.filter(congress=congress).values_list("member_id", flat=True))
    taken_users = set(Delegate.objects.filter(congress=congress).values_list("user_id", flat=True))
    errors, chosen = [], []
    for name in names:
        ms = found.get(name, [])
        if not ms:
            errors.append(f"{name}：不是本工会范围内的在册会员")
        elif len(ms) > 1:
            errors.append(f"{name}：本工会有 {len(ms)} 名同名会员，请用 Excel 按身份证号导入")
        elif ms[0].user_id is None:
            errors.append(f"{name}：还没有注册娘家账号")
        elif ms[0].pk in taken or ms[0].user_id in taken_users:
            errors.append(f"{name}：已经是本届代表")
        else:
            chosen.append(ms[0])
    if errors:
        raise Conflict("没有产生任何代表：" + "；".join(errors) + "。", code="congress.elected_rejected",
                       details={"errors": errors})
    group, _created = DelegateGroup.objects.get_or_create(congress=congress, name=group_name)
    today = timezone.localdate()
    delegates = Delegate.objects.bulk_create([
        Delegate(congress=congress, group=group, member=m, user_id=m.user_id, name=m.name, is_woman=m.gender == "F",
                 is_young=rules.is_young(m.birth_date, today)) for m in chosen])
    audit.record(actor, "congress.delegates_from_election", motion, org=congress.org,
                 summary={"group": group_name, "names": names})
    return delegates

"""Delegates from an Excel file, all-or-nothing (core.spreadsheets): each row names an active member of the union
(by ID number), the delegation, and whether the delegate is a middle manager or a front-line worker. Women and young
workers are taken from the member record (gender, birth date), not typed. One bad row refuses the whole file."""

from django.db import transaction
from django.utils import timezone

from niangjia.congress import rules
from niangjia.congress.models import Congress, Delegate, DelegateGroup, Motion
from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, NotFound
from niangjia.core.models import Member
from niangjia.core.spreadsheets import ImportRejected, RowError, read_person_rows, read_rows

HEADERS = ["姓名", "身份证号", "代表团", "中层以上管理人员", "一线职工"]
REQUIRED = ["姓名", "身份证号", "代表团"]
EXAMPLE = ["张三", "110101199001011234", "驾驶员代表团", "否", "是"]


@transaction.atomic
def import_delegates(*, actor, congress_id: int, upload) -> list[Delegate]:
    congress = Congress.objects.select_for_update().select_related("org").filter(pk=congress_id).first()
    if congress is None or not scoping.covers(actor, congress.org):
        raise NotFound("未找到这届职代会。")
    if Motion.objects.filter(sitting__congress=congress, status=Motion.Status.OPEN).exists():
        raise Conflict("有议题正在表决，表决结束后再导入代表。", code="congress.voting_open")
    rows = read_rows(upload, HEADERS, REQUIRED)
    errors, wanted = read_person_rows(rows)
    by_line = dict(rows)
    members = {m.id_index: m for m in Member.objects.filter(
        congress.org.subtree_q(prefix="org__"), status=Member.Status.ACTIVE, id_index__in=[w[2] for w in wanted])}
    taken = set(Delegate.objects.filter(congress=congress).values_list("member_id", flat=True))
    taken_users = set(Delegate.objects.filter(congress=congress).values_list("user_id", flat=True))
    groups = {g.name: g for g in DelegateGroup.objects.filter(congress=congress)}
    today = timezone.localdate()
    new = []
    for line, name, index in wanted:
        row = by_line[line]
        m = members.get(index)
        manager, frontline = rules.parse_yes_no(row.get("中层以上管理人员", "")), rules.parse_yes_no(row.get("一线职工", ""))
        group = (row.get("代表团") or "").strip()[:60]
        if m is None:
            errors.append(RowError(line, f"{name}：不是本工会范围内的在册会员"))
        elif m.user_id is None:
            errors.append(RowError(line, f"{name}：还没有注册娘家账号，不能在手机上签到和表决，请先注册"))
        elif m.pk in taken or m.user_id in taken_users:
            errors.append(RowError(line, f"{name}：已经是本届代表"))
        elif manager is None or frontline is None:
            errors.append(RowError(line, f"{name}：“中层以上管理人员”“一线职工”请填“是”或“否”"))
        elif manager and frontline:
            errors.append(RowError(line, f"{name}：中层以上管理人员不能同时是一线职工"))
        elif not group:
            errors.append(RowError(line, f"{name}：请填写代表团"))
        else:
            taken.add(m.pk)
            taken_users.add(m.user_id)
            new.append((m, group, manager, frontline))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.line))
    for _m, group, _a, _b in new:
        if group not in groups:
            groups[group] = DelegateGroup.objects.create(congress=congress, name=group)
    delegates = Delegate.objects.bulk_create([
        Delegate(congress=congress, group=groups[group], member=m, user_id=m.user_id, name=m.name, is_manager=manager,
                 is_frontline=frontline, is_woman=m.gender == "F", is_young=rules.is_young(m.birth_date, today))
        for m, group, manager, frontline in new])
    audit.record(actor, "congress.delegates_import", congress, org=congress.org, summary={"count": len(delegates)})
    return delegates

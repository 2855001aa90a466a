"""Demo proposals: 273 proposals of 恒通物流's congress in varied states (Shangluo handled 273 in 2020), six
departments that answer them, some overdue for 督办. Idempotent: only what is missing is created."""

import datetime as dt
import random

TOTAL = 273
DEPARTMENTS = [("人力资源部", "王主任"), ("安全生产部", "李部长"), ("后勤保障部", "赵经理"), ("财务部", "钱会计"),
               ("运营管理部", "孙经理"), ("工会办公室", "周主席")]
# (status, how many): 120+40+30+40+8+15+12+8 = 273
PLAN = [("archived", 120), ("rated", 40), ("answered", 30), ("assigned", 40), ("accepted", 8), ("converted", 15),
        ("submitted", 12), ("drafting", 8)]
SUBJECTS = ["关于改善驾驶员休息室条件的提案", "关于夏季高温津贴及时发放的提案", "关于增加分拣中心夜班餐补的提案",
            "关于完善职工体检项目的提案", "关于规范加班调休管理的提案", "关于设立女职工哺乳室的提案",
            "关于提高一线职工技能补贴的提案", "关于改善仓库通风降温设施的提案", "关于职工子女暑期托管的提案",
            "关于优化车辆维修配件采购流程的提案", "关于增设职工电动车充电桩的提案", "关于开展青年职工技能竞赛的提案"]
RATINGS = ["satisfied"] * 6 + ["mostly"] * 3 + ["unsatisfied"]


def seed_proposals(stdout, union) -> None:
    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone

    from niangjia.congress import rules
    from niangjia.congress.models import Congress, Delegate, Department, Proposal, Seconder

    congress = Congress.objects.filter(org=union).order_by("id").first()
    have = Proposal.objects.filter(congress=congress).count()
    if congress is None or have >= TOTAL:
        return
    rng = random.Random(273)
    with transaction.atomic():
        depts = []
        for name, contact in DEPARTMENTS:
            d, _ = Department.objects.get_or_create(org=union, name=name, defaults={"contact_name": contact})
            depts.append(d)
        delegates = list(Delegate.objects.filter(congress=congress).order_by("id"))
        start = (Proposal.objects.filter(congress=congress).aggregate(n=Max("number"))["n"] or 0) + 1
        states = [s for s, n in PLAN for _ in range(n)][have:]
        today = timezone.localdate()
        now = timezone.now()
        rows = []
        for i, status in enumerate(states):
            proposer = delegates[rng.randrange(len(delegates))]
            created = now - dt.timedelta(days=rng.randint(40, 90))
            p = Proposal(congress=congress, number=start + i, proposer=proposer, status=status,
                         title=SUBJECTS[(start + i) % len(SUBJECTS)], created_at=created,
                         reason="职工反映较多，现有做法不能满足需要，影响职工切身利益。",
                         measures="建议相关部门调查研究，制定具体措施并明确完成时限。")
            if status != "drafting":
                p.submitted_at = created + dt.timedelta(days=2)
            if status == "converted" or (status not in ("drafting", "submitted", "accepted") and i % 9 == 0):
                p.is_opinion, p.review_note = True, "内容属于日常管理事项，转为意见建议办理"
            if status in ("assigned", "answered", "rated", "archived"):
                p.lead_department = depts[i % len(depts)]
                p.assigned_at = created + dt.timedelta(days=5)
                p.reply_days = 30
                overdue = status == "assigned" and i % 4 == 0  # 10 of the 40 are past their deadline
                base = today - dt.timedelta(days=35) if overdue else today - dt.timedelta(days=rng.randint(1, 20))
                p.reply_due = rules.period_end(base, 30)
            if status in ("answered", "rated", "archived"):
                p.reply = f"{p.lead_department.name}答复：已研究制定改进方案，计划于本季度内落实，并将落实情况向代表反馈。"
                p.answered_at = p.assigned_at + dt.timedelta(days=rng.randint(5, 28))
            if status in ("rated", "archived"):
                p.rating = RATINGS[i % len(RATINGS)]
                p.sent_back = 1 if p.rating == "unsatisfied" else 0
                p.rated_at = p.answered_at + dt.timedelta(days=3)
            if status == "archived":
                p.archived_at = p.rated_at + dt.timedelta(days=2)
            rows.append(p)
        Proposal.objects.bulk_create(rows)
        created = list(Proposal.objects.filter(congress=congress, number__gte=start).order_by("number"))
        seconders = []
        for p in created:
            want = 1 if p.status == "drafting" and p.number % 2 else rng.randint(2, 5)
            others = [d for d in rng.sample(delegates, want + 1) if d.pk != p.proposer_id][:want]
            seconders += [Seconder(proposal=p, delegate=d) for d in others]
        Seconder.objects.bulk_create(seconders)
        for p in created:
            if p.lead_department_id and p.number % 3 == 0:
                p.co_departments.add(depts[(p.number + 1) % len(depts)])
    stdout.write(f"congress: {len(rows)} proposals in varied states, {len(DEPARTMENTS)} departments\n")

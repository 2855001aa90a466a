"""Demo of collective wage bargaining at 恒通物流有限公司工会 (created once, through the services):

- 2020 "少量降薪换不裁员": proposal, answer, teams of 3, two rounds with signed minutes, positions (the employer's
  -10% then -5% with a no-layoff promise), the agreement voted on paper by the congress (recorded as history: the
  online congress demo keeps its sitting free of motions), signed, filed, in force, now expired;
- 2026 renewal: the employer's answer to the union's proposal is due in a few days (it shows in the to-do centre).

The worker 王师傅 (13800000011) is a member of this union and sees both on the phone."""

import datetime as dt
from decimal import Decimal

TITLE_2020 = "少量降薪换不裁员"
TITLE_NOW = "2026—2027 年度工资集体协商"


def seed(stdout) -> None:
    from django.utils import timezone

    from niangjia.bargaining import rules, services
    from niangjia.bargaining.models import Negotiation, StageChange
    from niangjia.core import pii
    from niangjia.core.models import Org, User

    union = Org.objects.filter(name="恒通物流有限公司工会").first()
    admin = User.objects.filter(phone_index=pii.blind_index("13800000001", purpose="phone")).first()
    if union is None or admin is None or Negotiation.objects.filter(org=union).exists():
        return
    D = dt.date
    n = services.start_negotiation(
        actor=admin, org_id=union.pk, title=TITLE_2020, year=2020, from_side="union", workers_covered=1260,
        content="受疫情影响企业经营困难。工会代表全体职工提出就 2020 年工资进行集体协商：以少量降薪换取不裁员、不欠薪。",
        received_on=D(2020, 3, 2), today=D(2020, 3, 2))
    services.answer_offer(actor=admin, negotiation_id=n.pk, accepted=True, reason="同意协商",
                          answered_on=D(2020, 3, 9), today=D(2020, 3, 9))
    team = {"union": [("周立群", "工会主席", True), ("陈小燕", "驾驶员代表", False), ("刘强", "仓储班组长", False)],
            "employer": [("黄建华", "总经理", True), ("孙莉", "人力资源部经理", False), ("马涛", "财务总监", False)]}
    for side, people in team.items():
        for name, position, chief in people:
            services.add_representative(actor=admin, negotiation_id=n.pk, side=side, name=name, position=position,
                                        is_chief=chief)
    services.start_talks(actor=admin, negotiation_id=n.pk)
    rounds = [(D(2020, 3, 12), "企业经营状况通报；双方提出工资方案", "企业方提出降薪 10%；工会方提出不降薪、保就业。"),
              (D(2020, 3, 19), "降薪幅度与不裁员承诺", "双方同意 2020 年降薪 5%，企业承诺全年不裁员、不欠薪。")]
    for held_on, agenda, minutes in rounds:
        r = services.add_round(actor=admin, negotiation_id=n.pk, held_on=held_on, agenda=agenda, today=held_on)
        services.record_minutes(actor=admin, round_id=r.pk, minutes=minutes)
        for side in rules.SIDES:
            services.sign_minutes(actor=admin, round_id=r.pk, side=side, signed_on=held_on, today=held_on)
        if held_on.day == 12:
            services.add_position(actor=admin, negotiation_id=n.pk, side="employer", round_id=r.pk,
                                  terms=rules.WageTerms(increase_pct=Decimal("-10.00"),
                                                        piece_rates=(("城区派送（元/票）", Decimal("1.10")),)))
            services.add_position(actor=admin, negotiation_id=n.pk, side="union", round_id=r.pk,
                                  terms=rules.WageTerms(increase_pct=Decimal("0.00"), special_terms="不裁员、不欠薪"))
        else:
            services.add_position(actor=admin, negotiation_id=n.pk, side="employer", round_id=r.pk,
                                  terms=rules.WageTerms(increase_pct=Decimal("-5.00"),
                                                        special_terms="2020 年降薪 5%，承诺不裁员",
                                                        piece_rates=(("城区派送（元/票）", Decimal("1.20")),)))
    terms = rules.WageTerms(increase_pct=Decimal("-5.00"), minimum_wage=Decimal("2010.00"),
                            special_terms="2020 年降薪 5%，承诺不裁员",
                            piece_rates=(("城区派送（元/票）", Decimal("1.20")),))
    services.draft_agreement(
        actor=admin, negotiation_id=n.pk, title="恒通物流有限公司 2020 年工资专项集体合同", terms=terms,
        term_start=D(2020, 4, 1), term_end=D(2021, 3, 31), workers_covered=1260,
        text="第一条 2020 年 4 月至 2021 年 3 月，全体职工月工资下调 5%，最低月工资不低于 2010 元。\n"
             "第二条 合同期内企业不以经济性裁员方式解除劳动合同，按月足额支付工资。\n"
             "第三条 企业经营好转后，双方另行协商恢复工资水平。")
    # The 2020 congress voted on paper; the online congress demo keeps its sitting free of motions.
    n.refresh_from_db()
    StageChange.objects.create(negotiation=n, old="draft", new="approved", action="congress_passed", actor=admin,
                               note="第三届职代会第一次会议纸质表决：应到 295 人，实到 268 人，赞成 251 票，通过")
    Negotiation.objects.filter(pk=n.pk).update(stage="approved")
    services.sign_agreement(actor=admin, negotiation_id=n.pk, signed_on=D(2020, 3, 25), today=D(2020, 3, 25))
    services.record_filing(actor=admin, negotiation_id=n.pk, received_on=D(2020, 3, 30), today=D(2020, 3, 30))
    services.take_effect_due(today=D(2020, 4, 16))
    services.expire_due(today=timezone.localdate())

    today = timezone.localdate()
    current = services.start_negotiation(
        actor=admin, org_id=union.pk, title=TITLE_NOW, year=today.year, from_side="union", workers_covered=1310,
        content="工会提出就下一年度工资增长、最低工资标准和驾驶员计件单价进行集体协商。",
        received_on=today - dt.timedelta(days=17), today=today)
    stdout.write(f"bargaining: 2 negotiations at {union.name} ({TITLE_2020}; {TITLE_NOW}, answer due "
                 f"{current.offer.reply_due:%Y-%m-%d})\n")

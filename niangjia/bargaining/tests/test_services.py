"""Services: each step with its statutory date (the platform calendar: 2026 State Council notice), each refusal
with nothing written, the audit events and the scope check."""

import datetime as dt
from decimal import Decimal

import pytest

from niangjia.bargaining import rules, selectors, services
from niangjia.bargaining.models import (
    Agreement,
    Negotiation,
    Offer,
    Position,
    Representative,
    Round,
    StageChange,
)
from niangjia.bargaining.tests.conftest import start, to_draft, to_talks
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import AuditEvent

D = dt.date


def test_offer_reply_due_uses_the_platform_calendar(people):
    n = start(people, received_on=D(2026, 9, 11))
    # +20 days = 10-01, inside 国庆 (10-01..10-07 under the 2026 notice): the period ends on Thu 10-08.
    assert n.offer.reply_due == D(2026, 10, 8)
    assert n.stage == "offer"
    assert AuditEvent.objects.filter(action="bargaining.start", object_id=str(n.pk)).exists()


def test_accepting_sets_the_talks_deadline_in_working_days(people, negotiation):
    services.answer_offer(actor=people.staff, negotiation_id=negotiation.pk, accepted=True,
                          answered_on=D(2026, 9, 28))
    negotiation.refresh_from_db()
    assert negotiation.stage == "preparing"
    assert negotiation.talks_due == D(2026, 10, 16)  # 10 working days, 国庆 skipped, Sat 10-10 worked


def test_refusal_without_reason_is_flagged_and_listed(people, negotiation):
    offer = services.answer_offer(actor=people.staff, negotiation_id=negotiation.pk, accepted=False, reason=" ",
                                  answered_on=D(2026, 9, 20))
    assert offer.refused_without_reason
    assert list(selectors.refusals_without_reason(actor=people.staff)) == [offer]
    assert list(selectors.refusals_without_reason(actor=people.outsider)) == []


def test_teams_must_be_equal_and_three_with_one_chief(people, negotiation):
    services.answer_offer(actor=people.staff, negotiation_id=negotiation.pk, accepted=True, answered_on=D(2026, 9, 20))
    for i in range(3):
        services.add_representative(actor=people.staff, negotiation_id=negotiation.pk, side="union", name=f"U{i}",
                                    is_chief=i == 0)
    for i in range(2):
        services.add_representative(actor=people.staff, negotiation_id=negotiation.pk, side="employer", name=f"E{i}",
                                    is_chief=i == 0)
    with pytest.raises(Conflict) as exc:
        services.start_talks(actor=people.staff, negotiation_id=negotiation.pk)
    assert "至少应有 3 人" in exc.value.message and "应当相等" in exc.value.message
    with pytest.raises(Conflict):
        services.add_representative(actor=people.staff, negotiation_id=negotiation.pk, side="union", name="第二首席",
                                    is_chief=True)
    assert Representative.objects.filter(negotiation=negotiation, is_chief=True, side="union").count() == 1
    negotiation.refresh_from_db()
    assert negotiation.stage == "preparing"


def test_rounds_are_numbered_and_positions_versioned_with_changes(people, negotiation):
    to_talks(people, negotiation)
    r1 = services.add_round(actor=people.staff, negotiation_id=negotiation.pk, held_on=D(2026, 10, 12), agenda="工资")
    r2 = services.add_round(actor=people.staff, negotiation_id=negotiation.pk, held_on=D(2026, 10, 19), agenda="裁员")
    assert (r1.number, r2.number) == (1, 2)
    p1 = services.add_position(actor=people.staff, negotiation_id=negotiation.pk, side="employer",
                               terms=services.parse_terms(increase_pct="-10"), round_id=r1.pk)
    p2 = services.add_position(actor=people.staff, negotiation_id=negotiation.pk, side="employer",
                               terms=services.parse_terms(increase_pct="-5", special_terms="承诺不裁员"))
    assert (p1.version, p2.version) == (1, 2)
    assert [c["field"] for c in p2.changes] == ["increase_pct", "special_terms"]
    assert p2.changes[0]["old"] == "-10.00" and p2.changes[0]["new"] == "-5.00"
    with pytest.raises(Conflict):
        services.add_position(actor=people.staff, negotiation_id=negotiation.pk, side="employer",
                              terms=services.parse_terms(increase_pct="-5", special_terms="承诺不裁员"))
    assert Position.objects.filter(negotiation=negotiation).count() == 2


def test_minutes_need_both_chiefs_and_then_are_frozen(people, negotiation):
    to_talks(people, negotiation)
    rnd = services.add_round(actor=people.staff, negotiation_id=negotiation.pk, held_on=D(2026, 10, 12), agenda="工资")
    with pytest.raises(Conflict):
        services.sign_minutes(actor=people.staff, round_id=rnd.pk, side="union", signed_on=D(2026, 10, 12))
    services.record_minutes(actor=people.staff, round_id=rnd.pk, minutes="双方同意降薪 5%，企业承诺不裁员。")
    services.sign_minutes(actor=people.staff, round_id=rnd.pk, side="union", signed_on=D(2026, 10, 12))
    rnd = services.sign_minutes(actor=people.staff, round_id=rnd.pk, side="employer", signed_on=D(2026, 10, 13))
    assert rnd.minutes_signed
    with pytest.raises(Conflict):
        services.record_minutes(actor=people.staff, round_id=rnd.pk, minutes="改写")


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"increase_pct": "1e3"}, "bargaining.pct"),
    ({"increase_pct": "NaN"}, "bargaining.pct"),
    ({"increase_pct": "3.123"}, "bargaining.pct"),
    ({"increase_pct": "200"}, "bargaining.terms"),
    ({}, "bargaining.terms"),
    ({"minimum_wage": "1,000"}, None),
    ({"increase_pct": "1" * 40}, "bargaining.pct"),
])
def test_bad_terms_are_refused_in_chinese(kwargs, code):
    if code is None:
        with pytest.raises(Invalid):
            services.parse_terms(**kwargs)
        return
    with pytest.raises(Invalid) as exc:
        services.parse_terms(**kwargs)
    assert exc.value.code == code


def test_signing_filing_and_entry_into_force(people, negotiation):
    to_draft(people, negotiation)
    Negotiation.objects.filter(pk=negotiation.pk).update(stage="approved")  # the congress step has its own test
    a = services.sign_agreement(actor=people.staff, negotiation_id=negotiation.pk, signed_on=D(2026, 9, 30))
    assert a.filing_due == D(2026, 10, 10)  # +10 = Sat 10-10, a make-up working day under the 2026 notice
    a = services.record_filing(actor=people.staff, negotiation_id=negotiation.pk, received_on=D(2026, 10, 9))
    assert a.objection_end == D(2026, 10, 26)  # 10-09 + 15 = Sat 10-24: Mon 10-26
    assert a.effective_on == D(2026, 10, 27)
    assert services.take_effect_due(today=D(2026, 10, 26)) == 0
    negotiation.refresh_from_db()
    assert negotiation.stage == "filed"
    assert services.take_effect_due(today=D(2026, 10, 27)) == 1
    negotiation.refresh_from_db()
    a.refresh_from_db()
    assert negotiation.stage == "effective"
    assert a.renewal_notice_on == D(2026, 11, 1)  # 60 days before 12-31
    assert AuditEvent.objects.filter(action="bargaining.effective", actor__isnull=True).count() == 1
    assert services.take_effect_due(today=D(2026, 10, 28)) == 0  # once only


def test_objection_within_the_period_sends_it_back(people, negotiation):
    to_draft(people, negotiation)
    Negotiation.objects.filter(pk=negotiation.pk).update(stage="approved")
    services.sign_agreement(actor=people.staff, negotiation_id=negotiation.pk, signed_on=D(2026, 11, 2))
    services.record_filing(actor=people.staff, negotiation_id=negotiation.pk, received_on=D(2026, 11, 5))
    with pytest.raises(Conflict):  # after the period the contract is in force by law
        services.object_to_filing(actor=people.staff, negotiation_id=negotiation.pk, reason="条款违法",
                                  today=D(2026, 11, 21))
    services.object_to_filing(actor=people.staff, negotiation_id=negotiation.pk, reason="最低工资低于当地标准",
                              today=D(2026, 11, 20))
    negotiation.refresh_from_db()
    assert negotiation.stage == "objected"
    assert services.take_effect_due(today=D(2026, 12, 31)) == 0


def test_wrong_stage_is_refused_and_changes_nothing(people, negotiation):
    before = (Agreement.objects.count(), Round.objects.count(), StageChange.objects.count())
    with pytest.raises(Conflict):
        services.add_round(actor=people.staff, negotiation_id=negotiation.pk, held_on=D(2026, 10, 1), agenda="x")
    with pytest.raises(Conflict):
        services.sign_agreement(actor=people.staff, negotiation_id=negotiation.pk, signed_on=D(2026, 10, 1))
    with pytest.raises(NotFound):
        services.sign_agreement(actor=people.staff, negotiation_id=negotiation.pk + 999, signed_on=D(2026, 10, 1))
    assert (Agreement.objects.count(), Round.objects.count(), StageChange.objects.count()) == before


def test_another_district_cannot_act_or_see(people, negotiation):
    for call in (
        lambda: services.answer_offer(actor=people.outsider, negotiation_id=negotiation.pk, accepted=True,
                                      answered_on=D(2026, 9, 20)),
        lambda: services.add_representative(actor=people.outsider, negotiation_id=negotiation.pk, side="union",
                                            name="X"),
        lambda: selectors.access_negotiation(actor=people.outsider, negotiation_id=negotiation.pk),
        lambda: services.give_opinion(actor=people.other_member, negotiation_id=negotiation.pk, text="我也要说"),
    ):
        with pytest.raises(NotFound):
            call()
    assert list(selectors.negotiations_for_staff(actor=people.outsider)) == []
    assert list(selectors.negotiations_for_staff(actor=people.district_staff)) == [negotiation]
    Offer.objects.get(negotiation=negotiation, answered_on__isnull=True)


def test_start_refuses_a_non_grassroots_org_and_future_dates(people):
    with pytest.raises(Invalid):
        services.start_negotiation(actor=people.district_staff, org_id=people.tree.street_a.pk, title="x", year=2026,
                                   from_side="union", content="x", received_on=D(2026, 9, 1))
    with pytest.raises(Invalid):
        services.start_negotiation(actor=people.staff, org_id=people.tree.union_a.pk, title="x", year=2026,
                                   from_side="union", content="x", received_on=D(2026, 9, 1),
                                   today=D(2026, 8, 1))
    with pytest.raises(NotFound):
        services.start_negotiation(actor=people.outsider, org_id=people.tree.union_a.pk, title="x", year=2026,
                                   from_side="union", content="x", received_on=D(2026, 9, 1))
    assert Negotiation.objects.count() == 0


def test_member_opinion_and_view(people, negotiation):
    services.give_opinion(actor=people.member, negotiation_id=negotiation.pk, text="希望不裁员")
    assert [o.text for o in selectors.own_opinions(people.member, negotiation)] == ["希望不裁员"]
    assert selectors.negotiations_for_member(people.member) == [negotiation]
    assert selectors.negotiations_for_member(people.other_member) == []


def test_statistics_count_agreements_in_force(people, negotiation):
    to_draft(people, negotiation)
    Negotiation.objects.filter(pk=negotiation.pk).update(stage="effective")
    other = start(people, title="第二项")
    to_draft(people, other)
    Agreement.objects.filter(negotiation=other).update(increase_pct=Decimal("3.00"), workers_covered=80)
    Negotiation.objects.filter(pk=other.pk).update(stage="effective")
    stats = selectors.statistics(actor=people.district_staff)
    assert stats["agreements"] == 2 and stats["covered"] == 200
    assert stats["avg_increase"] == Decimal("-1.00")  # (-5 + 3) / 2
    assert selectors.statistics(actor=people.outsider)["agreements"] == 0
    assert rules.STAGE_LABELS["effective"] == "已生效"


def test_demo_is_idempotent_and_tells_the_2020_story(tree, make_user, make_member):
    import io

    from niangjia.bargaining import demo
    from niangjia.conftest import make_org
    from niangjia.core.models import Org
    from niangjia.core.validators import uscc_check_char

    uscc = "91330102MA2AAAAA9" + uscc_check_char("91330102MA2AAAAA9")
    union = make_org("恒通物流有限公司工会", "grassroots", tree.street_a, region="330102", uscc=uscc,
                     employer="恒通物流有限公司")
    make_user(phone="13800000001", roles=[(tree.city, "admin")], name="市总工会管理员")
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    rows = dict(Negotiation.objects.filter(org=union).values_list("title", "stage"))
    assert rows == {demo.TITLE_2020: "expired", demo.TITLE_NOW: "offer"}
    a = Agreement.objects.get(negotiation__title=demo.TITLE_2020)
    assert a.special_terms == "2020 年降薪 5%，承诺不裁员" and a.increase_pct == Decimal("-5.00")
    assert a.effective_on == D(2020, 4, 15)  # received 03-30, + 15 = Tue 04-14, in force the next day
    assert Org.objects.filter(name="恒通物流有限公司工会").count() == 1


def test_reminders_once_a_day_before_the_answer_and_before_expiry(people):
    from niangjia.core.models import Message

    n = start(people, received_on=D(2026, 9, 1))  # answer due Mon 09-21
    assert services.remind_offers(today=D(2026, 9, 18)) == 0  # three days before: not yet
    assert services.remind_offers(today=D(2026, 9, 19)) == 1  # two days before
    assert services.remind_offers(today=D(2026, 9, 19)) == 0  # once a day
    assert services.remind_offers(today=D(2026, 9, 22)) == 1  # overdue, reminded again
    assert Message.objects.filter(recipient=people.staff, kind="bargaining.offer_due").count() == 2
    to_draft(people, n)
    Negotiation.objects.filter(pk=n.pk).update(stage="effective")
    Agreement.objects.filter(negotiation=n).update(renewal_notice_on=D(2026, 11, 1))
    assert services.remind_renewals(today=D(2026, 10, 31)) == 0
    assert services.remind_renewals(today=D(2026, 11, 1)) == 1
    assert services.remind_renewals(today=D(2026, 11, 2)) == 0  # once
    assert Message.objects.get(kind="bargaining.renewal").title.startswith("集体合同即将到期")


def test_opinions_are_capped_per_member(people, negotiation):
    for i in range(services.OPINIONS_PER_MEMBER):
        services.give_opinion(actor=people.member, negotiation_id=negotiation.pk, text=f"意见{i}")
    with pytest.raises(Conflict):
        services.give_opinion(actor=people.member, negotiation_id=negotiation.pk, text="再一条")
    assert negotiation.opinions.count() == services.OPINIONS_PER_MEMBER


def test_todo_centre_shows_each_deadline_with_its_colour(client, people):
    from niangjia.bargaining import todo

    n = start(people, received_on=D(2026, 9, 11))  # answer due 10-08, long past: overdue
    count, items = todo.offers_awaiting_answer(people.district_staff, 10)
    assert count == 1 and items[0].deadline == D(2026, 10, 8)
    services.answer_offer(actor=people.staff, negotiation_id=n.pk, accepted=True, answered_on=D(2026, 9, 28))
    count, items = todo.talks_to_start(people.staff, 10)
    assert count == 1 and items[0].deadline == D(2026, 10, 16)
    assert todo.talks_to_start(people.outsider, 10)[0] == 0
    assert todo.offers_awaiting_answer(people.outsider, 10) == (0, [])
    for side in rules.SIDES:
        for i in range(3):
            services.add_representative(actor=people.staff, negotiation_id=n.pk, side=side, name=f"代表{i}",
                                        is_chief=i == 0)
    services.start_talks(actor=people.staff, negotiation_id=n.pk)
    assert todo.talks_to_start(people.staff, 10)[0] == 0
    services.draft_agreement(actor=people.staff, negotiation_id=n.pk, title="2026 年工资专项集体合同", text="第一条",
                             terms=rules.WageTerms(increase_pct=Decimal("2")), term_start=D(2026, 1, 1),
                             term_end=D(2026, 12, 31), workers_covered=120)
    Negotiation.objects.filter(pk=n.pk).update(stage="approved")
    services.sign_agreement(actor=people.staff, negotiation_id=n.pk, signed_on=D(2026, 9, 30))
    count, items = todo.agreements_to_file(people.staff, 10)
    assert count == 1 and items[0].deadline == D(2026, 10, 10)
    assert todo.agreements_to_file(people.outsider, 10)[0] == 0
    services.record_filing(actor=people.staff, negotiation_id=n.pk, received_on=D(2026, 10, 9))
    count, items = todo.agreements_under_review(people.staff, 10)
    assert count == 1 and items[0].deadline == D(2026, 10, 26)
    client.force_login(people.staff)
    page = client.get("/workbench/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "集体合同审查期" in page and "2026 年工资专项集体合同" in page


def test_piece_rates_typed_on_the_page_are_parsed_and_compared(people, negotiation):
    to_talks(people, negotiation)
    services.add_position(actor=people.staff, negotiation_id=negotiation.pk, side="employer",
                          terms=services.parse_terms(piece_rates="城区派送=1.20\n郊区派送：1.80\n"))
    p2 = services.add_position(actor=people.staff, negotiation_id=negotiation.pk, side="employer",
                               terms=services.parse_terms(piece_rates="城区派送=1.10\n郊区派送=1.80"))
    assert p2.piece_rates == [{"item": "城区派送", "yuan": "1.10"}, {"item": "郊区派送", "yuan": "1.80"}]
    assert [(c["label"], c["old"], c["new"]) for c in p2.changes] == [("计件单价·城区派送（元）", "1.20", "1.10")]
    for bad in ("城区派送", "城区派送=1e3", "城区派送=-1", "城区派送=1.234", "=1.20"):
        with pytest.raises(Invalid):
            services.parse_terms(piece_rates=bad)
    assert Position.objects.filter(negotiation=negotiation).count() == 2

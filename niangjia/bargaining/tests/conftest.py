import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from niangjia.bargaining import rules, services
from niangjia.core.services.tokens import issue_token


def bearer_client(user) -> Client:
    raw, _token = issue_token(actor=None, user=user, name="test")
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")


class Setup:
    pass


@pytest.fixture
def people(tree, make_user, make_member):
    s = Setup()
    s.tree = tree
    s.staff = make_user(roles=[(tree.union_a, "staff")], name="工会干事")
    s.district_staff = make_user(roles=[(tree.district_a, "staff")], name="上城区干事")
    s.outsider = make_user(roles=[(tree.district_b, "staff")], name="西湖区干事")
    s.member = make_member(tree.union_a, name="李师傅").user
    s.other_member = make_member(tree.union_b, name="赵师傅").user
    return s


def start(people, *, received_on=dt.date(2026, 9, 11), title="少量降薪换不裁员"):
    return services.start_negotiation(actor=people.staff, org_id=people.tree.union_a.pk, title=title, year=2026,
                                      from_side="union", content="工会提出就 2026 年工资进行集体协商。",
                                      received_on=received_on, workers_covered=120)


def to_talks(people, negotiation):
    services.answer_offer(actor=people.staff, negotiation_id=negotiation.pk, accepted=True, reason="",
                          answered_on=dt.date(2026, 9, 28))
    for side in rules.SIDES:
        for i in range(3):
            services.add_representative(actor=people.staff, negotiation_id=negotiation.pk, side=side,
                                        name=f"{rules.SIDE_LABELS[side][:2]}代表{i}", is_chief=i == 0)
    services.start_talks(actor=people.staff, negotiation_id=negotiation.pk)


def to_draft(people, negotiation):
    to_talks(people, negotiation)
    return services.draft_agreement(
        actor=people.staff, negotiation_id=negotiation.pk, title="2026 年工资专项集体合同", text="第一条 ……",
        terms=rules.WageTerms(increase_pct=Decimal("-5.00"), special_terms="2020 年降薪 5%，承诺不裁员"),
        term_start=dt.date(2026, 1, 1), term_end=dt.date(2026, 12, 31), workers_covered=120)


@pytest.fixture
def negotiation(people):
    return start(people)

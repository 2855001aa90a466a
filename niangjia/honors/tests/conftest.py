import datetime as dt
from decimal import Decimal

import pytest

CRITERIA = [("需求", Decimal("20"), 10), ("方案", Decimal("30"), 10), ("团队", Decimal("20"), 10),
            ("预算", Decimal("30"), 10)]


@pytest.fixture
def city_admin(tree, make_user):
    return make_user(roles=[(tree.city, "admin")])


@pytest.fixture
def panel_setup(tree, make_user, city_admin):
    """A panel of 4 judges for 3 entries; judge[0] worked for entry B until last year (recused)."""
    from niangjia.honors import services

    panel = services.create_panel(city_admin, org_id=tree.city.pk, title="服务项目评审",
                                  activity_date=dt.date(2026, 12, 10), criteria=CRITERIA, trim_extremes=False)
    entries = [services.add_entry(city_admin, panel_id=panel.pk, title=f"项目{x}", entrant=f"{x}社工中心",
                                  uscc=f"52330100MJ000000{i}A", legal_representative=f"负责人{x}")
               for i, x in enumerate("ABC")]
    judges = []
    for i in range(4):
        user = make_user(name=f"评委{i}")
        relations = [{"kind": "employed", "uscc": "52330100MJ0000001A", "ended_on": dt.date(2025, 6, 30)}] if i == 0 else []
        judges.append(services.add_judge(city_admin, panel_id=panel.pk, phone=user.phone, name=f"评委{i}",
                                         relations=relations))
    return panel, entries, judges

"""Set-up shared by the cross-app tests of 1-3-1 job help (jobs + relief): a hardship household whose head is a
member with a login, an open file and a helper."""

from niangjia.core.selectors import active_membership_of
from niangjia.relief import services as relief_services
from niangjia.relief.reference import seed_reference


def hardship_household(*, staff, org, worker, helper, incomes=("0", "800"), region="330102"):
    seed_reference()
    member = active_membership_of(worker)
    rows = [{"name": member.name, "relation": "self", "age": 45, "work_status": "unemployed",
             "monthly_income": incomes[0]}]
    rows += [{"name": f"家属{i}", "relation": "spouse", "age": 44, "work_status": "employed", "monthly_income": inc}
             for i, inc in enumerate(incomes[1:], start=1)]
    household = relief_services.create_household(actor=staff, org_id=org.pk, head_name=member.name, region_code=region,
                                                 members=rows, bank_account="6222020200112233445",
                                                 head_member_id=member.pk)
    relief_services._create_file(staff, household, "relative", ["unemployment"], {}, helper=helper)
    return household

"""Public quote and self-test (store nothing)."""



from niangjia.core.errors import Invalid
from niangjia.relief import rules, selectors
from niangjia.relief.services.common import TEMPORARY, _rule, explain_dibao, need_dibao, to_money, uses_dibao


def quote(*, kind: str, self_paid, household_annual_income, region_code: str, year: int, already_paid_this_year=0):
    if kind not in TEMPORARY:
        raise Invalid("救助类别不正确，应为住院(hospitalization)、慢性病(chronic)或特殊困难(special)。",
                      code="relief.kind")
    self_paid = to_money(self_paid, "自付金额")
    income = to_money(household_annual_income, "家庭年收入")
    already = to_money(already_paid_this_year, "本年度已获救助")
    policy = temporary_policy(region_code, year)
    return quote_under(policy, kind=kind, self_paid=self_paid, household_annual_income=income,
                       region_code=region_code, year=year, already=already), policy


def temporary_policy(region_code: str, year: int):
    """The policy lookup shared by the public quote and the real decision (no other region's policy)."""
    policy = selectors.temporary_policy_for(region_code, year)
    if policy is None:
        name = selectors.region_names([region_code]).get(region_code, f"地区 {region_code}")
        raise Invalid(f"{name}（{region_code}）在 {year} 年没有生效的临时救助政策。", code="relief.no_policy",
                      details={"region_code": region_code, "year": year})
    return policy


def quote_under(policy, *, kind, self_paid, household_annual_income, region_code, year, already):
    """Temporary relief under a policy, with the dibao of the region and year (and its year named)."""
    used = uses_dibao(policy.params["kinds"].get(kind, {}))
    ref = selectors.dibao_ref(region_code, year)
    dibao = need_dibao(ref, region_code, year) if used else (ref.amount if ref else None)
    q = _rule(rules.quote_temporary, policy.params, kind=kind, self_paid=self_paid,
              household_annual_income=household_annual_income, dibao=dibao, already_paid_this_year=already)
    explain_dibao(q.lines, ref, used)
    return q


EXCLUSIONS = rules.DEFAULT_EXCLUSIONS  # kept for callers; the active category policy may configure its own


def exclusion_choices() -> dict[str, str]:
    """{code: label} of the exclusions the active category policy asks about (§1)."""
    policy = selectors.category_policy()
    return rules.exclusion_list(policy.params if policy else {})


def self_test(*, disposable, rigid, people: int, region_code: str, year: int, sudden_cost=0,
              exclusions: list[str] | tuple = ()):
    disposable = to_money(disposable, "家庭年可支配收入")
    rigid = to_money(rigid, "刚性支出")
    sudden_cost = to_money(sudden_cost, "突发事件支出")
    ref = selectors.dibao_ref(region_code, year)
    dibao = need_dibao(ref, region_code, year)
    policy = selectors.category_policy()
    answers = _rule(rules.exclusion_answers, policy.params, list(exclusions))
    result = _rule(rules.classify_household, policy.params, disposable=disposable, rigid=rigid, people=people,
                   dibao=dibao, sudden_cost=sudden_cost, exclusions=rules.applying_exclusions(policy.params, answers))
    explain_dibao(result.lines, ref)
    return result, dibao

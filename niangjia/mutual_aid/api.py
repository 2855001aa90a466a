"""/api/v1/mutual-aid/: the public payout calculator (same rules as real claims)."""

from ninja import Router, Schema

from niangjia.core.errors import Invalid
from niangjia.core.throttling import ClientThrottle
from niangjia.mutual_aid import rules
from niangjia.mutual_aid.services.claims import quote
from niangjia.mutual_aid.services.common import get_plan

router = Router(tags=["mutual_aid"])


class QuoteIn(Schema):
    plan: str = "ZYHZ-2020"
    kind: str
    total_cost: str | int | float | None = None
    insurance_paid: str | int | float | None = "0"
    self_paid: str | int | float | None = None
    already_paid_this_year: str | int | float | None = "0.00"


class QuoteOut(Schema):
    amount: str
    cap: str
    explanation: list[str]


@router.post("/quote", auth=None, throttle=[ClientThrottle("public")], response=QuoteOut)
def quote_endpoint(request, payload: QuoteIn):
    plan = get_plan(code=payload.plan)
    if payload.kind not in rules.KINDS:
        raise Invalid("互助类别不正确，应为 inpatient（住院）、serious_illness（重大疾病）或 "
                      "frontline_infection（一线感染）或 accidental_injury（意外伤害，计划含此项时）。", code="mutual_aid.kind")
    if payload.kind != "inpatient":
        # lump sums do not depend on the invoice; amounts are optional but still validated if given
        total = payload.total_cost if payload.total_cost not in (None, "") else "0"
        self_paid = payload.self_paid if payload.self_paid not in (None, "") else "0"
    else:
        total, self_paid = payload.total_cost, payload.self_paid
    try:
        already = rules.parse_amount(payload.already_paid_this_year or "0", "本年度已获互助金额")
    except rules.RuleError as exc:
        raise Invalid(str(exc), code="mutual_aid.invalid") from None
    q = quote(plan, payload.kind, total, payload.insurance_paid or "0", self_paid, already)
    return {"amount": str(q.amount), "cap": str(q.cap), "explanation": q.explanation}

"""/api/v1/mutual-aid/: the public payout calculator (same rules as real claims)."""

from ninja import Router, Schema

from niangjia.core.throttling import ClientThrottle
from niangjia.mutual_aid.services import quote_for

router = Router(tags=["mutual_aid"])


class MutualAidQuoteIn(Schema):
    plan: str = "ZYHZ-2020"
    kind: str
    total_cost: str | int | float | None = None
    insurance_paid: str | int | float | None = "0"
    self_paid: str | int | float | None = None
    already_paid_this_year: str | int | float | None = "0.00"


class MutualAidQuoteOut(Schema):
    amount: str
    cap: str
    explanation: list[str]


@router.post("/quote", auth=None, throttle=[ClientThrottle("public")], response=MutualAidQuoteOut)
def quote_endpoint(request, payload: MutualAidQuoteIn):
    q = quote_for(plan_code=payload.plan, kind=payload.kind, total_cost=payload.total_cost,
                  insurance_paid=payload.insurance_paid, self_paid=payload.self_paid,
                  already=payload.already_paid_this_year)
    return {"amount": str(q.amount), "cap": str(q.cap), "explanation": q.explanation}

"""Relief API, mounted at /api/v1/relief/: the public calculator and self-test, and applications."""

from typing import Literal

from ninja import Router, Schema, Status

from niangjia.core import evidence
from niangjia.core.errors import Forbidden, Invalid
from niangjia.core.throttling import ClientThrottle
from niangjia.relief import selectors, services

router = Router(tags=["relief"])


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Invalid("年度不正确。", code="relief.year")
    return year


def _region(code: str) -> str:
    if not code.isdigit() or len(code) != 6:
        raise Invalid("地区代码应为 6 位数字，例如 500000。", code="relief.region")
    return code


class ReliefQuoteIn(Schema):
    kind: Literal["hospitalization", "chronic", "special"]
    self_paid: str
    household_annual_income: str
    region_code: str
    year: int
    already_paid_this_year: str = "0.00"


class PolicyRef(Schema):
    code: str
    version: int


class ReliefQuoteOut(Schema):
    eligible: bool
    tier: int | None
    amount: str
    cap: str
    explanation: list[str]
    policy: PolicyRef


@router.post("/quote", auth=None, throttle=[ClientThrottle("public")], response=ReliefQuoteOut, summary="临时救助测算（公开）")
def quote(request, payload: ReliefQuoteIn):
    q, policy = services.quote(kind=payload.kind, self_paid=payload.self_paid,
                               household_annual_income=payload.household_annual_income,
                               region_code=_region(payload.region_code), year=_year(payload.year),
                               already_paid_this_year=payload.already_paid_this_year)
    return ReliefQuoteOut(eligible=q.eligible, tier=q.tier, amount=f"{q.amount:.2f}", cap=f"{q.cap:.2f}",
                    explanation=q.lines, policy=PolicyRef(code=policy.code, version=policy.version))


class SelfTestIn(Schema):
    annual_disposable_income: str
    rigid_expenditure: str = "0.00"
    people: int
    region_code: str
    year: int
    sudden_event_cost: str = "0.00"
    exclusions: list[str] = []


class SelfTestOut(Schema):
    category: str
    label: str
    per_capita_monthly: str | None
    dibao: str
    reason: list[str]


@router.post("/self-test", auth=None, throttle=[ClientThrottle("public")], response=SelfTestOut, summary="困难职工家庭自测（公开，不保存）")
def self_test(request, payload: SelfTestIn):
    from niangjia.relief.rules import CATEGORY_LABELS

    result, dibao = services.self_test(disposable=payload.annual_disposable_income, rigid=payload.rigid_expenditure,
                                       people=payload.people, region_code=_region(payload.region_code),
                                       year=_year(payload.year), sudden_cost=payload.sudden_event_cost,
                                       exclusions=payload.exclusions)
    return SelfTestOut(category=result.category, label=CATEGORY_LABELS[result.category],
                       per_capita_monthly=None if result.per_capita is None else f"{result.per_capita:.2f}",
                       dibao=f"{dibao:.2f}", reason=result.lines)


class InvoiceIn(Schema):
    number: str
    amount: str
    issued_on: str | None = None


class ApplicationIn(Schema):
    kind: Literal["hospitalization", "chronic", "special", "education", "living"]
    total_cost: str
    self_paid: str
    year: int | None = None
    household_id: int | None = None
    students: int = 0
    description: str = ""
    invoices: list[InvoiceIn] = []


class StepOut(Schema):
    level: str
    approve: bool
    reason: str
    at: str


class ApplicationOut(Schema):
    id: int
    kind: str
    status: str
    year: int
    self_paid: str
    total_cost: str
    household_annual_income: str
    quoted_amount: str
    granted_amount: str | None
    reason: str
    explanation: list[str] = []
    steps: list[StepOut] = []


def _out(app, with_steps: bool = False) -> ApplicationOut:
    decision = getattr(app, "decision", None) if app.status == "approved" else None
    steps = [StepOut(level=s.level, approve=s.approve, reason=s.reason, at=s.at.isoformat())
             for s in selectors.application_timeline(app)] if with_steps else []
    return ApplicationOut(
        id=app.pk, kind=app.kind, status=app.status, year=app.year, self_paid=f"{app.self_paid:.2f}",
        total_cost=f"{app.total_cost:.2f}", household_annual_income=f"{app.household_annual_income:.2f}",
        quoted_amount=f"{app.quoted_amount:.2f}",
        granted_amount=None if app.granted_amount is None else f"{app.granted_amount:.2f}", reason=app.reason,
        explanation=decision.explanation if decision else [], steps=steps)


@router.post("/applications", response={201: ApplicationOut}, summary="提交帮扶申请")
def create_application(request, payload: ApplicationIn):
    app = services.submit_application(
        actor=request.user, kind=payload.kind, total_cost=payload.total_cost, self_paid=payload.self_paid,
        year=payload.year, household_id=payload.household_id, students=payload.students,
        description=payload.description, invoices=[i.dict() for i in payload.invoices])
    return Status(201, _out(app, with_steps=True))


@router.get("/applications", response=list[ApplicationOut], summary="我的申请 / 工作台可见的申请")
def list_applications(request, mine: bool = True, status: str = ""):
    if mine:
        apps = selectors.my_applications(request.user)[:100]
    else:
        apps = selectors.applications_with_decision(actor=request.user, status=status)
    return [_out(a) for a in apps]


@router.get("/applications/{application_id}", response=ApplicationOut, summary="申请详情与审批进度")
def get_application(request, application_id: int):
    return _out(selectors.access_application(actor=request.user, application_id=application_id), with_steps=True)


class DecideIn(Schema):
    approve: bool
    reason: str = ""


@router.post("/applications/{application_id}/decide", response=ApplicationOut, summary="审批（驳回；批准须在审批页）",
             description="驳回可通过接口进行。批准帮扶资金须在工作台审批页查看全部证明材料（照片、发票、计算过程、此前意见）后"
                         "作出，接口批准一律答 403 evidence.not_seen，不作任何改变。")
def decide(request, application_id: int, payload: DecideIn):
    if payload.approve:  # money is approved only where the evidence is shown (core.evidence)
        raise Forbidden(evidence.NOT_SEEN, code="evidence.not_seen")
    app = services.decide(actor=request.user, application_id=application_id, approve=payload.approve,
                          reason=payload.reason)
    return _out(selectors.access_application(actor=request.user, application_id=app.pk), with_steps=True)

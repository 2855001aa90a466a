"""What the approval screen computes: the calculation with its explanation lines (the stored decision
once decided, the live policy quote while open) and whether this actor may decide the next step."""

from niangjia.core.errors import DomainError
from niangjia.relief.services.applications import LEVEL_FOR_STATUS, _check_level, evaluate


def fill_calculation(facts) -> None:
    """Adds the calculation to `ReviewFacts` (relief.review). Never raises: a policy problem is shown."""
    app = facts.app
    decision = getattr(app, "decision", None)
    if decision is not None:
        facts.calculation, facts.amount = list(decision.explanation), decision.granted_amount
        facts.cap = facts.cap if facts.cap is not None else decision.cap
        return
    try:
        quote, _policy = evaluate(app, already=None)
    except DomainError as exc:
        facts.calculation_error = exc.message
        return
    facts.calculation, facts.amount = list(quote.lines), quote.amount
    facts.cap, facts.remaining = quote.cap, quote.remaining_before


def decidable_level(actor, app) -> str:
    """The level this actor may decide now ("" when none): drives which buttons the page shows."""
    level = LEVEL_FOR_STATUS.get(app.status)
    if level is None:
        return ""
    try:
        _check_level(actor, app, level)
    except DomainError:
        return ""
    return level

"""Pure rules of union group orders: the shortfall allocation, the cycle minimum, the per-person budget."""

from decimal import Decimal

PRO_RATA, FIRST_COME = "pro_rata", "first_come"


def allocate(lines: list[tuple[object, int]], available: int, rule: str) -> dict:
    """Units each line gets when `available` may be short. `lines` are (key, quantity) in the order they were
    placed. first_come: earlier lines are filled first. pro_rata: floor(q × available / total) each, then the
    leftover units one each by the largest remainder (ties: earlier line). No line gets more than it asked for,
    and the sum never exceeds `available`."""
    total = sum(q for _k, q in lines)
    if total <= available:
        return dict(lines)
    if rule == FIRST_COME:
        out, left = {}, available
        for k, q in lines:
            out[k] = min(q, left)
            left -= out[k]
        return out
    out, remainders = {}, []
    for pos, (k, q) in enumerate(lines):
        share, rem = divmod(q * available, total)
        out[k] = share
        remainders.append((-rem, pos, k))
    left = available - sum(out.values())
    for _rem, _pos, k in sorted(remainders)[:left]:
        out[k] += 1
    return out


def below_minimum(total_units: int, min_quantity: int) -> bool:
    return total_units < min_quantity


def within_budget(amount: Decimal, budget: Decimal) -> bool:
    return amount <= budget

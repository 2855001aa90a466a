"""Precision@3 of 1-3-1 matching on the hand-labelled set (eval_data.py), computed with the production pieces:
posts tokenised as the index stores them (core.search), intents read as services_matching reads them, ranked by
rules.rank. No database: the pool is matched in memory, so the figure does not depend on other rows."""

from decimal import Decimal

from niangjia.core.search import tokenize
from niangjia.jobs import rules, search
from niangjia.jobs.eval_data import HELDOUT, INTENTS, POOL


def pool_facts() -> list[tuple[str, rules.PostFacts]]:
    out = []
    for slug, (title, skills, desc, region, hours, demands, low, high) in POOL.items():
        out.append((slug, rules.PostFacts(frozenset(tokenize(title)), frozenset(tokenize(f"{skills} {desc}")), region,
                                          hours, frozenset(demands), Decimal(low), Decimal(high))))
    return out


def intent_facts(kind: str, skills: str, region: str, hours: str, limits, pay: int) -> rules.IntentFacts:
    return rules.IntentFacts(kind_concepts=tuple(search.concepts(kind)), skill_terms=search.terms(skills),
                             region_code=region, hours=hours, health_limits=frozenset(limits),
                             min_salary=Decimal(pay))


def evaluate(k: int = 3, *, heldout: bool = False) -> dict:
    """{"precision": mean precision@k, "per_intent": [(kind, ranked slugs, right slugs, p)]} on the first set
    (tuned on) or the held-out one."""
    posts = pool_facts()
    rows = []
    for kind, skills, region, hours, limits, pay, right in HELDOUT if heldout else INTENTS:
        ranked = [slug for slug, _s in rules.rank(intent_facts(kind, skills, region, hours, limits, pay), posts,
                                                   limit=k)]
        rows.append((kind, ranked, right, rules.precision_at_k(ranked, set(right), k)))
    return {"precision": round(sum(r[3] for r in rows) / len(rows), 3), "per_intent": rows}

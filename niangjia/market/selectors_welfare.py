"""Reads for the welfare gauge page: the unions the actor may pick."""

from niangjia.core import scoping


def unions_for_gauge(*, actor):
    return scoping.orgs_visible_to(actor).order_by("path")[:500]


def default_org(*, actor):
    tops = scoping.top_orgs(actor)
    return tops[0] if tops else None

"""A judge's open panels on the home page (core.home_feed); nothing for anyone else."""

from django.urls import reverse
from django.utils.translation import gettext as _

from niangjia.core.home_feed import Feed, FeedItem
from niangjia.honors import selectors


def home_feed(user, limit: int) -> Feed | None:
    if not user.is_authenticated:
        return None
    panels = list(selectors.panels_for_judge(user=user).filter(phase="scoring")[:limit])
    items = [FeedItem(title=p.title, url=reverse("honors:panel", args=[p.pk]), when=None, source=p.org.name,
                      tag=_("To score")) for p in panels]
    return Feed(title=_("Panels waiting for my scores"), more_url=reverse("honors:home"), items=items)

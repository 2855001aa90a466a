"""The notices block of the home page (core.home_feed)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from niangjia.core.home_feed import Feed, FeedItem
from niangjia.news import selectors


def home_feed(user, limit: int) -> Feed:
    items = [FeedItem(title=n.title, url=reverse("news:detail", args=[n.pk]), when=n.published_at,
                      source=n.org.name, tag=str(n.get_kind_display()), unread=bool(getattr(n, "unread", False)))
             for n in selectors.home_feed(user, limit)]
    return Feed(title=_("Notices"), more_url=reverse("news:home"), items=items)

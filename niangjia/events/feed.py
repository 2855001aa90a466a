"""The events block of the home page (core.home_feed): what the member can still sign up for."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from niangjia.core.home_feed import Feed, FeedItem
from niangjia.events import selectors


def home_feed(user, limit: int) -> Feed | None:
    if not user.is_authenticated:
        return None
    now = timezone.now()
    events = list(selectors.events_for_member(user=user).filter(registration_closes_at__gt=now)[:limit])
    items = [FeedItem(title=e.title, url=reverse("events:detail", args=[e.pk]), when=e.starts_at,
                      source=e.org.name, tag=str(e.get_kind_display())) for e in events]
    return Feed(title=_("Trips & events"), more_url=reverse("events:home"), items=items)

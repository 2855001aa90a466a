"""Lines on the home page from other modules (for example the latest notices), without core importing them.

An app registers a provider in its AppConfig.ready(): a function of the user (signed in or not) and a limit that
returns `FeedItem`s from the app's own selectors, at a fixed number of queries.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FeedItem:
    title: str
    url: str
    when: dt.datetime | None
    source: str           # the union or module it comes from, shown small
    tag: str = ""         # the kind, shown as a badge
    unread: bool = False


@dataclass(frozen=True)
class Feed:
    title: str
    more_url: str
    items: list[FeedItem]


Provider = Callable[[object, int], Feed | None]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def feeds_for(user, limit: int = 3) -> list[Feed]:
    feeds = [provider(user, limit) for provider in _PROVIDERS.values()]
    return [f for f in feeds if f is not None and f.items]

"""A paginator whose total comes from a separate, cheaper count query."""

from collections.abc import Callable

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count: Callable[[], int], **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count()

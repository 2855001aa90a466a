"""Query counts that can fail: the same page with 3 rows and with 6, each row with its related objects.

conventions.md §6: a list costs a fixed number of queries whatever its length. Measuring an empty list (the
first approvals test did) proves nothing; so every measurement here first builds rows, and the row builder
gives each row the related objects the page shows (org, member, user …), so an N+1 shows as a higher count
on the second measurement.
"""

import os

from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_constant_queries(django_assert_num_queries, expected: int, fetch, add_rows, *, markers=None):
    """add_rows(3); fetch with `expected` queries; add_rows(3) more; fetch again with `expected` queries.

    `fetch()` returns the response; `markers(response)` (optional) returns how many built rows it shows,
    which must be 3 and then 6 (or at least that many), so a page that stopped listing rows cannot pass.
    NIANGJIA_MEASURE_QUERIES=1 prints the measured counts instead of asserting (to write the constant).
    """
    counts = []
    for step in (3, 6):
        add_rows(3)
        fetch()  # warm-up outside the measurement: the session's first write, lazily created rows
        if os.environ.get("NIANGJIA_MEASURE_QUERIES"):
            with CaptureQueriesContext(connection) as ctx:
                response = fetch()
            counts.append(len(ctx.captured_queries))
        else:
            with django_assert_num_queries(expected):
                response = fetch()
        if markers is not None:
            shown = markers(response)
            assert shown >= step, f"the list shows {shown} of the {step} rows built"
    if counts:
        raise AssertionError(f"measured {counts} (expected {expected})")

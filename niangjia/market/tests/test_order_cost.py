"""What one order costs the database through the token API (the hot path of the flash-sale benchmark)."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def _queries(client, url, headers):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.post(url, {"quantity": 1}, content_type="application/json", **headers)
    return resp, [q["sql"] for q in ctx.captured_queries]


def test_order_statement_count(make_sale, make_member, tree, bearer):
    sale = make_sale(stock=1, limit=1)
    client = Client(enforce_csrf_checks=True)
    first, second = make_member(tree.union_a), make_member(tree.union_a)
    url = f"/api/v1/market/sales/{sale.pk}/orders"
    resp, placed = _queries(client, url, bearer(first.user))
    assert resp.status_code == 201
    resp, sold_out = _queries(client, url, bearer(second.user))
    assert resp.status_code == 409 and resp.json()["code"] == "sold_out"
    # The test runs inside a transaction, so the service's atomic block shows as SAVEPOINT/RELEASE here; in
    # production it is the connection's own BEGIN/COMMIT, which Django does not log. Count what production sends.
    placed = [q for q in placed if q.split()[0] not in ("SAVEPOINT", "RELEASE", "ROLLBACK")]
    sold_out = [q for q in sold_out if q.split()[0] not in ("SAVEPOINT", "RELEASE", "ROLLBACK")]
    writes = [q for q in placed if q.split()[0] in ("INSERT", "UPDATE")]
    assert len(placed) <= 9, placed  # token, its stamp, begin, sale+membership, upsert, order, sale, audit, commit
    if connection.vendor == "postgresql":  # token, its stamp, sale+membership, SELECT market_place_order(...)
        assert len(placed) == 4 and "market_place_order" in placed[-1], placed
    assert len(sold_out) <= 3, sold_out  # token, its last-use stamp, sale+membership: no transaction, no write
    assert len(writes) <= 5, writes
    assert not [q for q in sold_out if q.split()[0] in ("INSERT", "UPDATE") and "core_apitoken" not in q]

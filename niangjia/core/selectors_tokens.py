"""The bearer-token lookup every API request makes, as one written-out query (core.rawrows).

Composing it through the ORM (a select_related filter) cost about 3 ms of CPU per request on the loaded 2-core
machine — more than the flash-sale order's own work (docs/BENCHMARKS.md, market)."""

import hashlib

from django.db import connection
from django.utils import timezone

from niangjia.core.models import ApiToken, User
from niangjia.core.rawrows import RowShape

_TOKEN, _USER = RowShape(ApiToken, "t"), RowShape(User, "u")
_SQL = (f"SELECT {_TOKEN.select}, {_USER.select} FROM {ApiToken._meta.db_table} t "
        f"JOIN {User._meta.db_table} u ON u.id = t.user_id "
        "WHERE t.digest = %s AND t.revoked_at IS NULL AND t.expires_at > %s AND u.is_active")


def live_api_token(raw: str) -> ApiToken | None:
    """The unrevoked, unexpired token with this value whose user may still log in (with `.user` loaded)."""
    if not raw or len(raw) > 200:
        return None
    digest = hashlib.sha256(raw.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(_SQL, [digest, connection.ops.adapt_datetimefield_value(timezone.now())])
        row = cursor.fetchone()
    if row is None:
        return None
    api_token = _TOKEN.build(row[: _TOKEN.width], connection)
    api_token.user = _USER.build(row[_TOKEN.width:], connection)
    return api_token

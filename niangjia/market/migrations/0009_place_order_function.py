"""market_place_order: a flash-sale order as one PostgreSQL statement (issue 15, the throughput target).

The same writes services._write_in_transaction makes, in the same order, but inside the database: the member's
total (a conditional upsert; no row = over the limit, nothing written), the order row, its audit row, and last the
conditional UPDATE of the sale row. When the sale refuses (sold out meanwhile, or the sale ended) the function
raises SQLSTATE MK409, the statement fails and PostgreSQL undoes everything it wrote. The check constraints
(sold <= stock_total, quantity <= limit) stay behind all of it. Called in autocommit, the hot sale row is locked
from its UPDATE to the commit of this one statement, never across a network round trip to the app.

SQLite has no such functions: there the service runs the steps as statements in a Django transaction.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION market_place_order(
    p_sale bigint, p_user bigint, p_quantity integer, p_limit integer, p_amount numeric,
    p_now timestamptz, p_expires timestamptz, p_org bigint, p_actor bigint, p_ip inet, p_summary jsonb
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_order bigint;
BEGIN
    INSERT INTO market_membersaletotal (sale_id, user_id, quantity, "limit")
    VALUES (p_sale, p_user, p_quantity, p_limit)
    ON CONFLICT (sale_id, user_id) DO UPDATE SET quantity = market_membersaletotal.quantity + EXCLUDED.quantity
    WHERE market_membersaletotal.quantity + EXCLUDED.quantity <= market_membersaletotal."limit";
    IF NOT FOUND THEN
        RETURN NULL;  -- over the member's limit: nothing was written
    END IF;
    INSERT INTO market_order (sale_id, user_id, quantity, amount, status, created_at, expires_at)
    VALUES (p_sale, p_user, p_quantity, p_amount, 'pending', p_now, p_expires)
    RETURNING id INTO v_order;
    INSERT INTO core_auditevent (actor_id, action, object_type, object_id, org_id, created_at, ip, summary)
    VALUES (p_actor, 'market.order_place', 'market.order', v_order::text, p_org, p_now, p_ip, p_summary);
    UPDATE market_flashsale SET sold = sold + p_quantity
    WHERE id = p_sale AND sold + p_quantity <= stock_total AND starts_at <= p_now AND ends_at > p_now;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'MK409', MESSAGE = 'market: sale sold out';
    END IF;
    RETURN v_order;
END;
$$;
"""

DROP = ("DROP FUNCTION IF EXISTS market_place_order(bigint, bigint, integer, integer, numeric, timestamptz, "
        "timestamptz, bigint, bigint, inet, jsonb);")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("market", "0008_welfare_rule_versions")]
    operations = [migrations.RunPython(forwards, backwards)]

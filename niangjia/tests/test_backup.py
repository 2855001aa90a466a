"""scripts/backup and scripts/restore: an encrypted backup restores into a fresh database with the same rows
and the same ledger totals, and the media files come back. Runs on whichever database the suite uses."""

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from niangjia.core import backup
from niangjia.relief.models import Disbursement

pytestmark = pytest.mark.django_db(transaction=True)
LEDGERS = {"relief_disbursement": "amount", "mutual_aid_ledgerentry": "amount"}


def sqlite_snapshot(path):
    with sqlite3.connect(path) as db:
        counts = backup.table_counts_sqlite(Path(path))
        totals = {t: sum((Decimal(str(r[0])) for r in db.execute(f'SELECT "{c}" FROM "{t}"')), Decimal(0))
                  for t, c in LEDGERS.items()}
    return counts, totals


def pg_snapshot(dbname):
    import psycopg

    s = connection.settings_dict
    with psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"],
                         password=s.get("PASSWORD") or None, dbname=dbname) as db:
        names = [r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname='public' ORDER BY 1")]
        counts = {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
        totals = {t: db.execute(f'SELECT COALESCE(SUM("{c}"), 0) FROM "{t}"').fetchone()[0] for t, c in LEDGERS.items()}
    return counts, totals


@pytest.fixture
def data(tree, make_member, make_household, staff_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence/invoice.pdf").write_bytes(b"%PDF-1.4 invoice")
    household = make_household(staff_a, tree.union_a)
    for amount in ("1234.56", "50000.00"):
        Disbursement.objects.create(household=household, org=household.org, kind="hospitalization",
                                    cap_key="hospitalization", year=2026, amount=Decimal(amount), purpose="住院")
    for i in range(3):
        make_member(tree.union_b, name=f"备份测试{i}")
    return household


def test_backup_restores_rows_ledgers_and_media(data, settings, tmp_path):
    path = backup.make_backup(tmp_path / "out")
    raw = path.read_bytes()
    assert b"SQLite format 3" not in raw and b"PGDMP" not in raw and "备份测试".encode() not in raw
    assert b"%PDF-1.4 invoice" not in raw

    restored_media = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        target = tmp_path / "restored.sqlite3"
        backup.restore_backup(path, media_root=restored_media, sqlite_path=target)
        before, after = sqlite_snapshot(connection.settings_dict["NAME"]), sqlite_snapshot(target)
    else:
        import psycopg

        name = connection.settings_dict["NAME"] + "_restore"
        s = connection.settings_dict
        with psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"],
                             password=s.get("PASSWORD") or None, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            backup.restore_backup(path, media_root=restored_media, pg_database=name)
            before, after = pg_snapshot(s["NAME"]), pg_snapshot(name)
        finally:
            with psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"],
                                 password=s.get("PASSWORD") or None, dbname="postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    counts_before, totals_before = before
    counts_after, totals_after = after
    assert counts_after == counts_before
    assert counts_before["core_member"] >= 4 and counts_before["relief_disbursement"] == 2
    assert Decimal(totals_after["relief_disbursement"]) == Decimal(totals_before["relief_disbursement"]) == Decimal("51234.56")
    assert (restored_media / "evidence/invoice.pdf").read_bytes() == b"%PDF-1.4 invoice"


def test_a_changed_or_foreign_backup_is_refused(data, settings, tmp_path):
    path = backup.make_backup(tmp_path / "out")
    damaged = bytearray(path.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    (tmp_path / "damaged.njbak").write_bytes(bytes(damaged))
    truncated = path.read_bytes()[:-20]
    (tmp_path / "truncated.njbak").write_bytes(truncated)
    for bad in ("damaged.njbak", "truncated.njbak"):
        with pytest.raises(backup.BackupError):
            backup.restore_backup(tmp_path / bad, media_root=tmp_path / "m", sqlite_path=tmp_path / f"{bad}.db")
    import base64
    import secrets

    settings.NIANGJIA_PII_KEY = base64.b64encode(secrets.token_bytes(32)).decode()
    settings.NIANGJIA_PII_OLD_KEYS = ""
    with pytest.raises(backup.BackupError, match="another key"):
        backup.restore_backup(path, media_root=tmp_path / "m", sqlite_path=tmp_path / "k.db")
    assert not (tmp_path / "k.db").exists()

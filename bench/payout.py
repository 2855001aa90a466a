"""Payout benchmark: a 100,000-row 代发 batch — build it, export the bank file (xlsx and CSV), import the bank's
result file — against the naive approach measured in the same run, with time and peak memory of each step.

Fast path = the services (core.payouts.batches): accounts looked up 2,000 people per query, rows written with
bulk_create in chunks, files streamed (openpyxl write-only, rows read with .iterator()), results checked
in one pass and settled with one UPDATE per outcome. Naive = what one would write first: one query per
account and one INSERT per row, a normal (in-memory) openpyxl workbook filled from a list of model objects,
and one SELECT + UPDATE per result line. The naive build and import run on --naive rows and are
extrapolated linearly (they are per-row loops); the naive export runs on the full batch.

Peak memory is tracemalloc's peak of Python allocations during the step (the database's own memory is not
in it); times include tracemalloc's overhead on both paths alike.

    .venv/bin/python bench/payout.py --rows 100000 --naive 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_payout .venv/bin/python bench/payout.py --rows 100000

Without DATABASE_URL it uses var/bench_payout.sqlite3 (migrated on the fly). It refuses to run unless the
database name contains "bench": it empties the payout tables.
"""

import argparse
import csv
import datetime as dt
import hashlib
import io
import os
import platform
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niangjia.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench_payout.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

from niangjia.core.banking import luhn_check_digit  # noqa: E402
from niangjia.core.models import Org, OrgRole, PayeeAccount, Payout, PayoutBatch, User, path_segment  # noqa: E402
from niangjia.core.payouts import bankfile, batches, sources  # noqa: E402

settings.DEBUG = False
ITEMS: list[sources.PayoutItem] = []
PAID: list[int] = []


def payable(*, actor, org, exclude, lock):
    taken = set(exclude.values_list("source_id", flat=True))
    return (i for i in ITEMS if i.source_id not in taken)


def on_paid(*, actor, source_ids, when):
    PAID.extend(source_ids)


sources.register(sources.PayoutSource(key="bench", label="基准测试", budget="基准预算", payable=payable,
                                      on_paid=on_paid))


def card(i: int) -> str:
    partial = f"622202{i:012d}"
    return partial + str(luhn_check_digit(partial))


def measure(fn):
    tracemalloc.start()
    t0 = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, elapsed, peak / 2**20


def setup(rows: int):
    Payout.objects.all().delete()
    PayoutBatch.objects.all().delete()
    PayeeAccount.objects.filter(person_index__startswith="bench-").delete()
    User.objects.filter(display_name__startswith="bench-").delete()
    org = Org.objects.filter(name="基准测试工会").first()
    if org is None:
        org = Org.objects.create(name="基准测试工会", level="city", region_code="330100", path="")
        org.path = path_segment(org.pk)
        org.save(update_fields=["path"])
    clerk = User.objects.create_user(f"1990000{rows % 10000:04d}", "Bench-pass-2020", display_name="bench-clerk")
    boss = User.objects.create_user(f"1991000{rows % 10000:04d}", "Bench-pass-2020", display_name="bench-boss")
    OrgRole.objects.create(user=clerk, org=org, role="staff")
    OrgRole.objects.create(user=boss, org=org, role="approver")
    accounts = []
    for i in range(rows):
        number = card(i)
        accounts.append(PayeeAccount(person_index=f"bench-{i:07d}", holder=f"职工{i}", account_number=number,
                                     account_index=hashlib.sha256(number.encode()).hexdigest(),
                                     bank_name="中国工商银行", branch="杭州分行", confirmed_at=dt.datetime.now(dt.UTC)))
    for start in range(0, rows, 5000):
        PayeeAccount.objects.bulk_create(accounts[start:start + 5000])
    ITEMS[:] = [sources.PayoutItem(source_id=i + 1, org_id=org.pk, person_index=f"bench-{i:07d}", name=f"职工{i}",
                                   amount=Decimal(100 + i % 900) + Decimal("0.50"), purpose="基准发放",
                                   note=f"=HYPERLINK(\"{i}\")" if i == 0 else f"单据{i}")
                for i in range(rows)]
    return org, clerk, boss


def naive_build(org, clerk, items):
    with transaction.atomic():
        batch = PayoutBatch.objects.create(org=org, source="bench-naive", title="naive", budget="x", created_by=clerk)
        for seq, item in enumerate(items, start=1):
            account = PayeeAccount.objects.get(person_index=item.person_index)
            Payout.objects.create(batch=batch, seq=seq, source="bench-naive", source_id=item.source_id,
                                  org_id=item.org_id, person_index=item.person_index, holder=account.holder,
                                  account_number=account.account_number, account_tail=account.account_number[-4:],
                                  bank_name=account.bank_name, branch=account.branch, amount=item.amount,
                                  purpose=item.purpose, note=item.note)
    return batch


def naive_export(batch):
    wb = Workbook()
    ws = wb.active
    ws.append(bankfile.STANDARD_COLUMNS)
    rows = list(Payout.objects.filter(batch=batch).order_by("seq"))
    for r in rows:
        ws.append([r.seq, r.holder, r.account_number, r.bank_name + r.branch, float(r.amount), r.purpose, r.note])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def result_csv(batch_rows: int, every_returned: int = 20) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["序号", "结果", "失败原因"])
    for seq in range(1, batch_rows + 1):
        returned = seq % every_returned == 0
        w.writerow([seq, "失败" if returned else "成功", "账户已销户" if returned else ""])
    return out.getvalue().encode("utf-8-sig")


def naive_import(batch, data: bytes):
    with transaction.atomic():
        for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig"))):
            p = Payout.objects.get(batch=batch, seq=int(row["序号"]))
            p.status = "paid" if row["结果"] == "成功" else "returned"
            p.return_reason = row["失败原因"]
            p.save(update_fields=["status", "return_reason"])


def main(argv=None, *, test_database: bool = False) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--naive", type=int, default=5_000, help="rows for the per-row naive build and import")
    args = parser.parse_args(argv)
    db = connection.settings_dict["NAME"]
    if "bench" not in str(db) and not test_database:
        sys.exit(f"refusing to run against {db!r}: the database name must contain 'bench'")
    if not test_database:
        call_command("migrate", verbosity=0)
    print(f"# payout benchmark  {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"vendor={connection.vendor} db={Path(str(db)).name} python={platform.python_version()} "
          f"cpus={os.cpu_count()} rows={args.rows} naive={args.naive}")
    t0 = time.perf_counter()
    org, clerk, boss = setup(args.rows)
    print(f"setup: {args.rows} confirmed payee accounts (encrypted) in {time.perf_counter() - t0:.1f}s")
    lines = []

    def line(step, fast_t, fast_mb, naive_t, naive_mb, naive_rows):
        scale = args.rows / naive_rows
        extra = "" if naive_rows == args.rows else f" (measured on {naive_rows}, ×{scale:.0f} extrapolated)"
        lines.append(f"| {step} | {fast_t:.2f} s | {fast_mb:.0f} MB | {naive_t * scale:.2f} s{extra} | "
                     f"{naive_mb:.0f} MB | {naive_t * scale / fast_t:.1f}× |")

    def build():
        p = batches.preview_batch(actor=clerk, source_key="bench", org_id=org.pk)
        return batches.create_batch(actor=clerk, source_key="bench", org_id=org.pk, confirm_count=p.count,
                                    confirm_total=p.total)[0]

    batch, fast_t, fast_mb = measure(build)
    assert batch.count == args.rows
    naive, naive_t, naive_mb = measure(lambda: naive_build(org, clerk, ITEMS[:args.naive]))
    same = list(Payout.objects.filter(batch=batch, seq__lte=args.naive).order_by("seq")
                .values_list("source_id", "amount", "account_tail"))
    if same != list(Payout.objects.filter(batch=naive).order_by("seq").values_list("source_id", "amount", "account_tail")):
        raise SystemExit("MISMATCH build: the service and the per-row loop built different rows")
    line("build the batch (preview + create)", fast_t, fast_mb, naive_t, naive_mb, args.naive)

    batches.release_batch(actor=boss, batch_id=batch.pk, confirm_count=batch.count, confirm_total=batch.total)
    (_, xlsx, _), fast_t, fast_mb = measure(lambda: batches.export_batch(actor=boss, batch_id=batch.pk, fmt="xlsx"))
    (_, csv_data, _), csv_t, csv_mb = measure(lambda: batches.export_batch(actor=boss, batch_id=batch.pk, fmt="csv"))
    naive_file, naive_t, naive_mb = measure(lambda: naive_export(batch))
    fast_rows = list(load_workbook(io.BytesIO(xlsx), read_only=True).active.iter_rows(values_only=True))
    naive_rows = list(load_workbook(io.BytesIO(naive_file), read_only=True).active.iter_rows(values_only=True))
    if [r[2] for r in fast_rows[1:-1]] != [r[2] for r in naive_rows[1:]] or len(fast_rows) != args.rows + 2:
        raise SystemExit("MISMATCH export: the bank files hold different accounts")
    line("export the bank file (xlsx)", fast_t, fast_mb, naive_t, naive_mb, args.rows)
    lines.append(f"| export the bank file (CSV) | {csv_t:.2f} s | {csv_mb:.0f} MB | — | — | — |")
    print(f"files: xlsx {len(xlsx) / 2**20:.1f} MB, CSV {len(csv_data) / 2**20:.1f} MB; same accounts as naive: checked")

    data = result_csv(args.rows)
    summary, fast_t, fast_mb = measure(lambda: batches.import_results(
        actor=boss, batch_id=batch.pk, upload=SimpleUploadedFile("r.csv", data)))
    Payout.objects.filter(batch=naive).update(status="pending")
    naive_data = result_csv(args.naive)
    _, naive_t, naive_mb = measure(lambda: naive_import(naive, naive_data))
    fast_status = list(Payout.objects.filter(batch=batch, seq__lte=args.naive).order_by("seq").values_list("status", flat=True))
    if fast_status != list(Payout.objects.filter(batch=naive).order_by("seq").values_list("status", flat=True)):
        raise SystemExit("MISMATCH import: the service and the per-row loop settled rows differently")
    line("import the bank's result file", fast_t, fast_mb, naive_t, naive_mb, args.naive)
    batch.refresh_from_db()
    print(f"results: {summary.paid} paid, {summary.returned} returned, batch {batch.status}; same outcome as naive: checked")
    print("| step | service | peak | naive | naive peak | speed-up |")
    print("|---|---|---|---|---|---|")
    print("\n".join(lines))
    Payout.objects.all().delete()
    PayoutBatch.objects.all().delete()


if __name__ == "__main__":
    main()

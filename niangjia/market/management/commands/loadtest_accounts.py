"""Create verified member accounts with API tokens for load tests:

    manage.py loadtest_accounts --count 10000 --out accounts.jsonl [--staff-out staff.json]

One JSON line per account: {"phone": ..., "token": ...}. Refuses under NIANGJIA_ENV=production.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from niangjia import envfile


class Command(BaseCommand):
    help = "Create N verified member accounts in a demo union, each with an API token (never in production)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--out", required=True, help="JSON lines file, one account per line")
        parser.add_argument("--staff-out", help="also write a demo staff account with a token and a product id")

    def handle(self, *args, count, out, staff_out=None, **options):
        if envfile.is_production():
            raise CommandError("loadtest_accounts refuses to run under NIANGJIA_ENV=production")
        if not 1 <= count <= 100_000:
            raise CommandError("--count must be between 1 and 100000")
        from niangjia.market import loadtest

        accounts = loadtest.create_accounts(count)
        Path(out).write_text("".join(json.dumps(a) + "\n" for a in accounts), encoding="utf-8")
        if staff_out:
            Path(staff_out).write_text(json.dumps(loadtest.staff_account()) + "\n", encoding="utf-8")
        self.stdout.write(f"{len(accounts)} accounts written to {out}")

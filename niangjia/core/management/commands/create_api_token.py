"""Issue bearer tokens for API clients acting as users (a token is shown once; only its digest is kept).

    manage.py create_api_token 13800000000 "load test"          # one token, as an Authorization header
    manage.py create_api_token --file phones.txt --out tokens.txt  # one token per line, same order

The file form is for integrators and load tests: one mobile number per line (blank lines and lines
starting with # are skipped). Every number must belong to an account, or nothing is issued.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from niangjia.core import selectors
from niangjia.core.services import tokens


class Command(BaseCommand):
    help = "Create API bearer tokens: create_api_token <mobile> [name] | --file phones.txt [--out tokens.txt]"

    def add_arguments(self, parser):
        parser.add_argument("phone", nargs="?")
        parser.add_argument("name", nargs="?", default="")
        parser.add_argument("--file", help="a file of mobile numbers, one per line")
        parser.add_argument("--out", help="write the tokens here (one per line) instead of standard output")
        parser.add_argument("--days", type=int, default=None, help="lifetime in days (default: the setting)")

    def handle(self, *args, phone=None, name="", file=None, out=None, days=None, **options):
        if bool(phone) == bool(file):
            raise CommandError("give either one mobile number or --file")
        if days is not None and not 1 <= days <= 3650:
            raise CommandError("--days must be between 1 and 3650")
        if phone:
            raw = self._issue_many([phone], name or "cli", days)[0]
            self._emit([f"Authorization: Bearer {raw}"], out)
            return
        try:
            lines = Path(file).read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        phones = [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]
        if not phones:
            raise CommandError(f"{file} holds no mobile numbers")
        self._emit(self._issue_many(phones, name or "batch", days), out)
        self.stderr.write(f"issued {len(phones)} tokens\n")

    @transaction.atomic
    def _issue_many(self, phones: list[str], name: str, days: int | None) -> list[str]:
        users = []
        for number, phone in enumerate(phones, start=1):
            user = selectors.user_by_phone(phone)
            if user is None:
                raise CommandError(f"line {number}: no account with mobile number {phone}")
            users.append(user)
        return [tokens.issue_token(actor=None, user=user, name=name, days=days)[0] for user in users]

    def _emit(self, lines: list[str], out: str | None) -> None:
        text = "".join(f"{line}\n" for line in lines)
        if out:
            Path(out).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

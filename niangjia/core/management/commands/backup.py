from pathlib import Path

from django.core.management.base import BaseCommand

from niangjia.core import backup


class Command(BaseCommand):
    help = "Write an encrypted backup (database + media) into a folder (default var/backups)."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=None)

    def handle(self, *args, out=None, **options):
        from django.conf import settings

        path = backup.make_backup(Path(out or Path(settings.VAR_DIR) / "backups"))
        self.stdout.write(str(path))

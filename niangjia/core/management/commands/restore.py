from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from niangjia.core import backup


class Command(BaseCommand):
    help = "Restore an encrypted backup into the configured (new, empty) database and the media folder."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--sqlite-path", default=None, help="SQLite file to create (default: the configured one)")

    def handle(self, *args, file, sqlite_path=None, **options):
        try:
            manifest = backup.restore_backup(Path(file), sqlite_path=Path(sqlite_path) if sqlite_path else None)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"restored {manifest['engine']} backup made at {manifest['created_at']}")

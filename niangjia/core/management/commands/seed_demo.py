"""Load demo data once: the core tree and members, then each domain app's own demo data."""

from importlib import import_module

from django.core.management.base import BaseCommand

from niangjia.core import demo


def domain_apps() -> list[str]:
    """Every installed project app but core, in INSTALLED_APPS order (a new app's demo is picked up by itself)."""
    from django.conf import settings

    return [a.split(".", 1)[1] for a in settings.INSTALLED_APPS if a.startswith("niangjia.") and a != "niangjia.core"]


class Command(BaseCommand):
    help = "Build the demo federation tree, ~2,000 members and one login per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=2000)
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the demo logins")

    def handle(self, *args, **options):
        logins = demo.seed(self.stdout, members_total=options["members"])
        for app in domain_apps():
            try:
                module = import_module(f"niangjia.{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"niangjia.{app}.demo":
                    raise
                continue
            module.seed(self.stdout)
        if not options["quiet_logins"]:
            self.stdout.write(f"\nDemo logins (password for all: {demo.PASSWORD})\n")
            for login in logins:
                self.stdout.write(f"  {login.phone}  {login.role:<14} {login.label}  [{login.org}]\n")

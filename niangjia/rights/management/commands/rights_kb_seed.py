"""Load the knowledge-base seed: adds new articles and synonyms, and replaces seed articles nobody edited on the
workbench with the current (corrected) seed. Safe to run on every deploy."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Add or update the knowledge-base seed articles (workbench edits are kept)."

    def handle(self, *args, **options):
        from niangjia.rights.services.kb import load_seed_articles

        self.stdout.write(f"{load_seed_articles()} knowledge-base articles added or updated\n")

"""Issue a bearer token for an API client acting as a user (the token is shown once, only its digest is kept)."""

import hashlib
import secrets

from django.core.management.base import BaseCommand, CommandError

from niangjia.core import audit
from niangjia.core.models import ApiToken, User


class Command(BaseCommand):
    help = "Create an API bearer token: create_api_token <mobile> <name>"

    def add_arguments(self, parser):
        parser.add_argument("phone")
        parser.add_argument("name")

    def handle(self, *args, phone, name, **options):
        try:
            user = User.objects.get_by_phone(phone)
        except User.DoesNotExist:
            raise CommandError("no user with that mobile number") from None
        token = secrets.token_urlsafe(32)
        api_token = ApiToken.objects.create(user=user, name=name, digest=hashlib.sha256(token.encode()).hexdigest())
        audit.record(None, "api.token_create", api_token, summary={"user": user.pk, "name": name})
        self.stdout.write(f"Authorization: Bearer {token}\n")

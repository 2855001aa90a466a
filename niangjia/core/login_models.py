"""Failed logins, counted per account and client together (see services/login_throttle.py)."""

from django.conf import settings
from django.db import models


class LoginThrottle(models.Model):
    """One (mobile number, client address) pair that has failed to log in.

    `key` is a keyed hash of the number and the address, so neither is stored in the clear and an unknown
    number gets a row just like a registered one (the answers must not tell them apart).
    """

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="login_throttles")
    failures = models.PositiveSmallIntegerField(default=0)
    locks = models.PositiveSmallIntegerField(default=0)  # how many times this pair was locked: the backoff
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["updated_at"], name="core_loginthrottle_updated")]

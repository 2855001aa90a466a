"""Choices the pages need (views import no models)."""

from django.utils.translation import gettext_lazy as _

from niangjia.bargaining import rules

SIDE_CHOICES = [("union", _("Union side (workers)")), ("employer", _("Employer side"))]
STAGE_FILTER = [(s, rules.STAGE_LABELS[s]) for s in rules.STAGES]

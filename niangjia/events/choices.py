"""Choices the pages need, without importing models into views and forms."""

from django.utils.translation import gettext_lazy as _

KIND_CHOICES = [("recuperation", _("Recuperation trip")), ("matchmaking", _("Matchmaking")),
                ("lecture", _("Lecture")), ("volunteering", _("Volunteering"))]
PRIORITY_CHOICES = [("", _("None")), ("frontline", _("Front-line workers")), ("model_worker", _("Model workers")),
                    ("female", _("Women workers")), ("young", _("Young workers (35 or under)"))]

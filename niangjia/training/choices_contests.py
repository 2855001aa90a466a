"""Choices the contest pages need without importing models: the levels a leaderboard of unions can rank
(the same values as core's Org.Level, labels from core's catalog)."""

from django.utils.translation import gettext_lazy as _

LEVELS = [("province", _("Provincial federation")), ("city", _("City federation")),
          ("district", _("District/county federation")), ("street", _("Street/town federation")),
          ("grassroots", _("Grassroots union"))]

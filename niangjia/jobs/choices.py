"""Choices the pages need (views import no models)."""

from django.utils.translation import gettext_lazy as _

HOURS_CHOICES = [("full_time", _("Full time")), ("part_time", _("Part time")), ("flexible", _("Flexible hours")),
                 ("shifts", _("Shifts incl. nights"))]
STAGE_ACTIONS = [("viewed", _("Mark as viewed")), ("interview", _("Invite to interview")), ("hired", _("Hire")),
                 ("rejected", _("Not suitable"))]
FAIR_KINDS = [("spring_breeze", _("Spring Breeze campaign")), ("public_welfare", _("Public-welfare posts")),
              ("general", _("Online job fair"))]
OUTCOMES = [("employed", _("Found a job")), ("not_employed", _("Not employed yet")), ("declined", _("Declined help"))]
HEALTH_LIMITS = [("heavy_lifting", _("No heavy lifting")), ("night_shift", _("No night shifts")),
                 ("long_standing", _("No long standing")), ("heights", _("No work at heights")),
                 ("driving", _("No driving"))]

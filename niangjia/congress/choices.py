"""Choices shared by the models and the pages (views import no models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    DRAFTING = "drafting", _("Collecting seconders")
    SUBMITTED = "submitted", _("Submitted, under review")
    ACCEPTED = "accepted", _("Accepted as a proposal")
    CONVERTED = "converted", _("Turned into an opinion")
    ASSIGNED = "assigned", _("Assigned to a department")
    ANSWERED = "answered", _("Answered, awaiting the proposer's rating")
    RATED = "rated", _("Rated")
    ARCHIVED = "archived", _("Archived")


class ProposalRating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    MOSTLY = "mostly", _("Mostly satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")

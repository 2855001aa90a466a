"""Choices the pages need, without importing models into views and forms."""

from django.utils.translation import gettext_lazy as _

KIND_CHOICES = [("notice", _("Notice")), ("digest", _("Policy digest")), ("news", _("News"))]
AUDIENCE_CHOICES = [("everyone", _("Members and staff of the unions below")),
                    ("staff", _("Staff of the unions below")), ("roles", _("Holders of the chosen roles")),
                    ("people", _("Named people"))]
STATUS_CHOICES = [("draft", _("Draft")), ("scheduled", _("Scheduled")), ("published", _("Published")),
                  ("withdrawn", _("Withdrawn"))]
ROLE_CHOICES = [("staff", _("Staff")), ("approver", _("Approver")), ("admin", _("Administrator")),
                ("social_worker", _("Social worker")), ("lawyer", _("Volunteer lawyer")),
                ("psychologist", _("Psychologist")), ("employer", _("Employer")), ("supplier", _("Supplier")),
                ("judge", _("Judge")), ("delegate", _("Delegate"))]

"""The choice lists that pages and forms show, taken from the models.

Views and API modules import no models (import contract `thin-entry-points`); they take labels from here.
"""

from niangjia.core.models import Member, Org, OrgRole

MEMBER_STATUSES = Member.Status
MEMBER_STATUS_CHOICES = Member.Status.choices
ORG_LEVEL_CHOICES = Org.Level.choices
ORG_LEVEL_ORDER = Org.LEVEL_ORDER
ROLE_CHOICES = OrgRole.Role.choices


def correction_fields() -> list[tuple[str, str]]:
    from niangjia.core.models import CorrectionRequest

    return list(CorrectionRequest.Field.choices)

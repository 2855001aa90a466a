"""Use cases of 职工医疗互助: each scoped by the actor, audited, in one transaction."""

from niangjia.mutual_aid.services.batch import (
    approve_inpatient_batch,  # noqa: F401
    preview_inpatient_batch,  # noqa: F401
)
from niangjia.mutual_aid.services.claims import approve_claim, quote_for, reject_claim, submit_claim  # noqa: F401
from niangjia.mutual_aid.services.enrolment import (  # noqa: F401
    enrol_members,
    import_enrolments,
    record_premium_payment,
    self_enrol,
)
from niangjia.mutual_aid.services.plans import (  # noqa: F401
    copy_plan_to_year,
    publish_plan,
    renew_enrolments,
    renewal_preview,
    run_what_if,
    update_draft,
)

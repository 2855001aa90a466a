"""Relief use cases, one module per use case group. Each use case is one transaction, checks the actor's
scope, and writes an audit event. Bad input raises `Invalid` with a Chinese reason before anything is
written; a refusal after a write rolls the whole transaction back, so a refused call changes nothing.

Every public name is re-exported here, so callers keep using `services.<name>`."""

from niangjia.relief.services.applications import (  # noqa: F401
    LEVEL_FOR_STATUS,
    LEVEL_RANK,
    _cap_key,
    _check_level,
    _clean_invoices,
    _grant,
    _needs_city,
    decide,
    evaluate,
    household_of_worker,
    submit_application,
)
from niangjia.relief.services.campaigns import (  # noqa: F401
    BUDGET,
    _campaign_files,
    approve_campaign,
    create_campaign,
    generate_campaign,
    preview_campaign,
    run_campaign,
)
from niangjia.relief.services.common import (  # noqa: F401
    CATEGORY,
    MAX_AMOUNT,
    TEMPORARY,
    _not_future,
    _rule,
    _save_photos,
    _staff_org,
    atomic_with_uploads,
    models_max,
    models_min,
    to_money,
)
from niangjia.relief.services.employment import (  # noqa: F401
    record_employment_outcome,
)
from niangjia.relief.services.files import (  # noqa: F401
    CATEGORY_BY_LABEL,
    CAUSE_BY_LABEL,
    IMPORT_HEADERS,
    NEXT_STAGE,
    STAGE_LABELS,
    _check_category,
    _create_file,
    advance_file_application,
    change_file_status,
    import_files,
    open_file,
    submit_file_application,
)
from niangjia.relief.services.households import (  # noqa: F401
    _clean_members,
    _create_household,
    add_household_evidence,
    create_household,
)
from niangjia.relief.services.income import (  # noqa: F401
    INCOME_HEADERS,
    import_income_records,
    record_income,
)
from niangjia.relief.services.ledger import (  # noqa: F401
    _lock_total,
    reverse_disbursement,
)
from niangjia.relief.services.merge import (  # noqa: F401
    merge_households,
)
from niangjia.relief.services.monitoring import (  # noqa: F401
    _alert_helpers,
    clear_flag,
    raise_flag,
    recompute_flags,
    record_visit,
)
from niangjia.relief.services.policies import (  # noqa: F401
    _check_policy_params,
    _check_standards,
    _decimal,
    _simulate_archive,
    _spec_value,
    activate_policy,
    draft_policy,
    simulate_policy,
)
from niangjia.relief.services.quotes import (  # noqa: F401
    EXCLUSIONS,
    exclusion_choices,
    quote,
    self_test,
)
from niangjia.relief.services.reference import (  # noqa: F401
    set_dibao,
)
from niangjia.relief.services.review import decidable_level, fill_calculation  # noqa: F401

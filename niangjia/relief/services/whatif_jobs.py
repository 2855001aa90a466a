"""The policy what-if above a small size runs as a background job (core.jobs) and ends in an Excel file."""

from decimal import Decimal

from niangjia.core import exports, jobs
from niangjia.relief.services.policies import simulate_policy, simulation_size

KIND = "relief.whatif"
SUBJECT = "政策模拟测算"
COLUMNS = exports.columns("工会", "类型", ("件数", exports.INTEGER), ("档次变化", exports.INTEGER),
                          ("资格变化", exports.INTEGER), ("现行版本成本（元）", exports.MONEY),
                          ("草案成本（元）", exports.MONEY))


def inline_limit() -> int:
    from django.conf import settings

    return getattr(settings, "NIANGJIA_INLINE_SIMULATION_ROWS", 5000)


def result_rows(result: dict) -> list[list]:
    rows = [[r["org"], r["kind"], r["count"], r["changed"], r["eligibility_changed"], r["cost_active"],
             r["cost_draft"]] for r in result["rows"]]
    rows.append(["合计", "", sum(r["count"] for r in result["rows"]), result["changed"],
                 sum(r["eligibility_changed"] for r in result["rows"]), result["total_active"] or Decimal(0),
                 result["total_draft"] or Decimal(0)])
    return rows


def run_whatif_job(job, progress: jobs.Progress) -> tuple[str, bytes]:
    result = simulate_policy(actor=job.requested_by, policy_id=job.params["policy_id"], progress=progress)
    data = exports.workbook_bytes(subject=SUBJECT, columns=COLUMNS, rows=result_rows(result),
                                  filters={"政策": job.params.get("policy_name", "")})
    return exports.export_filename(SUBJECT), data


def start_whatif_if_large(*, actor, policy_id: int):
    """The job when the what-if would read more than the inline limit; None when it should run inline."""
    size = simulation_size(policy_id=policy_id)
    if size <= inline_limit():
        return None
    from niangjia.relief import selectors

    policy = selectors.policy_by_id(policy_id=policy_id)
    return jobs.start(actor=actor, kind=KIND, total=size,
                      params={"policy_id": policy_id, "policy_name": f"{policy.name} v{policy.version}"})

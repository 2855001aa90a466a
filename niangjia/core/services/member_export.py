"""The member roster export: built in the request when small, as a background job above that."""

from niangjia.core import choices, exports, jobs, selectors
from niangjia.core.services import roster

SUBJECT = "会员名单"


def export_size(*, actor, q: str = "", status: str = "", org_id: int | None = None) -> int:
    return selectors.count_members_visible_to(actor=actor, q=q, status=status, org_id=org_id)


def member_export_file(*, actor, q: str = "", status: str = "", org_id: int | None = None,
                       progress: jobs.Progress | None = None) -> tuple[str, bytes]:
    """(file name, .xlsx bytes) of the actor's masked roster; the export is audited by roster.export_rows."""
    total = export_size(actor=actor, q=q, status=status, org_id=org_id) if progress else 0

    def counted(rows):
        for n, row in enumerate(rows, start=1):
            if progress is not None:
                progress(n, max(total, n))
            yield row

    org_name = exports.actor_org_name(actor, org_id)
    data = exports.workbook_bytes(
        subject=SUBJECT, sheet_name="会员", org_name=org_name,
        rows=counted(roster.export_rows(actor=actor, q=q, status=status, org_id=org_id)),
        columns=[exports.Column(h, exports.DATE if h == "入会日期" else exports.TEXT) for h in roster.EXPORT_HEADERS],
        filters={"关键词": q, "状态": dict(choices.MEMBER_STATUS_CHOICES).get(status, "")})
    return exports.export_filename(SUBJECT, org_name=org_name), data


def run_member_export_job(job, progress: jobs.Progress) -> tuple[str, bytes]:
    p = job.params
    return member_export_file(actor=job.requested_by, q=p.get("q", ""), status=p.get("status", ""),
                              org_id=p.get("org_id"), progress=progress)


def start_member_export(*, actor, q: str = "", status: str = "", org_id: int | None = None, total: int):
    org = selectors.access_org_by_id(actor=actor, org_id=org_id) if org_id else None
    return jobs.start(actor=actor, kind="core.member_export", org=org, total=total,
                      params={"q": q, "status": status, "org_id": org_id})

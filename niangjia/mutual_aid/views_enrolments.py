"""参保名单: every enrolment in the actor's unions, in the list grid, with an Excel export of the filtered list."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from niangjia.core import exports, pii
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.views import staff_required
from niangjia.mutual_aid import selectors

EXPORT_LIMIT = 50_000


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() and len(str(value)) < 10 else None


@staff_required
def enrolments(request):
    actor, g = request.user, request.GET
    plan_id, status = _int(g.get("plan")), g.get("status", "")
    qs = selectors.enrolments_visible_to(actor=actor, plan_id=plan_id, status=status)
    plans = selectors.plan_choices()
    statuses = selectors.enrolment_status_choices()
    if g.get("export"):
        rows = [(e.pk, e.member.name, pii.mask_id_number(e.member.id_number), e.org.name, e.plan.name,
                 e.enrolled_on, e.waiting_until, e.premium, "本人参保" if e.self_enrolled else "工会统一参保",
                 e.get_status_display()) for e in selectors.for_export(qs, EXPORT_LIMIT)]
        return exports.export_response(
            subject="医疗互助参保名单", sheet_name="参保名单", rows=rows, org_name=exports.actor_org_name(actor),
            filters={"计划": dict(plans).get(str(plan_id or ""), ""), "状态": str(dict(statuses).get(status, ""))},
            columns=exports.columns("参保编号", "姓名", "身份证号", "工会", "计划", ("参保日期", exports.DATE),
                                    ("等待期至", exports.DATE), ("保费（元）", exports.MONEY), "参保方式", "状态"))
    grid = build_grid(
        request, qs, row_template="mutual_aid/_enrolment_row.html", grid_id="enrolments", default_sort="-enrolled",
        columns=[Col(_("No."), sort="id"), Col(_("Member"), sort="member__name", key="name"),
                 Col(_("Union"), sort="org__name", key="union"), Col(_("Plan"), sort="plan__name", key="plan"),
                 Col(_("Enrolled on"), sort="enrolled_on", key="enrolled"),
                 Col(_("Waiting period until"), sort="waiting_until", key="waiting"),
                 Col(_("Premium"), sort="premium", align="end"), Col(_("How")), Col(_("Status"))],
        search=("member__name__startswith", "member__member_no", "org__name__startswith", "=pk"),
        search_placeholder=_("Member name, member no. or union"),
        filters=[Filter("plan", _("Plan"), plans, all_label=_("All")),
                 Filter("status", _("Status"), statuses, all_label=_("All"))],
        empty=Empty(_("No one is enrolled yet. Enrol the members of a union in one step."), _("Batch enrolment"),
                    reverse("mutual_aid:enrol_batch")),
    )
    return render(request, "mutual_aid/enrolments.html", {"grid": grid})

"""Pages of the model-worker registry (劳模名册): the list with search and Excel, one record with titles, yearly
care and the link to a hardship file."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import exports
from niangjia.core.errors import DomainError, NotFound
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.private_search import search_value
from niangjia.core.views import staff_required
from niangjia.honors import selectors, selectors_registry, services_registry


@staff_required
def registry(request):
    q = search_value(request, "q").strip()[:40]
    grid = build_grid(
        request, selectors_registry.registry(actor=request.user, q=q, difficult=request.GET.get("difficult") == "1"),
        row_template="honors/_registry_row.html", grid_id="registry", search="selector", default_sort="tree",
        columns=[Col(_("Full name"), sort="name"), Col(_("Union"), sort="org__name", key="org"), Col(_("Honours")),
                 Col(_("Care records"), sort="n_care", key="care", align="end")],
        search_placeholder=_("Name, workplace or title"),
        filters=[Filter("difficult", _("Difficult model workers"), [("1", _("Difficult model workers only"))])],
        empty=Empty(_("Nobody in the registry yet. Add a model worker with the form above.")),
    )
    return render(request, "honors/registry.html", {"grid": grid, "care_kinds": services_registry.CARE_KINDS,
                                                    "orgs": selectors.publisher_orgs(actor=request.user)})


@staff_required
def registry_export(request):
    rows = []
    for w in selectors_registry.registry(actor=request.user):
        titles = "；".join(f"{t.year} {t.title}（{t.get_level_display()}，{t.awarding_body}）" for t in w.titles.all())
        rows.append((w.name, w.org.name, w.employer, titles, "是" if w.difficult else "否", w.n_care,
                     w.care_total or 0))
    return exports.export_response(
        subject="劳模名册", sheet_name="劳模", org_name=exports.actor_org_name(request.user),
        columns=exports.columns("姓名", "所属工会", "工作单位", "荣誉", "困难劳模", ("关爱次数", exports.INTEGER),
                                ("关爱金额（元）", exports.MONEY)), rows=rows)


@staff_required
def worker(request, worker_id: int):
    w = selectors_registry.worker_for_staff(actor=request.user, worker_id=worker_id)
    return render(request, "honors/model_worker.html", {"w": w, "care_kinds": services_registry.CARE_KINDS,
                                                        "year": timezone.localdate().year})


@staff_required
@require_POST
def worker_act(request, worker_id: int):
    action = request.POST.get("action")
    try:
        if action == "care":
            year = request.POST.get("year", "")
            services_registry.record_care(request.user, worker_id=worker_id,
                                          year=int(year) if year.isdigit() else timezone.localdate().year,
                                          kind=request.POST.get("kind", ""), amount=request.POST.get("amount", "0"),
                                          note=request.POST.get("note", ""))
        elif action == "link":
            file_id = request.POST.get("file", "")
            if not file_id.isdigit():
                raise NotFound("没有找到这个档案。")
            services_registry.link_hardship_file(request.user, worker_id=worker_id, file_id=int(file_id))
    except NotFound as exc:
        messages.error(request, exc.message)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("honors:model_worker", worker_id=worker_id)

"""Pages of panel scoring: the judge's list and score sheet (conflicted entries never shown), and the staff's
panel page with recusals, progress, results (after closing), Excel and a PDF audit sheet per judge."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import exports, formats, pdf
from niangjia.core.errors import DomainError, NotFound
from niangjia.core.grid import Col, Empty, build_grid
from niangjia.core.views import member_login_required, staff_required
from niangjia.honors import selectors, services
from niangjia.honors.choices import RELATION_KINDS


@member_login_required
def home(request):
    return render(request, "honors/home.html", {"panels": list(selectors.panels_for_judge(user=request.user))})


@member_login_required
def panel(request, panel_id: int):
    judge = selectors.judge_of(user=request.user, panel_id=panel_id)
    return render(request, "honors/panel.html", {"judge": judge, "panel": judge.panel,
                                                 "entries": selectors.entries_for_judge(judge=judge),
                                                 "relation_kinds": RELATION_KINDS})


@member_login_required
def score(request, panel_id: int, entry_id: int):
    judge = selectors.judge_of(user=request.user, panel_id=panel_id)
    entry = selectors.entry_for_judge(judge=judge, entry_id=entry_id)
    criteria = list(judge.panel.criteria.all())
    if request.method == "POST":
        values = {c.pk: request.POST.get(f"c{c.pk}", "") for c in criteria if request.POST.get(f"c{c.pk}", "") != ""}
        try:
            services.save_scores(request.user, panel_id=panel_id, entry_id=entry.pk, values=values,
                                 submit=request.POST.get("action") == "submit")
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Submitted.") if request.POST.get("action") == "submit" else _("Saved."))
            return redirect("honors:panel", panel_id=panel_id)
    mine = selectors.my_scores(judge=judge, entry=entry)
    rows = [{"c": c, "value": mine.get(c.pk, "")} for c in criteria]
    return render(request, "honors/score.html", {"judge": judge, "panel": judge.panel, "entry": entry, "rows": rows,
                                                 "sheet": selectors.my_sheet(judge=judge, entry=entry)})


@staff_required
def workbench(request):
    grid = build_grid(
        request, selectors.staff_panels(actor=request.user), row_template="honors/_panel_row.html",
        default_sort="-id", grid_id="panels",
        columns=[Col(_("No."), sort="id"), Col(_("Panel title"), sort="title"), Col(_("Organising union")),
                 Col(_("Phase")), Col(_("Entries"), align="end"), Col(_("Judges"), align="end")],
        search=("title__icontains", "=pk"), search_placeholder=_("Panel title or no."),
        empty=Empty(_("No panels yet. The demo has one: 9 service projects, 28 judges.")),
    )
    return render(request, "honors/workbench.html", {"grid": grid})


@staff_required
def staff_panel(request, panel_id: int):
    p = selectors.panel_for_staff(actor=request.user, panel_id=panel_id)
    closed = p.phase == "closed"
    return render(request, "honors/staff_panel.html", {
        "panel": p, "judges": selectors.judges_with_progress(panel=p), "conflicts": selectors.conflicts(panel=p),
        "entries": selectors.entries_of(panel=p), "results": selectors.results(panel=p) if closed else None,
        "relation_kinds": RELATION_KINDS})


@staff_required
@require_POST
def close(request, panel_id: int):
    try:
        services.close_panel(request.user, panel_id=panel_id)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Scoring is closed; the results are below."))
    return redirect("honors:staff_panel", panel_id=panel_id)


@staff_required
def export_results(request, panel_id: int):
    p = selectors.panel_for_staff(actor=request.user, panel_id=panel_id)
    if p.phase != "closed":
        raise Http404
    rows = [(r.rank, r.entry.code, r.entry.title, r.entry.entrant, len(r.judge_totals), r.recused, r.total)
            for r in selectors.results(panel=p)]
    return exports.export_response(
        subject=f"评审结果·{p.title}"[:60], sheet_name="结果", org=p.org,
        columns=exports.columns(("名次", exports.INTEGER), "编号", "项目", "单位", ("有效评分人数", exports.INTEGER),
                                ("回避人数", exports.INTEGER), ("得分", exports.NUMBER)),
        rows=rows)


@staff_required
def judge_sheet(request, panel_id: int, judge_id: int):
    p = selectors.panel_for_staff(actor=request.user, panel_id=panel_id)
    judge = selectors.judge_in_panel(panel=p, judge_id=judge_id)
    if judge is None:
        raise Http404
    criteria = list(p.criteria.all())
    s = pdf.styles()
    header = ["编号", "项目", *[f"{c.name}（{c.weight}%，满分{c.max_score}）" for c in criteria], "加权得分"]
    body = []
    recusals = selectors.recusals_of(judge=judge)
    for entry, mine, total in selectors.judge_sheet_rows(panel=p, judge=judge):
        if entry.pk in recusals:
            body.append([entry.code, entry.title, *["回避" for _c in criteria], recusals[entry.pk]])
        else:
            body.append([entry.code, entry.title, *[str(mine.get(c.pk, "—")) for c in criteria],
                         "—" if total is None else f"{total}"])
    width = 180 - 12 - 40 - 24
    story = [pdf.para(f"{p.title} 评分表", s["title"]),
             pdf.para(f"评委：{judge.name}　{judge.affiliation}　评审日期：{formats.day(p.activity_date)}", s["body"]),
             pdf.spacer(),
             pdf.table([header, *body], [12, 40, *[width / max(len(criteria), 1)] * len(criteria), 24],
                       style=s["cell"], header=True),
             pdf.spacer(), pdf.para("加权得分 = Σ（维度得分 ÷ 满分 × 权重），保留两位小数；回避的项目不打分、不计入结果。", s["small"]),
             pdf.spacer(8), pdf.signature_blocks(["评委"], seal="")]
    response = HttpResponse(pdf.build(f"{p.title} 评分表 {judge.name}", story), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="panel-{p.pk}-judge-{judge.pk}.pdf"'
    return response



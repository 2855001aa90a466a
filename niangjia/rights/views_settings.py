"""Workbench settings pages: holidays, SLA per category, synonyms, knowledge-base articles, supervisors.

Thin: the services check who may edit and validate; these pages show and pass the form through."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from niangjia.core import scoping
from niangjia.core.errors import DomainError, Invalid, NotFound
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.views import role_required
from niangjia.rights import selectors, selectors_lists
from niangjia.rights.services import config, kb

admin_required = role_required(scoping.ADMIN_ROLES)
editor_required = role_required(scoping.APPROVER_ROLES)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _nav(request, current: str) -> dict:
    return {"settings_nav": settings_links(request.user), "settings_current": current}


def settings_links(user) -> list[tuple[str, str, str]]:
    """(key, url name, label) of the settings pages this user may open."""
    links = []
    if config.may_edit_calendar(user):
        links += [("holidays", "rights:holidays", _("Holidays")), ("sla", "rights:sla", _("Service levels"))]
    if config.may_edit_knowledge(user):
        links += [("kb", "rights:kb_admin", _("Knowledge base")), ("synonyms", "rights:synonyms", _("Search synonyms"))]
    if config.may_set_supervisors(user):
        links += [("supervisors", "rights:supervisors", _("Supervisors")),
                  ("volunteers", "rights:volunteers", _("Volunteers"))]
    return links


def _run(request, action) -> bool:
    try:
        action()
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, _("Saved."))
    return True


@admin_required
def holidays(request):
    config.require_calendar_editor(request.user)
    if request.method == "POST":
        if request.POST.get("op") == "delete":
            _run(request, lambda: config.delete_holiday(request.user, holiday_id=int(request.POST.get("id") or 0)))
        else:
            _run(request, lambda: config.save_holiday(request.user, day=_date(request.POST.get("day", "")),
                                                      name=request.POST.get("name", ""),
                                                      is_workday=request.POST.get("is_workday") == "1"))
        return redirect("rights:holidays")
    years = selectors.calendar_years(timezone.localdate())
    g = request.GET
    grid = build_grid(
        request, selectors_lists.holidays_qs(year=g.get("year", ""), kind=g.get("kind", "")),
        row_template="rights/_holiday_row.html", grid_id="holidays", default_sort="-day",
        columns=[Col(_("Date"), sort="day"), Col(_("Name"), sort="name"), Col(_("Kind"), sort="is_workday", key="kind"),
                 Col("")],
        search=("name__contains",), search_placeholder=_("Name of the day"),
        filters=[Filter("year", _("Year"), [(str(y["year"]), str(y["year"])) for y in reversed(years)]),
                 Filter("kind", _("Kind"), [("holiday", _("Public holiday (no work)")),
                                            ("workday", _("Make-up working weekend"))])],
        empty=Empty(_("No day entered yet: the built-in State Council notices apply. Enter a day with the form above.")))
    return render(request, "rights/settings_holidays.html", {"grid": grid, "years": years, **_nav(request, "holidays")})


@admin_required
def sla(request):
    config.require_calendar_editor(request.user)
    if request.method == "POST":
        if request.POST.get("op") == "deadlines":
            _run(request, lambda: config.save_deadlines(request.user, **{
                f: request.POST.get(f) for f in ("opinion_answer_working_days", "suggestion_answer_working_days",
                                                 "reopen_days", "cancel_hours_before")}))
        else:
            _run(request, lambda: config.save_sla(request.user, category=request.POST.get("category", ""),
                                                  first_response_days=request.POST.get("first_response_days"),
                                                  resolution_days=request.POST.get("resolution_days")))
        return redirect("rights:sla")
    return render(request, "rights/settings_sla.html", {"rows": selectors.sla_table(),
                                                        "deadlines": selectors.deadline_table(), **_nav(request, "sla")})


@editor_required
def synonyms(request):
    config.require_knowledge_editor(request.user)
    form = {"group": request.GET.get("edit", ""), "terms": "", "original_group": request.GET.get("edit", "")}
    if request.method == "POST":
        if request.POST.get("op") == "delete":
            _run(request, lambda: config.delete_synonym_group(request.user, group=request.POST.get("group", "")))
            return redirect("rights:synonyms")
        form = {k: request.POST.get(k, "") for k in form}
        if _run(request, lambda: config.save_synonym_group(request.user, group=form["group"], terms=form["terms"],
                                                           original_group=form["original_group"])):
            return redirect("rights:synonyms")
    elif form["group"]:
        form["terms"] = "、".join(selectors_lists.synonym_terms(form["group"]))
    grid = build_grid(
        request, selectors_lists.synonym_groups_qs(), row_template="rights/_synonym_row.html", grid_id="synonyms",
        default_sort="group", columns=[Col(_("Main word"), sort="group"), Col(_("Words")), Col("")],
        search=selectors_lists.search_synonym_groups, search_placeholder=_("A word of the group"),
        empty=Empty(_("No synonym group yet. Add one with the form above.")))
    grid.page.object_list = selectors_lists.with_terms(grid.page.object_list)
    return render(request, "rights/settings_synonyms.html", {"grid": grid, "form": form, **_nav(request, "synonyms")})


@editor_required
def kb_admin(request):
    config.require_knowledge_editor(request.user)
    g = request.GET
    grid = build_grid(
        request, selectors_lists.articles_qs(pending_only=g.get("pending") == "1", category=g.get("category", "")),
        row_template="rights/_kb_row.html", grid_id="articles", default_sort="category",
        columns=[Col(_("Title"), sort="title"), Col(_("Category"), sort="category"),
                 Col(_("Review"), sort="review_status", key="review"), Col("")],
        search=("title__contains", "question__contains", "=pk"), search_placeholder=_("Title or question"),
        filters=[Filter("category", _("Category"), selectors.CATEGORY_CHOICES),
                 Filter("pending", _("Review"), [("1", _("Awaiting legal review only"))])],
        empty=Empty(_("No article yet."), _("New article"), reverse("rights:kb_new")))
    return render(request, "rights/settings_kb.html", {"grid": grid, **_nav(request, "kb")})


@editor_required
def kb_edit(request, pk: int | None = None):
    config.require_knowledge_editor(request.user)
    article = None
    if pk is not None:
        article = selectors.article_by_id(pk)
        if article is None:
            raise NotFound("未找到该记录，或您无权查看。")
    fields = ("category", "title", "question", "similar_questions", "answer", "references", "reviewed_by",
              "reviewed_on")
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in fields}
        form["needs_review"] = request.POST.get("needs_review") == "1"
        reviewed_on = _date(form["reviewed_on"])
        saved = []

        def save():
            if form["reviewed_on"] and reviewed_on is None:
                raise Invalid("审核日期格式不正确。", code="rights.article_review")
            saved.append(kb.save_article(request.user, article_id=pk, category=form["category"], title=form["title"],
                                         question=form["question"], similar_questions=form["similar_questions"],
                                         answer=form["answer"],
                                         references=form["references"], needs_review=form["needs_review"],
                                         reviewed_by=form["reviewed_by"], reviewed_on=reviewed_on))

        if _run(request, save):
            return redirect("rights:kb_admin")
        status = 422
    else:
        status = 200
        form = {k: (getattr(article, k) or "") if article else "" for k in fields}
        form["reviewed_on"] = article.reviewed_on.isoformat() if article and article.reviewed_on else ""
        form["needs_review"] = article is None or article.review_status != kb.REVIEW_DONE
    return render(request, "rights/settings_kb_edit.html", {
        "article": article, "form": form, "categories": selectors.CATEGORY_CHOICES, **_nav(request, "kb")}, status=status)


@admin_required
def supervisors(request):
    if request.method == "POST":
        org = selectors.admin_org_by_id(actor=request.user, org_id=int(request.POST.get("org") or 0))
        raw = request.POST.get("supervisor") or ""
        _run(request, lambda: config.set_supervisor(request.user, org=org,
                                                    supervisor_id=int(raw) if raw.isdigit() else None))
        return redirect("rights:supervisors")
    orgs, users = selectors.supervisor_choices(actor=request.user)
    grid = build_grid(
        request, selectors_lists.supervisors_qs(actor=request.user), row_template="rights/_supervisor_row.html",
        grid_id="supervisors", default_sort="org",
        columns=[Col(_("Union"), sort="org__path", key="org"),
                 Col(_("Supervisor"), sort="supervisor__real_name", key="supervisor"),
                 Col(_("Since"), sort="updated_at", key="since")],
        search=("org__name__contains", "supervisor__real_name__startswith"),
        search_placeholder=_("Union or supervisor"),
        empty=Empty(_("No supervisor set: overdue cases go to the admins and approvers above each union.")))
    return render(request, "rights/settings_supervisors.html", {
        "grid": grid, "orgs": orgs, "users": users, **_nav(request, "supervisors")})



@admin_required
def volunteers(request):
    """Volunteer lawyers and psychologists: an admin adds one to a union's desk or pauses them."""
    if request.method == "POST":
        p = request.POST
        if p.get("op") in ("pause", "resume"):
            _run(request, lambda: config.set_volunteer_active(request.user, counsellor_id=int(p.get("id") or 0),
                                                              active=p.get("op") == "resume"))
        else:
            _run(request, lambda: config.enrol_volunteer(request.user, org_id=int(p.get("org") or 0),
                                                         phone=p.get("phone", ""), kind=p.get("kind", ""),
                                                         display_name=p.get("display_name", ""), bio=p.get("bio", "")))
        return redirect("rights:volunteers")
    orgs, _users = selectors.supervisor_choices(actor=request.user)
    g = request.GET
    grid = build_grid(
        request, selectors_lists.volunteers_qs(actor=request.user, kind=g.get("kind", ""), active=g.get("active", "")),
        row_template="rights/_volunteer_row.html", grid_id="volunteers", default_sort="default",
        columns=[Col(_("Name shown to workers"), sort="display_name", key="name"),
                 Col(_("Volunteer as"), sort="kind"), Col(_("Union"), sort="org__name", key="org"),
                 Col(_("Mobile number")), Col("")],
        search=("display_name__contains", "org__name__contains"), search_placeholder=_("Name or union"),
        filters=[Filter("kind", _("Volunteer as"), selectors.COUNSELLOR_KIND_CHOICES),
                 Filter("active", _("Status"), [("1", _("Serving")), ("0", _("Paused"))])],
        empty=Empty(_("No volunteer yet. Add a lawyer or psychologist with the form above.")),
    )
    return render(request, "rights/settings_volunteers.html", {
        "grid": grid, "orgs": orgs,
        "kinds": selectors.COUNSELLOR_KIND_CHOICES, **_nav(request, "volunteers")})

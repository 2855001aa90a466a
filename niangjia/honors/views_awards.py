"""Pages of award rounds: the staff round page (live composition, quotas, nominations, objections, stages) and the
public 公示 page where a signed-in person may object."""


from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core.errors import DomainError, NotFound
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.views import staff_required
from niangjia.honors import rules, selectors, selectors_awards, services_awards


@staff_required
def rounds(request):
    g, choices = request.GET, selectors_awards.round_choices()
    grid = build_grid(
        request, selectors_awards.rounds_for_grid(actor=request.user, stage=g.get("stage", ""), kind=g.get("kind", "")),
        row_template="honors/_round_row.html", grid_id="rounds", default_sort="-year",
        columns=[Col(_("Year"), sort="year"), Col(_("Round"), sort="title"), Col(_("Award"), sort="kind"),
                 Col(_("Stage"), sort="stage"), Col(_("Nominations"), sort="n_nominations", key="n", align="end")],
        search=("title__contains", "org__name__contains"), search_placeholder=_("Round title or union"),
        filters=[Filter("kind", _("Award"), choices["kind"]), Filter("stage", _("Stage"), choices["stage"])],
        empty=Empty(_("No award rounds yet. Open “New award round” above to start one.")),
    )
    return render(request, "honors/rounds.html", {
        "grid": grid, "kinds": rules.AWARD_KINDS, "orgs": selectors.publisher_orgs(actor=request.user),
    })


@staff_required
def round_detail(request, round_id: int):
    award = selectors_awards.round_for_staff(actor=request.user, round_id=round_id)
    context = {"award": award, "nominations": selectors_awards.nominations(award=award),
               "composition": selectors_awards.composition(award=award), "quotas": selectors_awards.quotas(award=award),
               "objections": selectors_awards.open_objections(award=award), "attributes": rules.ATTRIBUTES.items(),
               "orgs": selectors_awards.nominating_orgs(actor=request.user, award=award)}
    if request.headers.get("HX-Request"):
        return render(request, "honors/_composition.html", context)
    return render(request, "honors/round.html", context)


def _run(request, round_id: int, fn, ok: str):
    try:
        fn()
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect("honors:round", round_id=round_id)


@staff_required
@require_POST
def nominate(request, round_id: int):
    org = request.POST.get("org", "")
    if not org.isdigit():
        messages.error(request, _("Choose the nominating union."))
        return redirect("honors:round", round_id=round_id)
    return _run(request, round_id, lambda: services_awards.nominate(
        request.user, round_id=round_id, org_id=int(org), name=request.POST.get("name", ""),
        employer=request.POST.get("employer", ""), deeds=request.POST.get("deeds", ""),
        attributes=request.POST.getlist("attributes"), files=request.FILES.getlist("files")), _("Nominated."))


@staff_required
@require_POST
def stage(request, round_id: int):
    action = request.POST.get("action")
    if action == "publicity":
        return _run(request, round_id, lambda: services_awards.start_publicity(request.user, round_id=round_id),
                    _("The public notice has started."))
    return _run(request, round_id, lambda: services_awards.finalize(request.user, round_id=round_id),
                _("The final list is fixed."))


@staff_required
@require_POST
def decide(request, round_id: int, objection_id: int):
    return _run(request, round_id, lambda: services_awards.decide_objection(
        request.user, objection_id=objection_id, upheld=request.POST.get("upheld") == "1",
        finding=request.POST.get("finding", "")), _("Saved."))


def publicity(request, round_id: int):
    try:
        award, nominees = selectors_awards.publicity(round_id=round_id)
    except NotFound:
        raise Http404 from None
    today = timezone.localdate()
    open_ = award.stage == "publicity" and award.publicity_starts <= today <= award.publicity_ends
    return render(request, "honors/publicity.html", {"award": award, "nominees": nominees, "open": open_,
                                                     "attributes": rules.ATTRIBUTES})


@require_POST
def object_to(request, round_id: int, nomination_id: int):
    if not request.user.is_authenticated:
        return redirect(f"/login/?next=/honors/rounds/{round_id}/publicity/")
    try:
        services_awards.raise_objection(request.user, nomination_id=nomination_id, text=request.POST.get("text", ""))
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your objection is recorded; the union will check it and answer you."))
    return redirect("honors:publicity", round_id=round_id)




"""Pages of the job fair: the worker's search, post and application pages (phone), the employer's posts and
applicants, and the 1-3-1 packet the worker receives. Staff pages are in views_workbench.py."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core.errors import DomainError, NotFound
from niangjia.core.submissions import submit_once
from niangjia.core.views import member_login_required
from niangjia.jobs import rules, selectors, services
from niangjia.jobs.choices import HOURS_CHOICES, STAGE_ACTIONS


def home(request):
    q = (request.GET.get("q") or "").strip()[:100]
    welfare = request.GET.get("welfare") == "1"
    ctx = {"q": q, "welfare": welfare, "results": [], "fairs": selectors.fairs_current(today=timezone.localdate()),
           "packets": [], "employers": []}
    if request.user.is_authenticated:
        ctx["results"] = selectors.search_posts(q=q, limit=20, public_welfare=welfare)
        ctx["packets"] = selectors.my_packets(request.user)
        ctx["employers"] = selectors.employers_of_account(request.user)
    return render(request, "jobs/home.html", ctx)


@member_login_required
def post_detail(request, position_id: int):
    position = selectors.access_position_by_id(actor=request.user, position_id=position_id)
    packet_id = request.GET.get("packet") or ""
    return render(request, "jobs/post.html", {
        "p": position, "packet_id": packet_id if packet_id.isdigit() else "",
        "demands": [rules.DEMAND_LABELS[d] for d in position.demands if d in rules.DEMAND_LABELS]})


@member_login_required
@require_POST
@submit_once("jobs.apply")
def apply(request, position_id: int):
    packet = request.POST.get("packet") or ""
    try:
        application = services.apply(actor=request.user, position_id=position_id,
                                     profile=request.POST.get("profile", ""),
                                     share_contact=request.POST.get("share_contact") == "1",
                                     packet_id=int(packet) if packet.isdigit() else None)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("jobs:post", position_id=position_id)
    messages.success(request, _("Application sent. Follow it in My business."))
    return redirect("jobs:application", application_id=application.pk)


@member_login_required
def application(request, application_id: int):
    a = selectors.access_application_by_id(actor=request.user, application_id=application_id)
    if a.applicant_id != request.user.pk:
        raise Http404
    return render(request, "jobs/application.html", {"a": a, "history": selectors.application_history(a),
                                                     "may_withdraw": selectors.may_withdraw(a)})


@member_login_required
@require_POST
def withdraw(request, application_id: int):
    try:
        services.withdraw_application(actor=request.user, application_id=application_id,
                                      reason=request.POST.get("reason", ""))
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Application withdrawn; the employer has been told."))
    return redirect("jobs:application", application_id=application_id)


@member_login_required
@require_POST
def share(request, application_id: int):
    try:
        services.share_contact(actor=request.user, application_id=application_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The employer can now see your phone number."))
    return redirect("jobs:application", application_id=application_id)


@member_login_required
def packet(request, packet_id: int):
    p = selectors.access_packet_by_id(actor=request.user, packet_id=packet_id)
    return render(request, "jobs/packet.html", {"packet": p, "positions": selectors.packet_positions(p)})


def fair(request, fair_id: int):
    try:
        f = selectors.access_fair_by_id(fair_id=fair_id)
    except NotFound:
        raise Http404 from None
    return render(request, "jobs/fair.html", {"fair": f, "positions": selectors.fair_posts(f)})


# --- the employer's pages ------------------------------------------------------------------------------


@member_login_required
def employer(request):
    employers = selectors.employers_of_account(request.user)
    rows = [(e, selectors.positions_of_employer(e)) for e in employers]
    return render(request, "jobs/employer.html", {"rows": rows, "hours": HOURS_CHOICES,
                                                  "demands": list(rules.DEMAND_LABELS.items())})


@member_login_required
@require_POST
@submit_once("jobs.employer_register")
def employer_register(request):
    try:
        services.register_employer(actor=request.user, name=request.POST.get("name", ""),
                                   uscc=request.POST.get("uscc", ""), region_code=request.POST.get("region_code", ""),
                                   address=request.POST.get("address", ""), contact_name=request.POST.get("contact_name", ""),
                                   contact_phone=request.POST.get("contact_phone", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Registered. Union staff will verify your employer."))
    return redirect("jobs:employer")


@member_login_required
@require_POST
@submit_once("jobs.position_create")
def position_create(request, employer_id: int):
    post = request.POST
    try:
        services.create_position(
            actor=request.user, employer_id=employer_id, title=post.get("title", ""), location=post.get("location", ""),
            region_code=post.get("region_code", ""), salary_min=post.get("salary_min", ""),
            salary_max=post.get("salary_max", ""), description=post.get("description", ""),
            requirements=post.get("requirements", ""), skills=post.get("skills", ""),
            hours=post.get("hours", "full_time"), demands=post.getlist("demands"),
            headcount=post.get("headcount") or 1, public_welfare=post.get("public_welfare") == "1")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Post published."))
    return redirect("jobs:employer")


@member_login_required
def applicants(request, position_id: int):
    position, rows = selectors.applicants_for(actor=request.user, position_id=position_id)
    for row in rows:
        row["actions"] = [(s, label) for s, label in STAGE_ACTIONS if rules.may_move(row["application"].stage, s)]
    return render(request, "jobs/applicants.html", {"p": position, "rows": rows})


@member_login_required
@require_POST
def move(request, application_id: int):
    try:
        a = services.move_application(actor=request.user, application_id=application_id,
                                      stage=request.POST.get("stage", ""), note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        a = selectors.access_application_by_id(actor=request.user, application_id=application_id)
    else:
        messages.success(request, _("Stage changed; the worker has been told."))
    return redirect("jobs:applicants", position_id=a.position_id)

"""Pages of mentorship: the member's pairs (tasks, approvals, the yearly review) and the union's table."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core.errors import DomainError, NotFound
from niangjia.core.views import member_login_required, staff_required
from niangjia.honors import selectors, selectors_mentorship, services_mentorship


@member_login_required
def mine(request):
    return render(request, "honors/mentorship.html", {"pairs": selectors_mentorship.my_pairs(user=request.user),
                                                      "year": timezone.localdate().year})


@member_login_required
@require_POST
def act(request):
    action, user = request.POST.get("action", ""), request.user
    ident = request.POST.get("id", "")
    if not ident.isdigit():
        raise Http404
    ident = int(ident)
    try:
        if action == "task":
            services_mentorship.add_task(user, pair_id=ident, title=request.POST.get("title", ""))
        elif action == "done":
            services_mentorship.report_done(user, task_id=ident)
        elif action == "approve":
            services_mentorship.approve_task(user, task_id=ident)
        elif action == "review":
            rating = request.POST.get("rating", "")
            services_mentorship.review(user, pair_id=ident, year=timezone.localdate().year,
                                       rating=int(rating) if rating.isdigit() else 0,
                                       comment=request.POST.get("comment", ""))
        else:
            raise Http404
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("honors:mentorship")


@staff_required
def staff(request):
    pairs = list(selectors_mentorship.staff_pairs(actor=request.user)[:500])
    return render(request, "honors/mentorship_staff.html",
                  {"pairs": pairs, "orgs": selectors.publisher_orgs(actor=request.user)})


@staff_required
@require_POST
def close(request, pair_id: int):
    try:
        services_mentorship.close_pair(request.user, pair_id=pair_id, outcome=request.POST.get("outcome", ""))
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("honors:mentorship_staff")

"""Proposal pages: the delegate's phone (draft, second, submit, rate) and the committee's workbench (review, assign,
the department's reply, 督办, archive)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.congress import rules
from niangjia.congress import selectors_proposals as sel
from niangjia.congress import services_proposal_review as review
from niangjia.congress import services_proposals as svc
from niangjia.congress.choices import ProposalRating, ProposalStatus
from niangjia.congress.selectors import congresses_for_staff
from niangjia.core.errors import DomainError, NotFound
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.submissions import submit_once
from niangjia.core.views import member_login_required, staff_required


def _act(request, fn, ok: str) -> bool:
    try:
        fn()
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
        return False
    messages.success(request, ok)
    return True


@member_login_required
def proposals(request):
    ctx = sel.proposals_for_delegate(request.user)
    ctx["congresses"] = sel.delegate_congresses(request.user)
    ctx["min_seconders"] = rules.MIN_SECONDERS
    return render(request, "congress/proposals.html", ctx)


@member_login_required
@submit_once("congress.proposal")
def proposal_new(request):
    congresses = sel.delegate_congresses(request.user)
    if not congresses:
        raise NotFound("您不是职代会代表，不能提出提案。")
    form = {"title": "", "reason": "", "measures": ""}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in form}
        try:
            congress_id = int(request.POST.get("congress") or congresses[0].pk)
        except ValueError:
            congress_id = 0
        try:
            p = svc.create_proposal(actor=request.user, congress_id=congress_id, **form)
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your proposal is saved. Ask at least two delegates to second it, then submit it."))
            return redirect("congress:proposal", proposal_id=p.pk)
    return render(request, "congress/proposal_new.html", {"congresses": congresses, "form": form}, status=200)


@member_login_required
def proposal(request, proposal_id: int):
    p = sel.access_proposal(actor=request.user, proposal_id=proposal_id)
    ctx = {"p": p, **sel.proposal_detail(p), "min_seconders": rules.MIN_SECONDERS,
           "is_proposer": sel.is_proposer(request.user, p), "ratings": ProposalRating.choices}
    if sel.may_handle(request.user, p):
        ctx.update(departments=sel.departments_for(p), overdue=rules.is_overdue(p.status, p.reply_due, _today()),
                   default_days=rules.DEFAULT_REPLY_DAYS, grades=list(rules.HANDLING_GRADES.items()))
        return render(request, "congress/proposal_staff.html", ctx)
    ctx["has_seconded"] = sel.has_seconded(request.user, p)
    return render(request, "congress/proposal.html", ctx)


def _today():
    from django.utils import timezone

    return timezone.localdate()


@require_POST
@member_login_required
def proposal_action(request, proposal_id: int, action: str):
    u, pid, post = request.user, proposal_id, request.POST
    if action == "second":
        _act(request, lambda: svc.second(actor=u, proposal_id=pid), _("You have seconded this proposal."))
    elif action == "submit":
        _act(request, lambda: svc.submit(actor=u, proposal_id=pid), _("The proposal is submitted to the committee."))
    elif action == "rate":
        _act(request, lambda: svc.rate(actor=u, proposal_id=pid, rating=post.get("rating", "")),
             _("Thank you, your rating is recorded."))
    else:
        raise NotFound("未找到这个操作。")
    return redirect("congress:proposal", proposal_id=pid)


def _int(value, default=0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@require_POST
@staff_required
def proposal_handle(request, proposal_id: int, action: str):
    u, pid, post = request.user, proposal_id, request.POST
    if action == "review":
        _act(request, lambda: svc.review(actor=u, proposal_id=pid, decision=post.get("decision", ""),
                                         note=post.get("note", "")), _("The review is recorded."))
    elif action == "assign":
        co = [_int(x) for x in post.getlist("co")]
        _act(request, lambda: svc.assign(actor=u, proposal_id=pid, lead_id=_int(post.get("lead")), co_ids=co,
                                         days=_int(post.get("days"), -1)), _("The proposal is assigned."))
    elif action == "answer":
        _act(request, lambda: svc.answer(actor=u, proposal_id=pid, text=post.get("reply", "")),
             _("The department's reply is recorded."))
    elif action == "follow-up":
        _act(request, lambda: svc.follow_up(actor=u, proposal_id=pid), _("The follow-up is recorded."))
    elif action == "archive":
        _act(request, lambda: svc.archive(actor=u, proposal_id=pid), _("The proposal is archived."))
    elif action == "grade":
        _act(request, lambda: review.grade_handling(actor=u, proposal_id=pid, grade=post.get("grade", "")),
             _("Saved."))
    elif action == "best":
        _act(request, lambda: review.set_best(actor=u, proposal_id=pid, best=post.get("best") == "1"), _("Saved."))
    else:
        raise NotFound("未找到这个操作。")
    return redirect("congress:proposal", proposal_id=pid)


@staff_required
def proposals_workbench(request):
    status = request.GET.get("status", "")
    overdue = status == "overdue"
    qs = sel.staff_proposals(request.user, status="" if overdue else status, overdue=overdue,
                             congress_id=_int(request.GET.get("congress")) or None)
    grid = build_grid(
        request, qs, row_template="congress/_proposal_row.html", default_sort="-number", grid_id="proposals",
        columns=[Col(_("No."), sort="number"), Col(_("Subject")), Col(_("Proposer"), sort="proposer__name"),
                 Col(_("Seconders"), align="end"), Col(_("Status"), sort="status"),
                 Col(_("Lead department")), Col(_("Reply due"), sort="reply_due"), Col(_("Rating"))],
        search=("title__icontains", "proposer__name__startswith", "=number"),
        search_placeholder=_("Subject, proposer or number"),
        filters=[Filter("status", _("Status"), [("overdue", _("Overdue (follow up)")), *ProposalStatus.choices],
                        all_label=_("All"))],
        empty=Empty(_("No proposals yet. Delegates draft them on the phone under 职代会 → 提案.")))
    return render(request, "congress/proposals_workbench.html",
                  {"grid": grid, "counts": sel.status_counts(request.user), "today": _today(),
                   "congresses": congresses_for_staff(request.user)})


@require_POST
@staff_required
def department_add(request):
    _act(request, lambda: svc.add_department(actor=request.user, congress_id=_int(request.POST.get("congress")),
                                             name=request.POST.get("name", ""),
                                             contact_name=request.POST.get("contact_name", "")),
         _("The department is added."))
    return redirect("congress:proposals_workbench")

"""Core pages: worker side (home, 我的, card, messages) and the staff workbench.

Views are thin: they parse forms, call services/selectors and render. A DomainError becomes a
message or a form error; NotFound becomes a 404 page.
"""

import segno
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import (
    audit,
    audit_labels,
    bulk,
    choices,
    context_processors,
    exports,
    home_feed,
    jobs,
    my_business,
    navigation,
    notifications,
    pii,
    scoping,
    selectors,
    spreadsheets,
    todo,
    views_codes,
)
from niangjia.core.context import request_ip
from niangjia.core.errors import DomainError, NotFound
from niangjia.core.forms import (
    ImportForm,
    LoginForm,
    OrgCreateForm,
    OrgMoveForm,
    OrgRenameForm,
    PasswordChangeForm,
    RegisterForm,
    VerifyForm,
)
from niangjia.core.grid import BulkAction, Col, Empty, Filter, build_grid
from niangjia.core.payouts import accounts as payee_accounts
from niangjia.core.private_search import search_value
from niangjia.core.services import accounts, login_throttle, members, orgs, phone_codes, roles, roster
from niangjia.core.services import member_export as member_export_service
from niangjia.core.spreadsheets import ImportRejected
from niangjia.core.submissions import submit_once
from niangjia.core.throttling import hit as throttle_hit

CARD_SALT = "niangjia.member-card"


def role_required(roles=scoping.STAFF_ROLES):
    """Pages for holders of some role in some org; anyone else gets 404 (the page is not theirs to know)."""

    def decorator(view):
        @login_required
        def wrapper(request, *args, **kwargs):
            if not scoping.has_role(request.user, roles):
                raise Http404
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404(exc.message) from None

        wrapper.__name__ = view.__name__
        wrapper.__doc__ = view.__doc__
        return wrapper

    return decorator


staff_required = role_required(scoping.STAFF_ROLES)


def member_login_required(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from None

    wrapper.__name__ = view.__name__
    return wrapper


# --- worker side ----------------------------------------------------------------------------------


def home(request):
    user = request.user
    membership = selectors.active_membership_of(user) if user.is_authenticated else None
    hotline = context_processors.hotline(request)["hotline"]
    tiles = navigation.tiles(membership=membership, verified=user.is_authenticated and user.is_verified,
                             hotline_tel=hotline["tel"], elder=user.is_authenticated and user.elder_mode)
    pending = my_business.pending_for(user)[:3] if user.is_authenticated else []
    return render(request, "core/home.html", {"tiles": tiles, "membership": membership, "pending": pending,
                                              "feeds": home_feed.feeds_for(user)})


def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and not throttle_hit(request, "login"):
        form.is_valid()
        form.add_error(None, _("Too many login attempts from this network. Please wait a minute and try again."))
        return render(request, "core/login.html", {"form": form, "nav_hide": True}, status=429)
    if request.method == "POST" and form.is_valid():
        from django.contrib.auth import authenticate

        phone = form.cleaned_data["phone"]
        user = authenticate(request, phone=phone, password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            target = request.GET.get("next") or ""
            if not target.startswith("/") or target.startswith("//"):
                target = reverse("core:workbench") if scoping.has_role(user) else reverse("core:home")
            return redirect(target)
        # The same words for an unknown number and a wrong password, and the lock (of this number from
        # this network only) reads the same for both: the page never tells whether a number is registered.
        until = login_throttle.locked_until(phone=phone, ip=request_ip(request))
        if until:
            form.add_error(
                None,
                _("Too many wrong tries for this number from this device or network. Try again after %(time)s, "
                  "or reset the password by SMS code.")
                % {"time": timezone.localtime(until).strftime("%H:%M")},
            )
        else:
            form.add_error(None, _("The mobile number or password is wrong."))
    return render(request, "core/login.html", {"form": form, "nav_hide": True})


@require_POST
def logout_view(request):
    logout(request)
    return redirect("core:home")


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "send":
        code_sent = views_codes.send_code(request, form, purpose="register")
        return render(request, "core/register.html", {"form": form, "code_sent": code_sent})
    if request.method == "POST" and form.is_valid():
        try:
            user = phone_codes.register_with_code(
                phone=form.cleaned_data["phone"], code=form.cleaned_data["code"],
                password=form.cleaned_data["password"], display_name=form.cleaned_data["display_name"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, user, backend="niangjia.core.auth.PhonePasswordBackend")
            messages.success(request, _("Registered. Next, verify your identity so that the union knows it is you."))
            return redirect("core:verify")
    return render(request, "core/register.html", {"form": form})


@member_login_required
def me(request):
    user = request.user
    context = {
        "membership": selectors.active_membership_of(user),
        "history": selectors.memberships_of(user),
        "join_requests": selectors.join_requests_of(user),
        "transfers": selectors.transfers_of(user),
        "roles": scoping.roles_of(user),
    }
    return render(request, "core/me.html", context)


@member_login_required
def my_business_list(request):
    """我的办事: every application, claim, help case, booking, transfer and join request, newest first."""
    return render(request, "core/my_business.html", {"items": my_business.items_for(request.user)})


@require_POST
@member_login_required
def elder_mode(request):
    accounts.set_elder_mode(actor=request.user, on=request.POST.get("on") == "1")
    return redirect(request.POST.get("next") if (request.POST.get("next") or "").startswith("/me") else "core:me")


@member_login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.change_password(actor=request.user, old=form.cleaned_data["old_password"],
                                     new=form.cleaned_data["new_password"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("core:me")
    return render(request, "core/password_change.html", {"form": form})


@member_login_required
def verify(request):
    if request.user.is_verified:
        messages.info(request, _("Your identity is already verified."))
        return redirect("core:me")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.verify_identity(actor=request.user, real_name=form.cleaned_data["real_name"],
                                     id_number=form.cleaned_data["id_number"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Identity verified."))
            if selectors.active_membership_of(request.user):
                return redirect("core:card")
            return redirect("core:join")
    return render(request, "core/verify.html", {"form": form})


@member_login_required
@submit_once("core.join")
def join(request):
    if not request.user.is_verified:
        messages.info(request, _("Please verify your identity first."))
        return redirect("core:verify")
    if request.method == "POST":
        try:
            members.apply_to_join(actor=request.user, org_id=int(request.POST.get("org_id") or 0),
                                  employer_department=request.POST.get("employer_department", ""),
                                  note=request.POST.get("note", ""))
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("Please choose a union from the list.")))
        else:
            messages.success(request, _("Application sent. The union will review it; you will get a message."))
            return redirect("core:me")
    q = request.GET.get("q", "")
    return render(request, "core/join.html", {"q": q, "orgs": selectors.grassroots_orgs_search(q=q),
                                              "open_unions": selectors.open_unions()})


def org_search(request):
    """htmx fragment: grassroots unions matching the typed name (public information)."""
    q = request.GET.get("q", "")
    mode = request.GET.get("mode", "join")
    return render(request, "core/_org_results.html", {"orgs": selectors.grassroots_orgs_search(q=q), "q": q, "mode": mode})


@member_login_required
@submit_once("core.transfer")
def transfer(request):
    membership = selectors.active_membership_of(request.user)
    if membership is None:
        messages.info(request, _("You are not a member yet. Apply to join first."))
        return redirect("core:join")
    if request.method == "POST":
        try:
            members.request_transfer(actor=request.user, to_org_id=int(request.POST.get("org_id") or 0),
                                     note=request.POST.get("note", ""))
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("Please choose a union from the list.")))
        else:
            messages.success(request, _("Transfer requested. The receiving union will review it."))
            return redirect("core:me")
    q = request.GET.get("q", "")
    return render(request, "core/transfer.html", {"membership": membership, "q": q,
                                                  "orgs": selectors.grassroots_orgs_search(q=q)})


@member_login_required
def card(request):
    membership = selectors.active_membership_of(request.user)
    if membership is None:
        return render(request, "core/card.html", {"membership": None})
    token = signing.dumps({"m": membership.pk}, salt=CARD_SALT)
    verify_url = request.build_absolute_uri(reverse("core:card_check", args=[token]))
    qr = segno.make(verify_url, error="m").svg_inline(scale=4, dark="#222")
    return render(request, "core/card.html", {"membership": membership, "qr": qr, "verify_url": verify_url,
                                              "id_masked": pii.mask_id_number(membership.id_number)})


def card_check(request, token: str):
    """What staff see when they scan a member card: valid or not, with masked details only."""
    try:
        data = signing.loads(token, salt=CARD_SALT)
        member = selectors.member_for_card(member_id=int(data["m"]))
    except (signing.BadSignature, KeyError, ValueError, TypeError):
        member = None
    return render(request, "core/card_check.html", {"member": member})


@member_login_required
def message_list(request):
    page = Paginator(selectors.messages_of(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "core/messages.html", {"page": page})


@require_POST
@member_login_required
def messages_mark_read(request):
    notifications.mark_all_read(actor=request.user)
    return redirect("core:messages")


@member_login_required
def attachment_download(request, attachment_id: int):
    attachment = selectors.access_attachment_by_id(actor=request.user, attachment_id=attachment_id)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = f'inline; filename="attachment-{attachment.pk}.{attachment.extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- workbench ------------------------------------------------------------------------------------


@staff_required
def workbench(request):
    """The to-do centre (待办): one queue across every module, and the key figures of the user's subtree."""
    actor = request.user
    kind = request.GET.get("kind", "")
    queue = todo.queue_for(actor, kind=kind)
    return render(request, "core/workbench.html", {
        "queue": queue, "kind": kind, "figures": todo.dashboard_for(actor), "year": timezone.localdate().year,
        "roles": scoping.roles_of(actor),
    })


@staff_required
def todo_counts(request):
    """The sidebar badges, fetched after the page (htmx) so no page pays for them."""
    return render(request, "core/_todo_counts.html", {"counts": todo.counts_for(request.user),
                                                      "labels": {p.kind: p.label for p in todo.providers()}})


@staff_required
def org_tree(request):
    """The tree to walk level by level, and the same unions as a searchable, sortable list."""
    grid = build_grid(
        request, selectors.orgs_for_list(actor=request.user, level=request.GET.get("level", "")),
        row_template="core/_org_row.html", grid_id="orgs", default_sort="tree",
        columns=[Col(_("Name"), sort="name"), Col(_("Level"), sort="level"),
                 Col(_("Parent union"), sort="parent__name", key="parent"),
                 Col(_("Region code"), sort="region_code", key="region"), Col(_("Employer name"))],
        search=("name__contains", "employer_name__contains", "region_code__startswith", "uscc__iexact", "=pk"),
        search_placeholder=_("Union or employer name, region code or credit code"),
        filters=[Filter("level", _("Level"), choices.ORG_LEVEL_CHOICES)],
        empty=Empty(_("No union in your scope yet. Open your own union in the tree above and add a lower union.")),
    )
    return render(request, "core/org_tree.html", {"roots": selectors.org_tree_roots(actor=request.user),
                                                  "grid": grid})


@staff_required
def org_children(request, org_id: int):
    return render(request, "core/_org_children.html",
                  {"children": selectors.org_children(actor=request.user, org_id=org_id)})


@staff_required
def org_detail(request, org_id: int):
    actor = request.user
    org = selectors.access_org_by_id(actor=actor, org_id=org_id)
    create_form = OrgCreateForm(prefix="create")
    create_form.fields["level"].choices = [(lv, label) for lv, label in choices.ORG_LEVEL_CHOICES
                                           if choices.ORG_LEVEL_ORDER.index(lv) > org.level_rank]
    rename_form = OrgRenameForm(prefix="rename", initial={"name": org.name})
    move_form = OrgMoveForm(prefix="move")
    if org.parent_id:
        parent_level = org.parent.level
        move_form.fields["new_parent"].choices = [
            (o.pk, o.name) for o in selectors.orgs_for_choice(actor=actor, levels=[parent_level]) if o.pk != org.parent_id
        ]
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "create":
                create_form = OrgCreateForm(request.POST, prefix="create")
                create_form.fields["level"].choices = [(lv, lv) for lv in choices.ORG_LEVEL_ORDER]
                if create_form.is_valid():
                    child = orgs.create_org(actor=actor, parent_id=org.pk, **create_form.cleaned_data)
                    messages.success(request, _("Created %(name)s.") % {"name": child.name})
                    return redirect("core:org_detail", org_id=child.pk)
            elif action == "rename":
                rename_form = OrgRenameForm(request.POST, prefix="rename")
                if rename_form.is_valid():
                    orgs.rename_org(actor=actor, org_id=org.pk, name=rename_form.cleaned_data["name"])
                    messages.success(request, _("Renamed."))
                    return redirect("core:org_detail", org_id=org.pk)
            elif action == "move":
                orgs.move_org(actor=actor, org_id=org.pk, new_parent_id=int(request.POST.get("move-new_parent") or 0))
                messages.success(request, _("Moved with all the unions below it."))
                return redirect("core:org_detail", org_id=org.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, _("Please choose a new parent union."))
    context = {
        "org": org,
        # Unions above the actor's own are named but not linked: their pages are outside scope (404).
        "ancestors": [(a, scoping.covers(actor, a)) for a in selectors.ancestors(org)],
        "children": selectors.org_children(actor=actor, org_id=org.pk),
        "member_count": selectors.count_members_visible_to(actor=actor, org_id=org.pk, status="active"),
        "create_form": create_form,
        "rename_form": rename_form,
        "move_form": move_form,
        "may_manage_roles": scoping.covers(actor, org, roles=scoping.ADMIN_ROLES),
    }
    return render(request, "core/org_detail.html", context)


@staff_required
def member_list(request):
    actor = request.user
    q = search_value(request, "q").strip()
    status = request.GET.get("status", "")
    try:
        org_id = int(request.GET.get("org") or 0) or None
    except ValueError:
        org_id = None
    total = selectors.count_members_visible_to(actor=actor, q=q, status=status, org_id=org_id)
    qs = selectors.members_visible_to(actor=actor, q=q, status=status, org_id=org_id, expected_rows=total)
    grid = build_grid(
        request, qs, row_template="core/_member_row.html", count=lambda: total, search="selector",
        search_placeholder=_("Name, member no., full ID number or mobile"),
        columns=[Col(_("Member no."), sort="id", key="no"), Col(_("Full name"), sort="name"), Col(_("ID number")),
                 Col(_("Mobile")), Col(_("Union")), Col(_("Status")), Col(_("Joined"), sort="join_date")],
        default_sort="-no",
        filters=[Filter("status", _("Status"), choices.MEMBER_STATUS_CHOICES, all_label=_("All"))],
        empty=Empty(_("No members yet. Approve join requests or import the roster from Excel."),
                    _("Import Excel"), reverse("core:member_import")),
    )
    return render(request, "core/member_list.html", {
        "grid": grid, "org_id": org_id,
        "filter_org": selectors.access_org_by_id(actor=actor, org_id=org_id) if org_id else None})


@staff_required
def member_detail(request, member_id: int):
    actor = request.user
    member = selectors.access_member_by_id(actor=actor, member_id=member_id)
    if request.method == "POST" and request.POST.get("action") == "left":
        try:
            members.record_member_left(actor=actor, member_id=member.pk, reason=request.POST.get("reason", ""))
            messages.success(request, _("Recorded as having left the union."))
            return redirect("core:member_detail", member_id=member.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    if request.method == "POST" and request.POST.get("action") == "model_worker":
        try:
            members.set_model_worker(actor=actor, member_id=member.pk,
                                     model_worker=request.POST.get("model_worker") == "1",
                                     title=request.POST.get("model_worker_title", ""))
            messages.success(request, _("Model worker tag saved."))
            return redirect("core:member_detail", member_id=member.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    if request.method == "POST" and request.POST.get("action") == "payee":
        # A paper form taken by staff: used for payments only once the worker confirms it on the phone, or
        # when the staff member attests that the worker signed the paper form (core.payouts.accounts).
        try:
            data = payee_accounts.payee_from_form(request.POST) or {}
            payee_accounts.save_account_for_member(
                actor=actor, member_id=member.pk, holder=data.get("holder", ""),
                account_number=data.get("account_number", ""), bank_name=data.get("bank_name", ""),
                branch=data.get("branch", ""), signed_on_paper=request.POST.get("signed_on_paper") == "1")
            messages.success(request, _("Payee account saved."))
            return redirect("core:member_detail", member_id=member.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "core/member_detail.html", {
        "member": member,
        "history": selectors.member_history(actor=actor, member=member),
        "may_unmask": scoping.may_unmask(actor, member.org),
        "payee": payee_accounts.member_payee_summary(member) if member.id_index else None,
    })


@require_POST
@staff_required
def member_reveal(request, member_id: int, field: str):
    try:
        value = accounts.reveal_member_field(actor=request.user, member_id=member_id, field=field)
    except DomainError as exc:
        raise Http404(exc.message) from None
    return HttpResponse(f'<span class="nj-mono" data-revealed="{field}">{value}</span>')


@staff_required
def member_export(request):
    try:
        org_id = int(request.GET.get("org") or 0) or None
    except ValueError:
        org_id = None
    args = {"actor": request.user, "q": search_value(request, "q"), "status": request.GET.get("status", ""),
            "org_id": org_id}
    total = member_export_service.export_size(**args)
    if total > jobs.inline_limit():  # about 0.4 ms a row: a district's roster would hold the request for a minute
        job = member_export_service.start_member_export(**args, total=total)
        return redirect("core:job", token=job.token)
    filename, data = member_export_service.member_export_file(**args)
    return exports.file_response(data, filename)


@staff_required
def member_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        try:
            count = roster.import_members(actor=request.user, upload=form.cleaned_data["file"])
        except ImportRejected as exc:
            errors = spreadsheets.rejected(request, form.cleaned_data["file"], exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Imported %(count)s members.") % {"count": count})
            return redirect("core:member_list")
    return render(request, "core/member_import.html", {"form": form, "import_errors": errors,
                                                       "headers": roster.IMPORT_HEADERS})


@staff_required
def member_import_template(request):
    return spreadsheets.template_response("会员", roster.TEMPLATE)


@staff_required
def approvals(request):
    actor = request.user
    if request.method == "POST":
        kind, action = request.POST.get("kind"), request.POST.get("action")
        try:
            object_id = int(request.POST.get("id") or 0)
            if kind == "join" and action == "approve":
                member = members.approve_join(actor=actor, request_id=object_id)
                messages.success(request, _("Approved: %(name)s is now a member.") % {"name": member.name})
            elif kind == "join" and action == "reject":
                members.reject_join(actor=actor, request_id=object_id, reason=request.POST.get("reason", ""))
                messages.success(request, _("Returned with your reason."))
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, _("That request could not be found."))
        return redirect("core:approvals")
    grid = build_grid(
        request, selectors.pending_join_requests_for(actor=actor), row_template="core/_join_row.html",
        grid_id="joins", default_sort="applied",
        columns=[Col(_("Applicant")), Col(_("Apply to"), sort="org__name"), Col(_("Applied on"), sort="created_at",
                                                                                 key="applied"), Col("")],
        bulk_actions=[BulkAction("approve", _("Approve selected"), reverse("core:approvals_bulk"), "success"),
                      BulkAction("reject", _("Return selected"), reverse("core:approvals_bulk"), "danger"),
                      BulkAction(bulk.EXPORT, _("Export selected"), reverse("core:approvals_bulk"), "secondary")],
        empty=Empty(_("No join requests wait for you. Workers who apply to join your unions appear here.")),
    )
    return render(request, "core/approvals.html", {"grid": grid})


@require_POST
@staff_required
def approvals_bulk(request):
    """Approve or return several join requests: confirmation with the count, then the single-request service."""
    actor = request.user

    def run(action, pk, reason):
        if action == "approve":
            return members.approve_join(actor=actor, request_id=pk)
        return members.reject_join(actor=actor, request_id=pk, reason=reason)

    return bulk.handle(
        request, title=_("Decide join requests together"), actions={"approve": _("approve"), "reject": _("reject")},
        reason_required={"reject"}, run=run, fallback_url=reverse("core:approvals"),
        load=lambda ids: [bulk.Item(r.pk, f"{r.user} → {r.org.name}")
                          for r in selectors.pending_join_requests_for(actor=actor, ids=ids)],
        export=bulk.Export(
            subject="入会申请", sheet_name="入会申请",
            columns=exports.columns(("申请号", exports.INTEGER), "申请人", "手机号", "申请加入的工会",
                                    ("申请时间", exports.DATETIME)),
            load=lambda ids: [bulk.Item(r.pk, f"{r.user} → {r.org.name}")
                              for r in selectors.pending_join_requests_for(actor=actor, ids=ids)],
            rows=lambda ids: [(r.pk, pii.mask_name(r.user.name), pii.mask_phone(r.user.phone), r.org.name, r.created_at)
                              for r in selectors.pending_join_requests_for(actor=actor, ids=ids)]))


@role_required(scoping.ADMIN_ROLES)
def org_roles(request, org_id: int):
    """Who holds which role at this union: admins give and take back roles in their own subtree."""
    actor = request.user
    org, grants = selectors.roles_at_org(actor=actor, org_id=org_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                roles.revoke_role(actor=actor, role_id=int(request.POST.get("id") or 0))
                messages.success(request, _("The role was taken back."))
            else:
                roles.grant_role(actor=actor, org_id=org.pk, phone=request.POST.get("phone", ""),
                                 role=request.POST.get("role", ""),
                                 include_subtree=request.POST.get("include_subtree") == "1")
                messages.success(request, _("The role was given."))
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, _("That role could not be found."))
        return redirect("core:org_roles", org_id=org.pk)
    return render(request, "core/org_roles.html", {
        "org": org, "grants": grants, "role_choices": choices.ROLE_CHOICES,
    })


@staff_required
def audit_log(request):
    g = request.GET
    dates = {}
    for key in ("from", "to"):
        dates[key] = parse_date(g.get(key) or "") if _looks_like_date(g.get(key)) else None
        if g.get(key) and dates[key] is None:
            messages.error(request, _("Dates must look like 2020-03-14; that filter was left out."))
    object_id = g.get("object_id", "").strip()[:20]
    qs = selectors.audit_events_visible_to(actor=request.user, action=g.get("action", ""),
                                           object_type=g.get("object_type", ""), actor_query=g.get("who", ""),
                                           date_from=dates["from"], date_to=dates["to"], object_id=object_id)
    if g.get("export") == "xlsx":
        tops = scoping.top_orgs(request.user)
        audit.record(request.user, "audit.export", object_type="core.auditevent", org=tops[0] if tops else None,
                     # What was exported is the filter; the grid's page, order and size are not worth a line.
                     summary={k: v for k, v in g.items() if k not in ("export", "page", "sort", "size")})
        rows = ([e.created_at, r["actor"], r["unions"], r["action"], f"{r['object']} #{e.object_id}".strip(" #"),
                 e.org.name if e.org else "", "；".join(r["changes"]), e.ip or ""]
                for e in qs[:20000] for r in [_audit_row(e)])
        return exports.export_response(
            subject="操作日志", org_name=exports.actor_org_name(request.user), rows=rows, audited=True,
            filters={"操作": audit_labels.action_label(g["action"]) if g.get("action") else "", "人员": g.get("who", ""),
                     "从": g.get("from", ""), "到": g.get("to", "")},
            columns=exports.columns(("时间", exports.DATETIME), "操作人", "操作人所属工会", "操作", "对象", "工会",
                                    "内容", "IP"))
    grid = build_grid(request, qs, row_template="core/_audit_row.html",
                      columns=[Col(_("Time"), sort="id", key="time"), Col(_("Who")), Col(_("Action")), Col(_("Object")),
                               Col(_("Union")), Col(_("Changes"))],
                      default_sort="-time", empty=Empty(_("No records.")))
    grid.page.object_list = [_audit_row(e) for e in grid.page.object_list]
    return render(request, "core/audit_log.html", {
        "grid": grid, "f": g, "actions": sorted(audit_labels.ACTIONS.items(), key=lambda kv: kv[1]),
        "objects": sorted(audit_labels.OBJECTS.items(), key=lambda kv: kv[1])})


def _audit_row(event) -> dict:
    row = audit_labels.readable(event)
    roles = list(event.actor.org_roles.all()) if event.actor else []
    row["unions"] = "、".join(dict.fromkeys(r.org.name for r in roles))
    row["pk"] = event.pk
    return row


def _looks_like_date(value: str | None) -> bool:
    try:
        return bool(value) and parse_date(value) is not None
    except ValueError:  # well-formed but impossible, e.g. 2020-02-30
        return False


@staff_required
def stats(request):
    actor = request.user
    status_labels = dict(choices.MEMBER_STATUS_CHOICES)
    level_labels = dict(choices.ORG_LEVEL_CHOICES)
    by_level = selectors.members_by_org_level(actor=actor)
    org_id = request.GET.get("org", "")
    by_child = selectors.member_counts_by_child_org(actor=actor, org_id=int(org_id) if org_id.isdigit() else None)
    statuses = [s for s, _label in choices.MEMBER_STATUS_CHOICES]
    chart = {
        "levels": sorted({str(level_labels[r["org__level"]]) for r in by_level}),
        "by_status": {str(status_labels[s]): sum(r["n"] for r in by_level if r["status"] == s) for s in statuses},
        "children": [o.name for o, _counts in by_child],
        "series": [{"name": str(status_labels[s]), "data": [c.get(s, 0) for _o, c in by_child]} for s in statuses],
        "orgs_by_level": [{"name": str(level_labels[r["level"]]), "value": r["n"]}
                          for r in selectors.orgs_by_level(actor=actor)],
    }
    return render(request, "core/stats.html", {"chart": chart, "by_child": by_child, "statuses": statuses,
                                               "status_labels": status_labels})

"""锁定账号 on the workbench: admins find a locked-out member of their unions (by name, or by the full mobile number
sent by POST so it never enters a URL) and lift the lock early."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from niangjia.core import scoping, selectors
from niangjia.core.errors import DomainError
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.private_search import search_value
from niangjia.core.services import accounts
from niangjia.core.views import role_required


@role_required(scoping.ADMIN_ROLES)
def accounts_locked(request):
    """Admins lift login locks early, for people of their own unions (a caller locked out of the app)."""
    actor = request.user
    if request.method == "POST":
        try:
            accounts.unlock_account(actor=actor, user_id=int(request.POST.get("id") or 0))
            messages.success(request, _("The account is unlocked; the person can log in again now."))
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, _("That account could not be found."))
        return redirect(request.get_full_path())
    q = search_value(request, "q").strip()
    if q.isdigit() and not selectors.PHONE_LIKE.match(q):
        messages.error(request, _("Enter an 11-digit mobile number to search."))
        q = ""
    show = request.GET.get("show", "")
    # A mobile number finds that account locked or not (the caller on the phone); otherwise only locked ones.
    rows = selectors.accounts_with_org(selectors.accounts_visible_to(
        actor=actor, locked_only=show != "all" and not q.isdigit(), phone=q if q.isdigit() else "",
        name=q if q and not q.isdigit() else ""))
    grid = build_grid(
        request, rows, row_template="core/_account_row.html", grid_id="accounts", search="selector",
        default_sort="-locked", search_placeholder=_("Name, or the full 11-digit mobile number"),
        columns=[Col(_("Full name"), sort="real_name", key="name"), Col(_("Mobile number")),
                 Col(_("Union"), sort="org_name", key="org"), Col(_("Locked until"), sort="locked_until", key="locked"),
                 Col(_("Wrong passwords"), sort="failed_logins", key="failures", align="end"), Col("")],
        filters=[Filter("show", _("Accounts"), [("all", _("All accounts of my unions"))],
                        all_label=_("Locked now"))],
        empty=Empty(_("No account is locked right now. When a member calls because they are locked out, search "
                      "their mobile number here.")),
    )
    return render(request, "core/accounts_locked.html", {"grid": grid, "now": timezone.now()})

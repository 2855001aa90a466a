"""Submit once: one-time submission tokens for worker forms that create something.

Every such form renders `{% submission_token %}` (a fresh random token in a hidden field) and its view is
decorated with `@submit_once("relief.apply")`. The decorator runs the view inside one transaction that first
inserts a `SubmissionReceipt` for (user, token):

- the first POST inserts the receipt, runs the view and, when the view redirects to its result, stores that
  URL on the receipt;
- a repeated POST with the same token (double tap, back-and-resubmit, a retry after a lost answer) hits the
  unique constraint: on PostgreSQL it waits until the first commits, then answers with a redirect to the
  first result and a message, and creates nothing;
- when the view answers with the form again (validation or a refused use case), the transaction is rolled
  back, so the receipt is gone and the corrected form can be sent with the same token.

A POST without a token is processed as before (API clients use their own idempotency: see the apps' APIs).
"""

import functools
import re
import secrets

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from niangjia.core.models import SubmissionReceipt

FIELD = "submission_token"
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def submit_once(form_name: str):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            token = request.POST.get(FIELD, "") if request.method == "POST" else ""
            if not token or not request.user.is_authenticated or not _TOKEN_SHAPE.match(token):
                return view(request, *args, **kwargs)
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        receipt = SubmissionReceipt.objects.create(user=request.user, token=token, form=form_name)
                except IntegrityError:
                    return _replay(request, token)
                response = view(request, *args, **kwargs)
                if response.status_code in (301, 302, 303) and response.get("Location"):
                    receipt.result_url = response["Location"][:300]
                    receipt.save(update_fields=["result_url"])
                else:
                    transaction.set_rollback(True)
                return response

        return wrapper

    return decorator


def _replay(request, token: str):
    receipt = SubmissionReceipt.objects.filter(user=request.user, token=token).first()
    messages.info(request, _("You have already sent this form; here is what your first submission did."))
    return redirect(receipt.result_url if receipt and receipt.result_url else "core:my_business")

"""Downloads of a closed motion: the resolution PDF and the Excel tallies per group."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.congress import selectors, services_elected
from niangjia.congress import selectors_results as sel
from niangjia.core import exports
from niangjia.core.errors import Conflict, Invalid
from niangjia.core.views import staff_required


def _closed(request, motion_id: int):
    try:
        return sel.closed_motion(actor=request.user, motion_id=motion_id), None
    except Conflict as exc:
        messages.error(request, exc.message)
        motion = selectors.access_motion(actor=request.user, motion_id=motion_id)
        return None, redirect("congress:sitting", sitting_id=motion.sitting_id)


@staff_required
def resolution_pdf(request, motion_id: int):
    motion, back = _closed(request, motion_id)
    if back:
        return back
    exports.record_download(subject=f"职代会决议：{motion.title}", org=motion.sitting.congress.org)
    response = HttpResponse(sel.resolution_pdf(motion), content_type="application/pdf")
    response["Content-Disposition"] = exports.content_disposition(f"决议_{motion.title[:40]}.pdf")
    return response


@staff_required
def tally_xlsx(request, motion_id: int):
    motion, back = _closed(request, motion_id)
    if back:
        return back
    header, rows = sel.tally_table(motion)
    cols = exports.columns(header[0], *[(h, exports.INTEGER) for h in header[1:]])
    return exports.export_response(subject=f"职代会计票表（{motion.title[:30]}）", columns=cols, rows=rows,
                                   org=motion.sitting.congress.org, sheet_name="各代表团计票")


@require_POST
@staff_required
def elected_delegates(request, motion_id: int):
    """The staff button under a closed election: its elected candidates become delegates of the named group."""
    motion = selectors.access_motion(actor=request.user, motion_id=motion_id)
    try:
        made = services_elected.delegates_from_election(actor=request.user, motion_id=motion_id,
                                                        group_name=request.POST.get("group", ""))
    except (Conflict, Invalid) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d elected candidates are now delegates.") % {"n": len(made)})
    return redirect("congress:sitting", sitting_id=motion.sitting_id)

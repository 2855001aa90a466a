"""云听会 pages on the main (WSGI) site: the live page, and the snapshot as JSON (the polling fallback the page uses
when the event stream is unavailable, and the simple approach the benchmark compares against)."""

from django.http import JsonResponse
from django.shortcuts import render

from niangjia.congress import selectors_live
from niangjia.core.errors import NotFound
from niangjia.core.views import member_login_required


def _sitting(request, sitting_id: int):
    sitting = selectors_live.followable_sitting(user=request.user, sitting_id=sitting_id)
    if sitting is None:
        raise NotFound("未找到这次会议，或您不是本单位会员，不能收听。")
    return sitting


@member_login_required
def live(request, sitting_id: int):
    sitting = _sitting(request, sitting_id)
    return render(request, "congress/live.html", {"sitting": sitting, "snap": selectors_live.snapshot(sitting.pk)})


@member_login_required
def live_snapshot(request, sitting_id: int):
    sitting = _sitting(request, sitting_id)
    response = JsonResponse(selectors_live.snapshot(sitting.pk), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response

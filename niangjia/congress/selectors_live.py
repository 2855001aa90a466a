"""云听会: who may follow a sitting live, and the snapshot they receive (agenda, attendance, published results).

A listener is a member of the congress's union (or a union below it), a delegate, or staff whose scope covers the
union. The snapshot is the same for every listener of a sitting, so the live server computes it once per interval
per sitting, whatever the number of listeners."""

import json
from importlib import import_module
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Count

from niangjia.congress import rules
from niangjia.congress.models import Candidate, Delegate, Motion, Sitting
from niangjia.congress.selectors import attendance
from niangjia.core import scoping
from niangjia.core.models import Member


def user_from_credentials(*, session_key: str = "", bearer: str = ""):
    """The logged-in user behind a session cookie (Django's own checks, incl. the password hash) or a bearer token."""
    if bearer:
        from niangjia.core.selectors import live_api_token

        token = live_api_token(bearer)
        return token.user if token else None
    if not session_key or len(session_key) > 64:
        return None
    from django.contrib.auth import get_user

    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    user = get_user(SimpleNamespace(session=store))
    return user if user.is_authenticated else None


def may_follow(user, sitting: Sitting) -> bool:
    org = sitting.congress.org
    if scoping.covers(user, org) or Delegate.objects.filter(congress_id=sitting.congress_id, user=user).exists():
        return True
    return Member.objects.filter(org.subtree_q(prefix="org__"), user=user, status=Member.Status.ACTIVE).exists()


def followable_sitting(*, user, sitting_id: int) -> Sitting | None:
    if user is None:
        return None
    sitting = Sitting.objects.select_related("congress__org").filter(pk=sitting_id).first()
    if sitting is None or not may_follow(user, sitting):
        return None
    return sitting


def snapshot(sitting_id: int) -> dict:
    """What a listener sees; a secret vote shows only turnout, and counts only once the vote is closed."""
    sitting = Sitting.objects.select_related("congress").get(pk=sitting_id)
    total = Delegate.objects.filter(congress_id=sitting.congress_id).count()
    att = attendance(sitting)
    motions = list(Motion.objects.filter(sitting=sitting).annotate(n_receipts=Count("receipts")).order_by("id"))
    cands: dict[int, list] = {}
    for c in Candidate.objects.filter(motion__sitting=sitting, motion__status=Motion.Status.CLOSED).order_by("id"):
        cands.setdefault(c.motion_id, []).append({"name": c.name, "votes": c.votes, "elected": c.elected,
                                                  "write_in": c.write_in})
    agenda = []
    for m in motions:
        item = {"id": m.pk, "title": m.title, "kind": rules.KIND_LABELS[m.kind], "status": m.status,
                "status_label": str(m.get_status_display()), "secret": m.secret}
        if m.status == Motion.Status.CLOSED:
            item["result"] = {"passed": bool(m.passed), "explanation": m.explanation, "candidates": cands.get(m.pk, [])}
        agenda.append(item)
    return {"sitting": {"id": sitting.pk, "title": f"{sitting.congress.title} · {sitting.title}",
                        "status": sitting.status},
            "attendance": {"delegates_total": total, "present": att["present"], "by_proxy": att["by_proxy"],
                           "quorum": rules.quorum(total), "quorate": rules.is_quorate(att["present"], total)},
            "agenda": agenda}


def snapshot_json(sitting_id: int) -> str:
    return json.dumps(snapshot(sitting_id), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def live_sittings_for(user) -> list[Sitting]:
    """Sittings in progress that this member may follow: congresses of their union or of a union above it."""
    paths = list(Member.objects.filter(user=user, status=Member.Status.ACTIVE).values_list("org__path", flat=True))
    if not paths:
        return []
    sittings = Sitting.objects.filter(status=Sitting.Status.IN_PROGRESS).select_related("congress__org")[:200]
    return [s for s in sittings if any(p.startswith(s.congress.org.path) for p in paths)]

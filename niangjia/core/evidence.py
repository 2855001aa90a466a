"""Approvals that show the evidence (issue 11): money is approved only from a page that showed the approver the
evidence of every item being approved — photos and invoices, the calculation and the earlier steps.

The page that shows the evidence (one application's review screen, or the bulk confirmation page that lists
each selected item with its evidence) carries a signed receipt naming the approver, the kind of item and the
item ids. Every HTTP entry point that records an approval requires a receipt covering the items; without it
nothing is recorded and the approver is sent to the evidence. The receipt is signed with the deployment's secret,
bound to the approver and expires, so it cannot be made up, reused by someone else, or stretched to other items.
Services stay callable without it for internal callers (set-based jobs, tests), which are not approvals by a
person."""

from collections.abc import Iterable

from django.core import signing

from niangjia.core.errors import Forbidden

_SALT = "niangjia.evidence-seen"
MAX_AGE = 8 * 3600  # a working day: a page left open over lunch still works, yesterday's does not
NOT_SEEN = "请先打开审批页查看证明材料（照片、发票、计算过程和此前的审批意见），在审批页上作出决定。"


def seen_token(actor, kind: str, ids: Iterable[int]) -> str:
    return signing.dumps({"u": actor.pk, "k": kind, "i": sorted({int(i) for i in ids})}, salt=_SALT, compress=True)


def was_seen(actor, token: str | None, kind: str, ids: Iterable[int]) -> bool:
    try:
        data = signing.loads(token or "", salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    wanted = {int(i) for i in ids}
    return (bool(wanted) and data.get("u") == actor.pk and data.get("k") == kind
            and wanted <= set(data.get("i") or []))


def require_seen(actor, token: str | None, kind: str, ids: Iterable[int]) -> None:
    if not was_seen(actor, token, kind, ids):
        raise Forbidden(NOT_SEEN, code="evidence.not_seen")

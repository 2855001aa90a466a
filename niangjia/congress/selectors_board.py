"""The chair's sitting page in a fixed number of queries, whatever the number of motions: every motion's counts,
group tallies and candidates are read in one query per table for the whole sitting, then counted in Python with the
same pure rules as closing."""

from collections import defaultdict

from django.db.models import Count

from niangjia.congress import rules
from niangjia.congress.models import (
    Ballot,
    BallotReceipt,
    Candidate,
    CandidateTally,
    Delegate,
    DelegateGroup,
    Motion,
    Proxy,
    SecretTally,
    Sitting,
)
from niangjia.congress.selectors import attendance


def board(sitting: Sitting) -> dict:
    motions = list(Motion.objects.filter(sitting=sitting).order_by("id"))
    groups = list(DelegateGroup.objects.filter(congress_id=sitting.congress_id).annotate(size=Count("delegates"))
                  .order_by("id"))
    total = sum(g.size for g in groups)
    att = attendance(sitting)
    ids = [m.pk for m in motions]
    open_counts = defaultdict(int)  # (motion, group, choice) -> n
    for r in Ballot.objects.filter(motion_id__in=ids).values("motion_id", "group_id", "choice").annotate(n=Count("id")):
        open_counts[(r["motion_id"], r["group_id"], r["choice"])] = r["n"]
    for t in SecretTally.objects.filter(motion_id__in=ids).values("motion_id", "group_id", "choice", "count"):
        open_counts[(t["motion_id"], t["group_id"], t["choice"])] += t["count"]
    receipts = dict(BallotReceipt.objects.filter(motion_id__in=ids).values("motion_id").annotate(n=Count("id"))
                    .values_list("motion_id", "n"))
    candidates = defaultdict(list)
    for c in Candidate.objects.filter(motion_id__in=ids).order_by("id"):
        candidates[c.motion_id].append(c)
    marks = defaultdict(int)  # (motion, group, candidate) -> n
    for t in CandidateTally.objects.filter(motion_id__in=ids).values("motion_id", "group_id", "candidate_id", "count"):
        marks[(t["motion_id"], t["group_id"], t["candidate_id"])] = t["count"]
    rows = []
    for m in motions:
        hidden = m.secret and m.status != Motion.Status.CLOSED
        # Write-ins of a secret election appear with the count, like the other candidates' numbers.
        cands = [c for c in candidates[m.pk] if not (hidden and c.write_in)]
        tallies = []
        if m.status != Motion.Status.DRAFT:
            for g in groups:
                row = {"group": g.name, "size": g.size}
                for ch in rules.CHOICES:
                    row[ch] = 0 if hidden else open_counts[(m.pk, g.pk, ch)]
                row["marks"] = [0 if hidden else marks[(m.pk, g.pk, c.pk)] for c in cands]
                tallies.append(row)
        rows.append({"motion": m, "result": _result(m, total, att, receipts.get(m.pk, 0), tallies, cands),
                     "tallies": tallies, "candidates": cands})
    return {"motions": rows, "total": total, "attendance": att}


def _result(m: Motion, total: int, att: dict, receipts: int, tallies: list[dict], cands: list) -> dict:
    election = m.kind == Motion.Kind.ELECTION
    if m.status == Motion.Status.CLOSED:
        return {"explanation": m.explanation, "passed": bool(m.passed), "final": True,
                "candidates": [{"name": c.name, "votes": c.votes, "elected": c.elected, "write_in": c.write_in}
                               for c in cands]}
    if m.status == Motion.Status.DRAFT:
        return {"explanation": [], "passed": False, "final": False, "candidates": []}
    voted = receipts if (m.secret or election) else sum(r[c] for r in tallies for c in rules.CHOICES)
    lines = [f"应到 {m.delegates_total} 人，实到 {m.present} 人（法定 {rules.quorum(m.delegates_total)} 人）",
             f"表决进行中：已投票 {voted} 人"]
    return {"explanation": lines, "passed": False, "final": False, "candidates": []}


def proxies_of(sitting: Sitting) -> list[Proxy]:
    return list(Proxy.objects.filter(sitting=sitting).select_related("grantor", "holder").order_by("id"))


def delegates_of(sitting: Sitting) -> list[Delegate]:
    return list(Delegate.objects.filter(congress_id=sitting.congress_id).select_related("group").order_by("id"))


def my_proxy(delegate: Delegate | None, sitting: Sitting) -> Proxy | None:
    """The proxy this delegate holds in this sitting, if proxies are on (for the phone's second ballot)."""
    if delegate is None or not sitting.congress.proxies_enabled:
        return None
    return Proxy.objects.filter(sitting=sitting, holder=delegate).select_related("grantor").first()


def candidates_by_motion(sitting: Sitting) -> dict[int, list[Candidate]]:
    out = defaultdict(list)
    for c in Candidate.objects.filter(motion__sitting=sitting, write_in=False).order_by("id"):
        out[c.motion_id].append(c)
    return dict(out)


def voted_for(delegate_ids: list[int], sitting: Sitting) -> set[tuple[int, int]]:
    """(motion, delegate) pairs that have a ballot or receipt, for the given delegates."""
    a = Ballot.objects.filter(motion__sitting=sitting, delegate_id__in=delegate_ids).values_list("motion_id", "delegate_id")
    b = BallotReceipt.objects.filter(motion__sitting=sitting, delegate_id__in=delegate_ids).values_list(
        "motion_id", "delegate_id")
    return set(a) | set(b)

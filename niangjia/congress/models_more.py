"""Proxies (委托) and election ballots of the workers' congress.

Proxies are off unless the congress enables them. A proxy is recorded before the sitting starts; it counts only if
the holder is present and the grantor is not (a grantor who comes votes in person), and a holder carries at most
one proxy (a unique constraint per sitting and holder).

An election (差额选举: more candidates than seats) keeps the one-ballot rule with a `BallotReceipt`, counts each
candidate per group in `CandidateTally`, and for an open (记名) election also keeps who marked whom in
`ElectionMark`. A secret election has no mark rows.
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from niangjia.core.models import User


class Proxy(models.Model):
    sitting = models.ForeignKey("congress.Sitting", models.CASCADE, related_name="proxies")
    grantor = models.ForeignKey("congress.Delegate", models.CASCADE, related_name="+")
    holder = models.ForeignKey("congress.Delegate", models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "grantor"], name="congress_proxy_one_per_grantor"),
            models.UniqueConstraint(fields=["sitting", "holder"], name="congress_proxy_one_per_holder"),
            models.CheckConstraint(condition=~Q(grantor=F("holder")), name="congress_proxy_not_self"),
        ]


class Candidate(models.Model):
    """A printed candidate, or a person written in on a ballot (另选他人, `write_in`): a member of the union's subtree,
    created by the first ballot that names them and counted exactly like a printed candidate. A write-in row holds
    the person written in, never who wrote them in."""

    motion = models.ForeignKey("congress.Motion", models.CASCADE, related_name="candidates")
    name = models.CharField(max_length=60)
    votes = models.PositiveIntegerField(default=0)  # frozen at closing
    elected = models.BooleanField(null=True)
    write_in = models.BooleanField(default=False)
    member = models.ForeignKey("core.Member", models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["motion", "name"], name="congress_candidate_once"),
                       models.CheckConstraint(condition=Q(write_in=False) | Q(member__isnull=False),
                                              name="congress_write_in_is_member")]


class CandidateTally(models.Model):
    """Marks per candidate per group: the only place a secret election's choices are kept."""

    motion = models.ForeignKey("congress.Motion", models.CASCADE, related_name="+")
    group = models.ForeignKey("congress.DelegateGroup", models.PROTECT, related_name="+")
    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["motion", "group", "candidate"],
                                               name="congress_candidate_tally_once")]


class ElectionMark(models.Model):
    """An open (记名) election: this delegate marked this candidate."""

    motion = models.ForeignKey("congress.Motion", models.CASCADE, related_name="+")
    delegate = models.ForeignKey("congress.Delegate", models.PROTECT, related_name="+")
    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["motion", "delegate", "candidate"],
                                               name="congress_mark_once")]

"""双人复核 (four eyes on money): whoever prepares a money action may not also approve or release it.

One check for every app (relief campaigns, care distributions, payout batches). It runs inside the
service's transaction before anything is written, so a refusal changes nothing."""

from collections.abc import Iterable

from niangjia.core.errors import Forbidden


def require_other_hands(actor, *, prepared_by: Iterable[int | None] | int | None, what: str,
                        step: str = "审批") -> None:
    """Refuse when the actor prepared the thing (or any part of it) that they are about to approve/release.

    `prepared_by`: the user id (or ids) of whoever created it; None entries (a deleted user) are ignored."""
    ids = {prepared_by} if isinstance(prepared_by, int) or prepared_by is None else set(prepared_by)
    if actor is not None and actor.pk in ids:
        raise Forbidden(f"双人复核：{what}由您本人创建，不能由您本人{step}，请由另一位有权限的工作人员{step}。",
                        code="four_eyes.same_person")

"""The org tree: create, rename and move unions within the actor's scope."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import PATH_SEGMENT, Org, path_segment
from niangjia.core.validators import validate_region_code, validate_uscc

ORG_ADMIN_ROLES = frozenset({"admin", "staff"})


def _clean_fields(*, name: str, level: str, region_code: str, employer_name: str, uscc: str | None) -> dict:
    name = (name or "").strip()
    if not (2 <= len(name) <= 120):
        raise Invalid("工会名称应为 2–120 个字。", code="org.name")
    if level not in Org.LEVEL_ORDER:
        raise Invalid("请选择正确的组织层级。", code="org.level")
    try:
        region_code = validate_region_code(region_code)
    except ValidationError as exc:
        raise Invalid(exc.messages[0], code="org.region_code") from None
    employer_name = (employer_name or "").strip()
    if level == Org.Level.GRASSROOTS:
        if not employer_name:
            raise Invalid("基层工会需要填写所在单位名称。", code="org.employer_name")
        try:
            uscc = validate_uscc(uscc or "")
        except ValidationError as exc:
            raise Invalid(exc.messages[0], code="org.uscc") from None
    else:
        uscc = None
        employer_name = ""
    return {"name": name, "level": level, "region_code": region_code, "employer_name": employer_name, "uscc": uscc}


def _check_parent_level(parent: Org | None, level: str) -> None:
    if parent is None:
        return
    if parent.level == Org.Level.GRASSROOTS:
        raise Invalid("基层工会下面不能再设下级工会。", code="org.parent_grassroots")
    if Org.LEVEL_ORDER.index(level) <= parent.level_rank:
        raise Invalid("下级工会的层级必须低于上级工会。", code="org.level_order")


@transaction.atomic
def create_org(
    *,
    actor,
    parent_id: int,
    name: str,
    level: str,
    region_code: str,
    employer_name: str = "",
    uscc: str | None = None,
) -> Org:
    parent = Org.objects.select_for_update().filter(pk=parent_id).first()
    if parent is None or not scoping.covers(actor, parent, roles=ORG_ADMIN_ROLES):
        raise NotFound("未找到上级工会，或您无权在其下新建。")
    fields = _clean_fields(name=name, level=level, region_code=region_code, employer_name=employer_name, uscc=uscc)
    _check_parent_level(parent, fields["level"])
    if fields["uscc"] and Org.objects.filter(uscc=fields["uscc"]).exists():
        raise Conflict("这个统一社会信用代码已经登记了一个基层工会。", code="org.uscc_taken")
    try:
        with transaction.atomic():
            org = Org.objects.create(parent=parent, path="", depth=parent.depth + 1, **fields)
    except IntegrityError:
        raise Conflict("这个统一社会信用代码已经登记了一个基层工会。", code="org.uscc_taken") from None
    org.path = parent.path + path_segment(org.pk)
    org.save(update_fields=["path"])
    audit.record(actor, "org.create", org, summary={"name": org.name, "parent": parent.pk, "level": org.level})
    return org


def create_root(*, name: str, level: str, region_code: str) -> Org:
    """Bootstrap the top of a deployment's tree (management commands only, no actor)."""
    with transaction.atomic():
        fields = _clean_fields(name=name, level=level, region_code=region_code, employer_name="", uscc=None)
        org = Org.objects.create(parent=None, path="", depth=1, **fields)
        org.path = path_segment(org.pk)
        org.save(update_fields=["path"])
        audit.record(None, "org.create", org, summary={"name": org.name, "root": True})
    return org


@transaction.atomic
def rename_org(*, actor, org_id: int, name: str, employer_name: str | None = None) -> Org:
    org = Org.objects.select_for_update().filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org, roles=ORG_ADMIN_ROLES):
        raise NotFound("未找到该工会，或您无权修改。")
    name = (name or "").strip()
    if not (2 <= len(name) <= 120):
        raise Invalid("工会名称应为 2–120 个字。", code="org.name")
    before = {"name": org.name, "employer_name": org.employer_name}
    org.name = name
    if employer_name is not None and org.is_grassroots:
        if not employer_name.strip():
            raise Invalid("基层工会需要填写所在单位名称。", code="org.employer_name")
        org.employer_name = employer_name.strip()
    org.save(update_fields=["name", "employer_name"])
    audit.record(actor, "org.rename", org, summary={"before": before, "after": {"name": org.name}})
    return org


@transaction.atomic
def move_org(*, actor, org_id: int, new_parent_id: int) -> Org:
    """Move an org and its whole subtree under another parent, rewriting every path in one UPDATE.

    The actor must hold scope over the org, its old parent and its new parent, so nobody can pull a
    union out of someone else's subtree or push one into it.
    """
    ids = sorted({org_id, new_parent_id})
    locked = {o.pk: o for o in Org.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    org, new_parent = locked.get(org_id), locked.get(new_parent_id)
    if org is None or new_parent is None:
        raise NotFound("未找到该工会，或您无权调整。")
    old_parent = org.parent
    for target in (org, new_parent, old_parent):
        if target is None or not scoping.covers(actor, target, roles=ORG_ADMIN_ROLES):
            raise NotFound("未找到该工会，或您无权调整。")
    if new_parent.path.startswith(org.path):
        raise Invalid("不能把工会移到它自己或它的下级之下。", code="org.move_cycle")
    if new_parent.pk == org.parent_id:
        raise Invalid("它已经在这个上级工会之下了。", code="org.move_same")
    _check_parent_level(new_parent, org.level)
    old_path = org.path
    new_path = new_parent.path + path_segment(org.pk)
    delta = new_parent.depth + 1 - org.depth
    moved = Org.objects.filter(org.subtree_q()).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + delta,
    )
    Org.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    audit.record(
        actor,
        "org.move",
        org,
        summary={"from_parent": old_parent.pk, "to_parent": new_parent.pk, "orgs_moved": moved},
    )
    return org


def path_is_consistent(org: Org) -> bool:
    """Used by tests and checks: a path is the parent's path plus the org's own segment."""
    expected = (org.parent.path if org.parent else "") + path_segment(org.pk)
    return org.path == expected and org.depth == len(org.path) // PATH_SEGMENT

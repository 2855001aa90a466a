"""Core endpoints: /api/v1/me, /orgs, /members."""

import datetime as dt

from ninja import Field, Router, Schema, Status

from niangjia.core import pii, private_search, scoping, selectors
from niangjia.core.errors import Invalid
from niangjia.core.pagination import CountedPaginator
from niangjia.core.services import accounts, members

router = Router(tags=["core"])


class OrgOut(Schema):
    id: int
    name: str
    level: str
    level_label: str
    parent_id: int | None
    region_code: str
    depth: int
    employer_name: str = ""
    uscc: str | None = None

    @staticmethod
    def resolve_level_label(obj) -> str:
        return str(obj.get_level_display())


class OrgNode(OrgOut):
    child_count: int = 0


class RoleOut(Schema):
    org_id: int
    org_name: str
    role: str
    include_subtree: bool


class MembershipOut(Schema):
    id: int
    member_no: str
    org_id: int
    org_name: str
    status: str
    join_date: dt.date


class MeOut(Schema):
    id: int
    name: str
    phone: str
    verified: bool
    roles: list[RoleOut]
    membership: MembershipOut | None
    unread_messages: int


class MemberOut(Schema):
    id: int
    member_no: str
    name: str
    id_number: str = Field(description="masked, e.g. 110105********002X")
    phone: str = Field(description="masked, e.g. 138****5678")
    gender: str
    birth_date: dt.date
    org_id: int
    org_name: str
    status: str
    join_date: dt.date


class MemberPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[MemberOut]


class JoinIn(Schema):
    org_id: int
    employer_department: str = ""
    note: str = ""


class JoinOut(Schema):
    id: int
    org_id: int
    status: str
    reason: str = ""
    member_id: int | None = None


class DecisionIn(Schema):
    approve: bool = True
    reason: str = ""


def _member_out(m) -> MemberOut:
    return MemberOut(
        id=m.pk, member_no=m.member_no, name=m.name, id_number=pii.mask_id_number(m.id_number),
        phone=pii.mask_phone(m.phone), gender=m.gender, birth_date=m.birth_date, org_id=m.org_id,
        org_name=m.org.name, status=m.status, join_date=m.join_date,
    )


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    user = request.user
    membership = selectors.active_membership_of(user)
    return MeOut(
        id=user.pk,
        name=user.name,
        phone=pii.mask_phone(user.phone),
        verified=user.is_verified,
        roles=[RoleOut(org_id=r.org_id, org_name=r.org.name, role=r.role, include_subtree=r.include_subtree)
               for r in scoping.roles_of(user)],
        membership=MembershipOut(id=membership.pk, member_no=membership.member_no, org_id=membership.org_id,
                                 org_name=membership.org.name, status=membership.status,
                                 join_date=membership.join_date) if membership else None,
        unread_messages=selectors.unread_count(user),
    )


@router.get("/orgs/tree", response=list[OrgNode], summary="可见组织树的顶层")
def org_tree(request):
    return selectors.org_tree_roots(actor=request.user)


@router.get("/orgs/{int:org_id}", response=OrgOut, summary="组织详情")
def org_detail(request, org_id: int):
    return selectors.access_org_by_id(actor=request.user, org_id=org_id)


@router.get("/orgs/{int:org_id}/children", response=list[OrgNode], summary="下级组织")
def org_children(request, org_id: int):
    return selectors.org_children(actor=request.user, org_id=org_id)


@router.get("/orgs/{int:org_id}/subtree", response=list[OrgOut], summary="整个下级子树（最多 5000 个）")
def org_subtree(request, org_id: int):
    return selectors.org_subtree(actor=request.user, org_id=org_id)


class MemberSearchIn(Schema):
    q: str = Field("", max_length=60)
    status: str = ""
    org_id: int | None = None
    page: int = 1
    page_size: int = 20


@router.get("/members", response=MemberPage, summary="会员列表（已脱敏，按权限范围；按身份证号/手机号查请用 POST /members/search）")
def member_list(request, q: str = "", status: str = "", org_id: int | None = None, page: int = 1,
                page_size: int = 20):
    if private_search.is_sensitive(q):
        # A full ID or mobile number in a URL ends up in access logs and proxies: refused, with the way to do it.
        raise Invalid("身份证号和手机号不能放在网址里查询，请用 POST /api/v1/members/search 提交。", code="members.private_query")
    return _member_page(request, q=q, status=status, org_id=org_id, page=page, page_size=page_size)


@router.post("/members/search", response=MemberPage, summary="按姓名、会员编号、身份证号或手机号查找会员（请求体，不进网址）")
def member_search(request, payload: MemberSearchIn):
    return _member_page(request, q=payload.q, status=payload.status, org_id=payload.org_id, page=payload.page,
                        page_size=payload.page_size)


def _member_page(request, *, q: str, status: str, org_id: int | None, page: int, page_size: int) -> MemberPage:
    page_size = max(1, min(page_size, 100))
    total = selectors.count_members_visible_to(actor=request.user, q=q, status=status, org_id=org_id)
    qs = selectors.members_visible_to(actor=request.user, q=q, status=status, org_id=org_id, expected_rows=total)
    paginator = CountedPaginator(qs, page_size, count=lambda: total)
    current = paginator.get_page(page)
    return MemberPage(count=paginator.count, page=current.number, page_size=page_size,
                      results=[_member_out(m) for m in current.object_list])


@router.get("/members/{int:member_id}", response=MemberOut, summary="会员详情（已脱敏）")
def member_detail(request, member_id: int):
    return _member_out(selectors.access_member_by_id(actor=request.user, member_id=member_id))


@router.post("/members/join", response={201: JoinOut}, summary="申请入会（需已实名认证）")
def member_join(request, payload: JoinIn):
    jr = members.apply_to_join(actor=request.user, org_id=payload.org_id,
                               employer_department=payload.employer_department, note=payload.note)
    return Status(201, JoinOut(id=jr.pk, org_id=jr.org_id, status=jr.status))


@router.post("/members/join-requests/{int:request_id}/decision", response=JoinOut, summary="审批入会申请")
def member_join_decide(request, request_id: int, payload: DecisionIn):
    if payload.approve:
        member = members.approve_join(actor=request.user, request_id=request_id)
        return JoinOut(id=request_id, org_id=member.org_id, status="approved", member_id=member.pk)
    jr = members.reject_join(actor=request.user, request_id=request_id, reason=payload.reason)
    return JoinOut(id=jr.pk, org_id=jr.org_id, status=jr.status, reason=jr.reason)


class RevealOut(Schema):
    field: str
    value: str


@router.post("/members/{int:member_id}/reveal/{field}", response=RevealOut, summary="查看完整证件号/手机号（留痕）")
def member_reveal(request, member_id: int, field: str):
    value = accounts.reveal_member_field(actor=request.user, member_id=member_id, field=field)
    return RevealOut(field=field, value=value)

from dataclasses import dataclass

import pytest

from niangjia.jobs import services


@dataclass
class People:
    tree: object
    helper: object        # social worker of street A, helper of the hardship household
    staff_a: object       # staff of district A
    staff_b: object       # staff of district B (other subtree)
    employer_user: object
    worker: object        # member of union A, head of a hardship household
    other_worker: object


USCC_A = "91330102MA2CCCCC1"


def uscc(seed: str) -> str:
    from niangjia.core.validators import uscc_check_char

    return seed + uscc_check_char(seed)


@pytest.fixture
def people(tree, make_user, make_member) -> People:
    worker = make_member(tree.union_a, name="李大姐")
    other = make_member(tree.union_b, name="赵师傅")
    return People(
        tree=tree,
        helper=make_user(roles=[(tree.street_a, "social_worker")], name="社工小周", real_name="周社工"),
        staff_a=make_user(roles=[(tree.district_a, "staff")], name="上城区干部"),
        staff_b=make_user(roles=[(tree.district_b, "staff")], name="西湖区干部"),
        employer_user=make_user(roles=[(tree.union_a, "employer")], name="企业方"),
        worker=worker.user, other_worker=other.user)


@pytest.fixture
def employer(people):
    e = services.register_employer(actor=people.staff_a, name="上城恒安物业服务有限公司", uscc=uscc(USCC_A),
                                   region_code="330102", org_id=people.tree.district_a.pk, account=people.employer_user)
    return services.verify_employer(actor=people.staff_a, employer_id=e.pk, approve=True)


def post(employer, actor, title="保洁员", **kw):
    data = {"location": "上城区湖滨街道", "region_code": "330102", "salary_min": "3000", "salary_max": "4200",
            "description": "公共区域日常清洁。", "requirements": "身体健康。", "skills": "清洁、垃圾分类",
            "hours": "full_time"}
    data.update(kw)
    return services.create_position(actor=actor, employer_id=employer.pk, title=title, **data)


@pytest.fixture
def posts(employer, people):
    return [post(employer, people.employer_user, "保洁员"),
            post(employer, people.employer_user, "仓库管理员", skills="仓库管理、电脑操作", salary_min="4500",
                 salary_max="5800", description="出入库登记和盘点。"),
            post(employer, people.employer_user, "快递分拣员", skills="分拣、扫码", hours="shifts",
                 demands=["night_shift", "heavy_lifting"], salary_min="5000", salary_max="6500",
                 description="夜班分拣包裹。"),
            post(employer, people.employer_user, "社区保洁公益岗", hours="part_time", salary_min="2490",
                 salary_max="2800", public_welfare=True, region_code="330106", location="西湖区北山街道")]


@pytest.fixture
def bearer():
    from niangjia.core.services.tokens import issue_token

    def _auth(user) -> dict:
        raw, _ = issue_token(actor=user, user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return _auth

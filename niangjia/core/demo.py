"""Demo data for a new installation: a realistic city tree, ~2,000 members and one login per role.

Everything is synthetic: names are drawn from common surnames and given names, ID numbers and
USCCs are generated with valid checksums but belong to nobody. Idempotent: a second run changes nothing.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from niangjia.core import pii
from niangjia.core.models import Member, Org, OrgRole, User, path_segment
from niangjia.core.services.members import gender_of, member_number
from niangjia.core.validators import birth_date_of, id_check_char, uscc_check_char

CITY = ("示范市总工会", "330100")
DISTRICTS = [
    ("上城区总工会", "330102", ["湖滨街道总工会", "清波街道总工会"]),
    ("拱墅区总工会", "330105", ["米市巷街道总工会", "湖墅街道总工会"]),
    ("西湖区总工会", "330106", ["北山街道总工会", "西溪街道总工会"]),
]
EMPLOYERS = [
    "恒通物流有限公司", "绿源茶业有限公司", "江南纺织有限公司", "城东公交有限公司", "惠民超市有限公司",
    "新安建筑工程有限公司", "明德医院管理有限公司", "清河环卫服务有限公司", "华兴电子有限公司", "顺达快递服务有限公司",
    "西子酒店管理有限公司", "钱塘机械制造有限公司", "东方家政服务有限公司", "百川餐饮管理有限公司", "运河印务有限公司",
    "天目食品有限公司", "湖畔物业服务有限公司", "联合汽车维修有限公司", "安康养老服务有限公司", "阳光幼儿园",
    "城市燃气有限公司", "国泰保安服务有限公司", "同心服装有限公司", "博文书店有限公司", "四季农贸市场管理有限公司",
    "长风网约车服务有限公司", "南山水务有限公司", "晨光乳业有限公司", "合力搬家服务有限公司", "美景园林工程有限公司",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华志强文斌红梅海燕玉兰国庆春生小红建国德明"
PASSWORD = "Niangjia-2020"


@dataclass
class DemoLogin:
    role: str
    label: str
    phone: str
    org: str


def synthetic_uscc(rng: random.Random, region: str) -> str:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    first17 = "91" + region + "".join(rng.choice(chars) for _ in range(9))
    return first17 + uscc_check_char(first17)


def synthetic_id(rng: random.Random, region: str, seq: int) -> str:
    birth = dt.date(1962, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 38))
    first17 = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + id_check_char(first17)


def _org(name, level, parent, region, uscc=None, employer=""):
    org = Org.objects.create(name=name, level=level, parent=parent, region_code=region, path="",
                             depth=parent.depth + 1 if parent else 1, uscc=uscc, employer_name=employer)
    org.path = (parent.path if parent else "") + path_segment(org.pk)
    org.save(update_fields=["path"])
    return org


def _login(phone: str, name: str, *, real_name: str = "", superuser: bool = False) -> User:
    user = User.objects.filter(phone_index=pii.blind_index(phone, purpose="phone")).first()
    if user:
        return user
    if superuser:
        return User.objects.create_superuser(phone, PASSWORD, display_name=name)
    return User.objects.create_user(phone, PASSWORD, display_name=name, real_name=real_name)


def seed(stdout=None, members_total: int = 2000) -> list[DemoLogin]:
    rng = random.Random(2020)
    city = Org.objects.filter(name=CITY[0], level=Org.Level.CITY).first()
    with transaction.atomic():
        if city is None:
            city = _org(CITY[0], "city", None, CITY[1])
            grassroots: list[Org] = []
            employer_iter = iter(EMPLOYERS)
            for d_name, region, streets in DISTRICTS:
                district = _org(d_name, "district", city, region)
                for s_name in streets:
                    street = _org(s_name, "street", district, region)
                    for _ in range(5):
                        employer = next(employer_iter)
                        grassroots.append(_org(f"{employer}工会", "grassroots", street, region,
                                               uscc=synthetic_uscc(rng, region), employer=employer))
            _seed_members(rng, grassroots, members_total)
        _seed_open_unions(random.Random(2021), city)
        logins = _seed_logins(city)
    if stdout:
        stdout.write(f"demo tree: {Org.objects.count()} orgs, {Member.objects.count()} members\n")
    return logins


OPEN_UNIONS = [
    # (name, kind, what it organises) — under the first district's first street, created once
    ("湖滨街道联合工会", Org.Kind.REGIONAL, "湖滨街道辖区小微企业"),
    ("上城区商贸服务行业工会", Org.Kind.INDUSTRY, "上城区商贸服务业企业"),
    ("上城区新就业形态劳动者工会", Org.Kind.NEW_EMPLOYMENT, "快递员、网约车司机、外卖骑手等"),
]


def _seed_open_unions(rng: random.Random, city: Org) -> None:
    """Unions for workers whose employer has no union of its own (idempotent: found by name)."""
    street = Org.objects.filter(level=Org.Level.STREET, path__startswith=city.path).order_by("path").first()
    if street is None:
        return
    for name, kind, employer in OPEN_UNIONS:
        if not Org.objects.filter(name=name).exists():
            org = _org(name, "grassroots", street, street.region_code, uscc=synthetic_uscc(rng, street.region_code),
                       employer=employer)
            Org.objects.filter(pk=org.pk).update(kind=kind)


def _seed_members(rng: random.Random, grassroots: list[Org], total: int) -> None:
    weights = [rng.choice([1, 1, 2, 3, 5, 8]) for _ in grassroots]
    today = timezone.localdate()
    rows = []
    for seq in range(total):
        org = rng.choices(grassroots, weights)[0]
        id_number = synthetic_id(rng, org.region_code, seq)
        phone = f"1{rng.choice('3578')}{rng.randrange(0, 10**9):09d}"
        rows.append(Member(
            org=org, name=rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else ""),
            id_number=id_number, id_index=pii.blind_index(id_number, purpose="id"),
            phone=phone, phone_index=pii.blind_index(phone, purpose="phone"),
            gender=gender_of(id_number), birth_date=birth_date_of(id_number),
            member_no=f"SEED{seq:08d}", join_date=today - dt.timedelta(days=rng.randrange(30, 365 * 15)),
            status=rng.choices(["active", "transferred", "left"], [92, 3, 5])[0],
            frontline=rng.random() < 0.15,
        ))
    created = Member.objects.bulk_create(rows, batch_size=500)
    if created and created[0].pk is None:
        created = list(Member.objects.filter(member_no__startswith="SEED").select_related("org"))
    for m in created:
        m.member_no = member_number(m.org, m.pk)
    Member.objects.bulk_update(created, ["member_no"], batch_size=500)


def _seed_logins(city: Org) -> list[DemoLogin]:
    districts = list(Org.objects.filter(parent=city).order_by("pk"))
    district = districts[0]
    street = Org.objects.filter(parent=district).order_by("pk").first()
    union = Org.objects.filter(parent=street).order_by("pk").first()
    plan = [
        ("admin", "市总工会管理员", "13800000001", city),
        ("staff", "上城区总工会干部", "13800000002", district),
        ("approver", "上城区总工会审批人", "13800000003", district),
        ("social_worker", "湖滨街道社会化工作者", "13800000004", street),
        ("lawyer", "志愿律师", "13800000005", district),
        ("psychologist", "心理咨询师", "13800000006", district),
        ("employer", "企业方代表", "13800000007", union),
        ("supplier", "扶贫产品供应商", "13800000008", city),
        ("judge", "评审专家", "13800000009", city),
        ("delegate", "职工代表", "13800000010", union),
        ("staff", "西湖区总工会干部", "13800000012", districts[2]),
    ]
    logins = []
    for role, label, phone, org in plan:
        user = _login(phone, label, real_name=label)
        OrgRole.objects.get_or_create(user=user, org=org, role=role)
        logins.append(DemoLogin(role, label, phone, org.name))
    # A worker who is already a member (with a verified account linked to a roster row).
    worker = _login("13800000011", "王师傅", real_name="王建国")
    if not worker.verified_at:
        id_number = synthetic_id(random.Random(11), union.region_code, 11)
        worker.id_number = id_number
        worker.id_index = pii.blind_index(id_number, purpose="id")
        worker.verified_at = timezone.now()
        worker.save()
        m = Member.objects.create(org=union, user=worker, name=worker.real_name, id_number=id_number,
                                  id_index=worker.id_index, phone="13800000011",
                                  phone_index=pii.blind_index("13800000011", purpose="phone"),
                                  gender=gender_of(id_number), birth_date=birth_date_of(id_number),
                                  member_no="SEEDWORKER", join_date=dt.date(2015, 5, 1))
        m.member_no = member_number(union, m.pk)
        m.save(update_fields=["member_no"])
    logins.append(DemoLogin("member", "会员职工 王建国", "13800000011", union.name))
    _login("13800000013", "新用户")
    logins.append(DemoLogin("newcomer", "未认证的新用户", "13800000013", "—"))
    _login("13800000000", "超级管理员", superuser=True)
    logins.append(DemoLogin("superuser", "系统超级管理员 (/admin/)", "13800000000", "—"))
    return logins

"""Member roster import (all-or-nothing) and masked export."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from niangjia.core import audit, pii, scoping, selectors
from niangjia.core.errors import NotFound
from niangjia.core.models import Member, Org
from niangjia.core.services import members
from niangjia.core.services.members import gender_of, member_number
from niangjia.core.spreadsheets import ImportRejected, RowError, TemplateColumn, read_rows
from niangjia.core.validators import birth_date_of, validate_id_number, validate_mobile

IMPORT_HEADERS = ["姓名", "身份证号", "手机号", "基层工会统一社会信用代码", "入会日期", "劳模", "劳模称号"]
REQUIRED = ["姓名", "身份证号", "基层工会统一社会信用代码"]
TEMPLATE = [
    TemplateColumn("姓名", "与身份证一致", required=True, example="张三"),
    TemplateColumn("身份证号", "18 位居民身份证号，末位 X 大小写均可", required=True, text=True,
                   example="11010519491231002X"),
    TemplateColumn("手机号", "11 位手机号，可留空", text=True, example="13800138000"),
    TemplateColumn("基层工会统一社会信用代码", "会员所在基层工会的 18 位统一社会信用代码，须在您的管理范围内",
                   required=True, text=True, example="91350100M000100Y43"),
    TemplateColumn("入会日期", "如 2020-03-14，不晚于今天；留空为导入当天", text=True, example="2020-03-14"),
    TemplateColumn("劳模", "是否劳模，可留空（视为否）", choices=("是", "否"), example="否"),
    TemplateColumn("劳模称号", "如 全国劳动模范；填写称号时“劳模”应为“是”或留空", example=""),
]
assert [c.header for c in TEMPLATE] == IMPORT_HEADERS
EXPORT_HEADERS = ["会员编号", "姓名", "性别", "身份证号(脱敏)", "手机号(脱敏)", "所属工会", "状态", "入会日期"]


def _parse_date(text: str, today: dt.date) -> dt.date:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"):
        try:
            day = dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
        if day > today:
            raise ValueError("入会日期不能晚于今天")
        return day
    raise ValueError("入会日期格式应为 2020-03-14")


YES = {"是", "y", "yes", "1", "true", "√"}
NO = {"否", "n", "no", "0", "false", ""}


def _model_worker(flag_text: str, title: str) -> tuple[bool, str]:
    """The optional 劳模 (是/否) and 劳模称号 columns; a title alone means 是."""
    flag = flag_text.strip().lower()
    if flag not in YES | NO:
        raise ValueError("“劳模”一栏请填“是”或“否”（可留空）")
    title = title.strip()
    if len(title) > members.MODEL_WORKER_TITLE_MAX:
        raise ValueError(f"劳模称号最多 {members.MODEL_WORKER_TITLE_MAX} 个字")
    if flag in YES or (not flag and title):
        return True, title
    if title:
        raise ValueError("填写了劳模称号，但“劳模”一栏为“否”")
    return False, ""


def import_members(*, actor, upload) -> int:
    """Validate every row first; write all of them in one transaction, or none."""
    today = timezone.localdate()
    rows = read_rows(upload, IMPORT_HEADERS, REQUIRED)
    errors: list[RowError] = []
    usccs = {r.get("基层工会统一社会信用代码", "").upper() for _, r in rows}
    orgs = {o.uscc: o for o in Org.objects.filter(uscc__in=usccs, level=Org.Level.GRASSROOTS)}
    parsed = []
    seen: dict[str, int] = {}
    for line, row in rows:
        reasons = []
        name = row.get("姓名", "").strip()
        if not name:
            reasons.append("姓名为空")
        elif len(name) > 30:
            reasons.append("姓名过长")
        try:
            id_number = validate_id_number(row.get("身份证号", ""), today=today)
        except ValidationError as exc:
            id_number = None
            reasons.append(f"身份证号有误：{exc.messages[0]}")
        phone = row.get("手机号", "").strip()
        if phone:
            try:
                phone = validate_mobile(phone)
            except ValidationError as exc:
                reasons.append(f"手机号有误：{exc.messages[0]}")
        org = orgs.get(row.get("基层工会统一社会信用代码", "").upper())
        if org is None or not scoping.covers(actor, org):
            reasons.append("找不到该统一社会信用代码对应的基层工会，或它不在您的管理范围内")
        join_text = row.get("入会日期", "").strip()
        join_date = today
        if join_text:
            try:
                join_date = _parse_date(join_text, today)
            except ValueError as exc:
                reasons.append(str(exc))
        model_worker, title = False, ""
        try:
            model_worker, title = _model_worker(row.get("劳模", ""), row.get("劳模称号", ""))
        except ValueError as exc:
            reasons.append(str(exc))
        if id_number:
            if id_number in seen:
                reasons.append(f"与第 {seen[id_number]} 行是同一个人（身份证号重复）")
            else:
                seen[id_number] = line
        if reasons:
            errors.append(RowError(line, "；".join(reasons)))
        else:
            parsed.append((line, name, id_number, phone, org, join_date, model_worker, title))
    if parsed:
        indexes = {pii.blind_index(p[2], purpose="id"): p[0] for p in parsed}
        already = Member.objects.filter(id_index__in=list(indexes), status=Member.Status.ACTIVE).values_list(
            "id_index", flat=True
        )
        for index in already:
            errors.append(RowError(indexes[index], "此人已是在册会员（如需调整单位请办理转会）"))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.line))
    with transaction.atomic():
        rows_to_insert = [
            Member(
                org=org, name=name, id_number=id_number, id_index=pii.blind_index(id_number, purpose="id"),
                phone=phone, phone_index=pii.blind_index(phone, purpose="phone") if phone else "",
                gender=gender_of(id_number), birth_date=birth_date_of(id_number),
                member_no=f"IMP{line:06d}{id_number[-8:]}", join_date=join_date,
                model_worker=model_worker, model_worker_title=title,
            )
            for line, name, id_number, phone, org, join_date, model_worker, title in parsed
        ]
        created = Member.objects.bulk_create(rows_to_insert, batch_size=1000)
        if created and created[0].pk is None:  # backends without RETURNING: read the ids back
            created = list(Member.objects.filter(member_no__in=[m.member_no for m in rows_to_insert]))
        for m in created:
            m.member_no = member_number(m.org, m.pk)
        Member.objects.bulk_update(created, ["member_no"], batch_size=1000)
        summary = {"rows": len(created)}
        if any(m.model_worker for m in created):
            summary["model_workers"] = sum(1 for m in created if m.model_worker)
        audit.record(actor, "member.import", object_type="core.member", summary=summary)
    return len(created)


def export_rows(*, actor, q: str = "", status: str = "", org_id: int | None = None):
    """Masked rows of the actor's roster for an Excel export; the export itself is audited."""
    qs = selectors.members_visible_to(actor=actor, q=q, status=status, org_id=org_id)
    # Recorded under the exported union (or the actor's highest), so the admins above see it; the
    # keyword is masked by audit.record when it is an ID number or a phone.
    org = None
    if org_id:
        try:
            org = selectors.access_org_by_id(actor=actor, org_id=org_id)
        except NotFound:
            org = None
    if org is None:
        tops = scoping.top_orgs(actor)
        org = tops[0] if tops else None
    with transaction.atomic():
        audit.record(actor, "member.export", object_type="core.member", org=org,
                     summary={"q": q, "status": status, "org_id": org_id, "rows": qs.count()})
    status_labels = dict(Member.Status.choices)
    for m in qs.iterator(chunk_size=2000):
        yield [
            m.member_no, m.name, "男" if m.gender == "M" else "女", pii.mask_id_number(m.id_number),
            pii.mask_phone(m.phone), m.org.name, str(status_labels.get(m.status, m.status)), m.join_date,
        ]

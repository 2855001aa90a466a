"""Suppliers from Excel (all-or-nothing, GB 32100 credit codes, certificate expiry) and product photos through core's
upload service."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from niangjia.core import audit, scoping, selectors
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.services.uploads import atomic_with_uploads, check_uploads, store_uploads
from niangjia.core.spreadsheets import ImportRejected, RowError, read_rows
from niangjia.core.validators import validate_mobile, validate_uscc
from niangjia.market.models import Product, ProductPhoto, Supplier, SupplierAccount
from niangjia.market.selectors_suppliers import is_linked_supplier

HEADERS = ["名称", "类型", "所在县", "统一社会信用代码", "认定证书编号", "证书有效期至", "已入驻832平台", "联系人",
           "联系电话", "结算账户"]
REQUIRED = ["名称", "类型", "所在县", "认定证书编号", "证书有效期至"]
KINDS = {"扶贫龙头企业": "enterprise", "农民专业合作社": "cooperative", "脱贫村": "village"}
YES_NO = {"是": True, "否": False, "": False}
PHOTO_TYPES = {"jpg", "png"}
PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTOS_PER_PRODUCT = 6


def _row(line: int, row: dict, today: dt.date, errors: list, seen: dict):
    def bad(reason):
        errors.append(RowError(line, reason))

    name = row["名称"][:120]
    kind = KINDS.get(row["类型"])
    if kind is None:
        bad("类型应为：扶贫龙头企业、农民专业合作社或脱贫村。")
    uscc = None
    if row["统一社会信用代码"]:
        try:
            uscc = validate_uscc(row["统一社会信用代码"])
        except ValidationError as exc:
            bad(f"统一社会信用代码有误：{exc.messages[0]}")
    elif kind in ("enterprise", "cooperative"):
        bad("企业和合作社须填写统一社会信用代码（GB 32100）。")
    try:
        expires = dt.date.fromisoformat(row["证书有效期至"][:10])
    except ValueError:
        expires = None
        bad("证书有效期至应为日期，如 2027-12-31。")
    if expires and expires < today:
        bad(f"认定证书已于 {expires:%Y-%m-%d} 过期，不能导入；请先换证。")
    if row["已入驻832平台"] not in YES_NO:
        bad("已入驻832平台应填“是”或“否”。")
    phone = row["联系电话"]
    if phone:
        try:
            phone = validate_mobile(phone)
        except ValidationError as exc:
            bad(f"联系电话有误：{exc.messages[0]}")
    account = row["结算账户"].replace(" ", "")
    if account and not (account.isdigit() and 12 <= len(account) <= 30):
        bad("结算账户应为 12 到 30 位数字。")
    cert = row["认定证书编号"][:60]
    for key, value in (("cert", cert), ("uscc", uscc)):
        if value and (key, value) in seen:
            bad(f"与第 {seen[(key, value)]} 行重复（{'证书编号' if key == 'cert' else '信用代码'}）。")
        elif value:
            seen[(key, value)] = line
    return {"name": name, "kind": kind, "county": row["所在县"][:60], "uscc": uscc, "certificate_no": cert,
            "certificate_expires": expires, "listed_832": YES_NO.get(row["已入驻832平台"], False),
            "contact_name": row["联系人"][:60], "contact_phone": phone, "settlement_account": account}


@transaction.atomic
def import_suppliers(*, actor, org_id: int, upload, today: dt.date) -> int:
    """Every row valid or nothing imported; a certificate or credit code already on file is a row error."""
    org = selectors.access_org_by_id(actor=actor, org_id=org_id)
    rows = read_rows(upload, HEADERS, REQUIRED)
    errors: list[RowError] = []
    seen: dict = {}
    parsed = [(line, _row(line, row, today, errors, seen)) for line, row in rows]
    certs = set(Supplier.objects.filter(certificate_no__in=[p["certificate_no"] for _l, p in parsed])
                .values_list("certificate_no", flat=True))
    codes = set(Supplier.objects.filter(uscc__in=[p["uscc"] for _l, p in parsed if p["uscc"]])
                .values_list("uscc", flat=True))
    for line, p in parsed:
        if p["certificate_no"] in certs:
            errors.append(RowError(line, f"认定证书编号 {p['certificate_no']} 已登记。"))
        if p["uscc"] and p["uscc"] in codes:
            errors.append(RowError(line, f"统一社会信用代码 {p['uscc']} 已登记。"))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.line))
    for _line, p in parsed:
        Supplier.objects.create(org=org, **p)
    audit.record(actor, "market.supplier_import", None, org=org, summary={"rows": len(parsed)})
    return len(parsed)


@atomic_with_uploads
def add_product_photos(*, actor, product_id: int, files) -> list[ProductPhoto]:
    """JPEG/PNG only (checked by content), at most 2 MB each and 6 per product; one bad file stores none."""
    product = Product.objects.select_for_update().select_related("supplier__org").filter(pk=product_id).first()
    if product is None or not (scoping.covers(actor, product.supplier.org)
                               or is_linked_supplier(actor, product.supplier)):
        raise NotFound("未找到该商品，或您无权操作。")
    files = list(files or [])
    if not files:
        raise Invalid("请选择照片。", code="market.photo_missing")
    if product.photos.count() + len(files) > PHOTOS_PER_PRODUCT:
        raise Conflict(f"每个商品最多 {PHOTOS_PER_PRODUCT} 张照片。", code="market.photo_count")
    for f in files:
        if f.size > PHOTO_MAX_BYTES:
            raise Invalid(f"照片「{f.name[:40]}」超过 2 MB，请压缩后再上传。", code="market.photo_size")
    checked = check_uploads(files)
    for upload, ext, _ct, _sha in checked:
        if ext not in PHOTO_TYPES:
            raise Invalid(f"「{upload.name[:40]}」不是 JPG 或 PNG 照片。", code="market.photo_type")
    atts = store_uploads(actor, product.supplier.org, checked, purpose="market.product_photo")
    photos = [ProductPhoto.objects.create(product=product, attachment=a) for a in atts]
    audit.record(actor, "market.product_photo", product, org=product.supplier.org, summary={"photos": len(photos)})
    return photos


@transaction.atomic
def save_product(*, actor, supplier_id: int, product_id: int | None, title: str, unit: str, specification: str,
                 origin_county: str, price, stock, status: str) -> Product:
    """Create or edit a product of a supplier: staff covering the supplier's union, or its supplier account."""
    from niangjia.core.money import MoneyError, parse_yuan

    supplier = Supplier.objects.select_related("org").filter(pk=supplier_id).first()
    if supplier is None or not (scoping.covers(actor, supplier.org) or is_linked_supplier(actor, supplier)):
        raise NotFound("未找到该供应商，或您无权操作。")
    title, unit = (title or "").strip()[:120], (unit or "").strip()[:12]
    if not title or not unit:
        raise Invalid("请填写商品名称和单位。", code="market.product")
    try:
        amount = parse_yuan(price, "价格")
    except MoneyError as exc:
        raise Invalid(str(exc), code="market.price") from None
    if amount <= 0:
        raise Invalid("价格必须大于 0。", code="market.price")
    try:
        stock = int(str(stock).strip())
    except ValueError:
        raise Invalid("库存应为整数。", code="market.stock") from None
    if not 0 <= stock <= 1_000_000:
        raise Invalid("库存应在 0 到 1000000 之间。", code="market.stock")
    if status not in Product.Status.values:
        raise Invalid("请选择商品状态。", code="market.status")
    if status == Product.Status.ON_SALE and supplier.certificate_expires < timezone.localdate():
        raise Invalid("供应商的认定证书已过期，商品不能上架；请先换证。", code="market.certificate_expired")
    if product_id:
        product = Product.objects.select_for_update().filter(pk=product_id, supplier=supplier).first()
        if product is None:
            raise NotFound("未找到该商品。")
    else:
        product = Product(supplier=supplier)
    product.title, product.unit, product.price, product.stock, product.status = title, unit, amount, stock, status
    product.specification = (specification or "").strip()[:120]
    product.origin_county = (origin_county or "").strip()[:60] or supplier.county
    product.save()
    audit.record(actor, "market.product_save", product, org=supplier.org,
                 summary={"title": title, "price": f"{amount:.2f}", "status": status})
    return product


def _supplier_for_staff(actor, supplier_id: int) -> Supplier:
    supplier = Supplier.objects.select_for_update().select_related("org").filter(pk=supplier_id).first()
    if supplier is None or not scoping.covers(actor, supplier.org):
        raise NotFound("未找到该供应商，或您无权操作。")
    return supplier


@transaction.atomic
def link_supplier_account(*, actor, supplier_id: int, phone: str) -> SupplierAccount:
    """Staff covering the supplier's union link a login that holds the supplier role over that union."""
    from django.contrib.auth import get_user_model

    supplier = _supplier_for_staff(actor, supplier_id)
    phone = (phone or "").strip()
    from niangjia.core import pii

    user = (get_user_model().objects.filter(phone_index=pii.blind_index(phone, purpose="phone")).first()
            if phone else None)
    if user is None:
        raise Invalid("未找到该手机号对应的账号。", code="market.account_unknown")
    if not scoping.covers(user, supplier.org, roles={"supplier"}):
        raise Invalid("该账号没有本工会的供应商角色，请先为其授予供应商角色。", code="market.account_role")
    if SupplierAccount.objects.filter(user=user, supplier=supplier).exists():
        raise Conflict("该账号已关联此供应商。", code="market.account_linked")
    link = SupplierAccount.objects.create(user=user, supplier=supplier, linked_by=actor)
    audit.record(actor, "market.supplier_link", supplier, org=supplier.org, summary={"user": user.pk})
    return link


@transaction.atomic
def unlink_supplier_account(*, actor, supplier_id: int, user_id: int) -> None:
    supplier = _supplier_for_staff(actor, supplier_id)
    deleted, _n = SupplierAccount.objects.filter(supplier=supplier, user_id=user_id).delete()
    if not deleted:
        raise NotFound("该账号未关联此供应商。")
    audit.record(actor, "market.supplier_unlink", supplier, org=supplier.org, summary={"user": user_id})

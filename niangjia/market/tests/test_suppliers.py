"""Supplier import (all-or-nothing, GB 32100, certificate expiry), supplier pages and product photos."""

import io
from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from niangjia.core.validators import uscc_check_char
from niangjia.market.models import ProductPhoto, Supplier
from niangjia.market.services_suppliers import HEADERS

GOOD = "91611024MA6Y" + "00001"
GOOD = GOOD + uscc_check_char(GOOD)
BAD_CHECK = GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("s.xlsx", buf.getvalue())


def row(name="山阳县天竹农业合作社", kind="农民专业合作社", uscc=GOOD, cert="SX-2026-9", expires="2030-12-31"):
    return [name, kind, "山阳县", uscc, cert, expires, "是", "王经理", "13800000000", "6222020200112233445"]


def staff_client(make_user, org):
    c = Client()
    c.force_login(make_user(roles=[(org, "staff")]))
    return c


def test_import_all_or_nothing_with_line_reasons(make_user, tree):
    c = staff_client(make_user, tree.city)
    file = xlsx([row(), row(name="坏码", uscc=BAD_CHECK, cert="X2"), row(name="过期", uscc="", kind="脱贫村",
                                                                      cert="X3", expires="2020-01-01"),
                 row(name="重复", uscc="", kind="脱贫村", cert="SX-2026-9")])
    resp = c.post("/market/suppliers/import/", {"org": tree.city.pk, "file": file}, follow=True)
    body = resp.content.decode()
    assert Supplier.objects.count() == 0
    assert "整份文件未导入" in body
    assert "第 3 行" in body or "3" in body
    errors = resp.context["errors"]
    assert {e["line"] for e in errors} == {3, 4, 5}
    assert any("校验" in e["reason"] or "check" in e["reason"] for e in errors if e["line"] == 3)
    assert any("过期" in e["reason"] for e in errors if e["line"] == 4)
    assert any("重复" in e["reason"] for e in errors if e["line"] == 5)
    resp = c.post("/market/suppliers/import/", {"org": tree.city.pk, "file": xlsx([row()])}, follow=True)
    s = Supplier.objects.get()
    assert (s.uscc, s.kind, s.listed_832, s.settlement_account) == (GOOD, "cooperative", True, "6222020200112233445")
    assert "6222020200112233445" not in c.get(f"/market/suppliers/{s.pk}/").content.decode()  # masked
    resp = c.post("/market/suppliers/import/", {"org": tree.city.pk, "file": xlsx([row()])}, follow=True)
    assert Supplier.objects.count() == 1 and "已登记" in str(resp.context["errors"])


def test_import_refuses_out_of_scope_org_and_non_xlsx(make_user, tree):
    c = staff_client(make_user, tree.union_b)
    c.post("/market/suppliers/import/", {"org": tree.city.pk, "file": xlsx([row()])})
    c.post("/market/suppliers/import/", {"org": tree.union_b.pk, "file": SimpleUploadedFile("x.xlsx", b"not a zip")})
    assert Supplier.objects.count() == 0


def test_supplier_pages_scope_and_expired_mark(make_user, tree, supplier):
    supplier.certificate_expires = supplier.certificate_expires.replace(year=2020)
    supplier.save()
    c = staff_client(make_user, tree.city)
    page = c.get("/market/suppliers/").content.decode()
    assert supplier.name in page and "text-danger" in page
    other = staff_client(make_user, tree.union_b)
    assert supplier.name not in other.get("/market/suppliers/").content.decode()
    assert other.get(f"/market/suppliers/{supplier.pk}/").status_code == 404


def test_photos_type_size_count_and_who_sees(make_user, make_member, tree, supplier, product):
    c = staff_client(make_user, tree.city)
    url = f"/market/suppliers/{supplier.pk}/products/{product.pk}/photos/"
    c.post(url, {"photos": [SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.pdf", b"%PDF-1.4 x")]})
    assert ProductPhoto.objects.count() == 0  # a PDF is not a photo: nothing stored
    c.post(url, {"photos": [SimpleUploadedFile("big.png", PNG + b"0" * (2 * 1024 * 1024))]})
    assert ProductPhoto.objects.count() == 0
    c.post(url, {"photos": [SimpleUploadedFile("a.png", PNG)]})
    photo = ProductPhoto.objects.get()
    member = Client()
    member.force_login(make_member(tree.union_a).user)  # union A is under the city: the product is sold to it
    resp = member.get(f"/market/photos/{photo.pk}/")
    assert resp.status_code == 200 and resp["Content-Type"] == "image/png"
    assert Client().get(f"/market/photos/{photo.pk}/").status_code == 404
    b_staff = staff_client(make_user, tree.union_b)
    assert b_staff.post(url, {"photos": [SimpleUploadedFile("a.png", PNG)]}).status_code in (302, 404)
    assert ProductPhoto.objects.count() == 1


def test_product_create_edit_scope_and_expired_certificate(make_user, tree, supplier):
    from niangjia.market.models import Product

    c = staff_client(make_user, tree.city)
    url = f"/market/suppliers/{supplier.pk}/products/"
    data = {"title": "山阳香菇 1 斤", "unit": "袋", "specification": "500 克", "origin_county": "", "price": "25.50",
            "stock": "300", "status": "on_sale"}
    c.post(url, data)
    p = Product.objects.get()
    assert (p.price, p.stock, p.status, p.origin_county) == (D("25.50"), 300, "on_sale", "山阳县")
    c.post(url, {**data, "product": p.pk, "price": "1e3"})  # refused in Chinese, nothing changes
    p.refresh_from_db()
    assert p.price == D("25.50")
    other = staff_client(make_user, tree.union_b)
    other.post(url, {**data, "title": "别人的"})
    assert Product.objects.count() == 1
    supplier.certificate_expires = supplier.certificate_expires.replace(year=2020)
    supplier.save()
    c.post(url, {**data, "title": "新品"})
    assert not Product.objects.filter(title="新品").exists()

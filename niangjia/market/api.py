"""Market API, mounted at /api/v1/market/: products, flash sales, orders. External load tests depend on the
exact shapes below (issue 15)."""

import datetime as dt
from typing import Literal

from ninja import Router, Schema, Status

from niangjia.core.api_types import Yuan
from niangjia.market import selectors, services

router = Router(tags=["market"])


class ProductOut(Schema):
    id: int
    title: str
    supplier: str
    price: str
    stock: int


@router.get("/products", response=list[ProductOut], summary="在售的扶贫产品")
def products(request):
    return [ProductOut(id=p.pk, title=p.title, supplier=p.supplier.name, price=f"{p.price:.2f}", stock=p.stock)
            for p in selectors.products_on_sale(actor=request.auth)]


class SaleOut(Schema):
    id: int
    title: str
    price: str
    stock_total: int
    stock_left: int
    per_member_limit: int
    starts_at: dt.datetime
    ends_at: dt.datetime


@router.get("/sales", response=list[SaleOut], summary="限时抢购列表（status=open 为正在进行）")
def sales(request, status: Literal["open", "upcoming", "ended", "all"] = "all"):
    return [SaleOut(id=s.pk, title=s.product.title, price=f"{s.price:.2f}", stock_total=s.stock_total,
                    stock_left=s.stock_left, per_member_limit=s.per_member_limit, starts_at=s.starts_at,
                    ends_at=s.ends_at)
            for s in selectors.sales_visible(actor=request.auth, status=status)]


class MarketSessionIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime


class SaleIn(Schema):
    product_id: int
    stock: int
    per_member_limit: int
    price: Yuan
    starts_at: dt.datetime
    ends_at: dt.datetime
    payment_timeout_minutes: int = 15
    sessions: list[MarketSessionIn] | None = None  # 场次 sharing the stock and the limit; default one session


class CreatedOut(Schema):
    id: int


@router.post("/sales", response={201: CreatedOut}, summary="新建限时抢购（工作人员或供应商）")
def create_sale(request, payload: SaleIn):
    sale = services.create_sale(actor=request.auth, product_id=payload.product_id, stock=payload.stock,
                                per_member_limit=payload.per_member_limit, price=payload.price,
                                starts_at=payload.starts_at, ends_at=payload.ends_at,
                                payment_timeout_minutes=payload.payment_timeout_minutes,
                                sessions=[(x.starts_at, x.ends_at) for x in payload.sessions or []] or None)
    return Status(201, CreatedOut(id=sale.pk))


class OrderIn(Schema):
    quantity: int


class OrderOut(Schema):
    order_id: int
    quantity: int
    amount: str
    expires_at: dt.datetime


@router.post("/sales/{sale_id}/orders", response={201: OrderOut}, summary="抢购下单（会员）")
def place_order(request, sale_id: int, payload: OrderIn):
    order = services.place_order(actor=request.auth, sale_id=sale_id, quantity=payload.quantity)
    return Status(201, OrderOut(order_id=order.pk, quantity=order.quantity, amount=f"{order.amount:.2f}",
                                expires_at=order.expires_at))


class SaleDetailOut(Schema):
    id: int
    title: str
    price: str
    stock_total: int
    sold: int
    stock_left: int
    per_member_limit: int
    orders: int
    reconciliation_diff: int
    starts_at: dt.datetime
    ends_at: dt.datetime


@router.get("/sales/{sale_id}", response=SaleDetailOut, summary="抢购详情与对账")
def sale_detail(request, sale_id: int):
    sale = selectors.sale_for(actor=request.auth, sale_id=sale_id)
    rec = services.reconcile(sale)
    return SaleDetailOut(id=sale.pk, title=sale.product.title, price=f"{sale.price:.2f}",
                         stock_total=rec["stock_total"], sold=rec["sold"], stock_left=rec["stock_left"],
                         per_member_limit=sale.per_member_limit, orders=rec["orders"],
                         reconciliation_diff=rec["diff"], starts_at=sale.starts_at, ends_at=sale.ends_at)

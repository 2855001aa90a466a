"""zh_Hans translations of this app's UI msgids; `python -m niangjia.market.i18n_zh` writes .po and .mo."""

ZH = {
    # models
    "Poverty-relief enterprise": "扶贫龙头企业", "Cooperative": "农民专业合作社", "Village": "脱贫村",
    "name": "名称", "kind": "类型", "county": "所在县", "certificate number": "认定证书编号",
    "certificate expiry": "证书有效期至", "listed on the 832 platform": "已入驻 832 平台", "contact": "联系人",
    "contact phone": "联系电话", "settlement account": "结算账户", "Draft": "草稿", "On sale": "在售",
    "Off the shelf": "已下架", "title": "商品名称", "unit": "单位", "specification": "规格",
    "origin county": "产地县", "price": "价格", "stock": "库存", "status": "状态", "flash price": "抢购价",
    "stock for the sale": "抢购库存", "limit per member": "每人限购", "starts at": "开始时间", "ends at": "结束时间",
    "Awaiting payment": "待付款", "Paid": "已付款", "Released (not paid in time)": "超时未付款，已释放",
    # worker page
    "Flash sales of farm produce": "扶贫农产品限时抢购",
    "Products from certified suppliers in paired poverty-relief counties.": "来自结对帮扶地区认定供应商的农产品。",
    "Log in to take part in flash sales.": "登录后参加限时抢购。", "yuan": "元",
    "limit %(n)s per member": "每人限购 %(n)s 件", "%(n)s of %(t)s left": "剩余 %(n)s / 共 %(t)s",
    "Starts in": "距开始", "Started — refresh the page": "已开始，请刷新页面", "Not started yet": "尚未开始",
    "All gone (已抢完)": "已抢完", "Ends in": "距结束", "Ended": "已结束", "Grab one now": "立即抢购",
    "No flash sales right now.": "现在没有进行中的抢购。",
    "Got it! Please pay within %(minutes)s minutes, or the goods go back on sale.":
        "抢到了！请在 %(minutes)s 分钟内付款，超时商品将重新开放抢购。",
    # workbench
    "Poverty-relief market": "消费扶贫", "Flash sales": "限时抢购", "No.": "编号", "Product": "商品",
    "Union": "工会", "Starts": "开始", "Ends": "结束", "Flash price": "抢购价", "Stock": "库存", "Sold": "已售",
    "In orders": "订单数量", "Reconciliation": "对账", "Product or sale no.": "商品名称或抢购编号",
    "No flash sales yet. Staff or a supplier create them through the API.": "还没有限时抢购。工作人员或供应商可通过接口创建。",
    "%(n)s units differ": "差异 %(n)s 件", "Balanced": "账实相符",
    "Reconciliation compares units sold with units in unpaid and paid orders and with members' totals; every difference is shown (the target is 0).":
        "对账：已售数量与待付款、已付款订单数量及会员累计数量逐一核对，任何差异都会显示（目标为 0）。",
    "Suppliers with an expired certificate (no new sales):": "认定证书已过期的供应商（不能新开抢购）：",
}


def build(path_base: str, table: dict) -> None:
    import polib

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_Hans",
                   "Plural-Forms": "nplurals=1; plural=0;"}
    for msgid, msgstr in table.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save(path_base + ".po")
    po.save_as_mofile(path_base + ".mo")


if __name__ == "__main__":
    import os

    build(os.path.join(os.path.dirname(__file__), "locale/zh_Hans/LC_MESSAGES/django"), ZH)

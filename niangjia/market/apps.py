from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "niangjia.market"
    label = "market"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from niangjia.core import audit_labels, my_business
        from niangjia.market import selectors, todo

        todo.register()
        _register_navigation()
        my_business.register("market", selectors.my_business_items)

        audit_labels.register(
            actions={"market.sale_create": "新建限时抢购", "market.order_place": "抢购下单",
                     "market.order_paid": "抢购订单付款", "market.order_release": "超时未付款释放库存",
                     "market.cycle_create": "开启团购周期", "market.group_order_create": "工会团购下单",
                     "market.group_choice": "会员选择团购商品", "market.group_order_place": "提交工会团购单",
                     "market.group_order_cancel": "取消工会团购单", "market.cycle_extend": "团购周期延长",
                     "market.cycle_cancel": "团购周期取消", "market.cycle_confirm": "团购周期确认",
                     "market.cycle_print": "打印采购单/分拣单", "market.group_order_charge": "团购单扣款",
                     "market.cycle_settle": "团购周期结算", "market.welfare_spend": "登记福利采购",
                     "market.welfare_report": "下载福利采购年报", "market.supplier_import": "导入供应商",
                     "market.product_photo": "上传商品照片", "market.product_save": "保存扶贫商品",
                     "market.supplier_link": "关联供应商账号", "market.supplier_unlink": "解除供应商账号关联",
                     "market.welfare_rule_create": "新增福利支出规则", "market.welfare_rule_edit": "修改福利支出规则",
                     "market.welfare_rule_version": "福利支出规则另立新版本"},
            objects={"market.flashsale": "限时抢购", "market.order": "抢购订单", "market.ordercycle": "团购周期",
                     "market.grouporder": "工会团购单", "market.welfarespend": "福利采购登记",
                     "market.product": "扶贫商品", "market.supplier": "扶贫供应商",
                     "market.welfarerule": "福利支出规则"},
        )

        from niangjia.core.services import retention
        from niangjia.market import services_retention

        retention.register("market.order_released", days=services_retention.RELEASED_ORDER_DAYS,
                           purge=services_retention.purge_released_orders,
                           what="超时未付款而释放的抢购订单，自释放之日起计")

        from niangjia.core import purposes

        purposes.register(purposes.Purpose(
            code="market", record="消费扶贫订单", data="账号、购买的商品和数量、下单和付款时间",
            purpose="执行限购、收款和配送、对账", basis=purposes.CONSENT + "；履行购买合同所必需",
            retention=lambda: "已付款订单随财务凭证保存 30 年；超时未付款而释放的订单 "
                              f"{retention.periods()['market.order_released']} 天后删除"))


def _register_navigation() -> None:
    """A supplier login gets its own sidebar in the workbench shell (it holds no staff role); the welfare rules
    page joins the market's staff group for admins."""
    from django.utils.translation import gettext_lazy as _

    from niangjia.core import navigation

    navigation.register_role_workbench("supplier", [
        (_("Supplier workbench"), [
            ("market:supply_products", _("My products")),
            ("market:supply_sales", _("My flash sales")),
            ("market:supply_orders", _("Sales and orders")),
            ("market:supply_settlements", _("Settlement statements")),
        ]),
    ])
    navigation.register_workbench_links(_("Poverty-relief market"), [
        ("market:welfare_rules", _("Welfare-spending rules"), None),
    ])

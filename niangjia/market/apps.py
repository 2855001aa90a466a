from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "niangjia.market"
    label = "market"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from niangjia.core import audit_labels

        audit_labels.register(
            actions={"market.sale_create": "新建限时抢购", "market.order_place": "抢购下单",
                     "market.order_paid": "抢购订单付款", "market.order_release": "超时未付款释放库存"},
            objects={"market.flashsale": "限时抢购", "market.order": "抢购订单"},
        )

        from niangjia.core.services import retention
        from niangjia.market import services_retention

        retention.register("market.order_released", days=services_retention.RELEASED_ORDER_DAYS,
                           purge=services_retention.purge_released_orders,
                           what="超时未付款而释放的抢购订单，自释放之日起计")

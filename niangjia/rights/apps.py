from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "niangjia.rights"
    label = "rights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from niangjia.core import my_business
        from niangjia.rights import selectors

        my_business.register("rights", selectors.my_business_items)
        from niangjia.rights import todo

        todo.register()

        from niangjia.core.services import retention
        from niangjia.rights.services import retention as rights_retention

        retention.register("rights.call_unlinked", days=rights_retention.UNLINKED_CALL_DAYS,
                           purge=rights_retention.purge_unlinked_calls,
                           what="未形成案件的热线来电记录（来电号码），自来电之日起计")
        retention.register("rights.booking_cancelled", days=rights_retention.CANCELLED_BOOKING_DAYS,
                           purge=rights_retention.purge_cancelled_bookings,
                           what="已取消的咨询预约（预约主题），自取消之日起计")
        retention.register("rights.call_nonce", days=rights_retention.NONCE_DAYS,
                           purge=rights_retention.purge_call_nonces, what="电话系统防重放随机数（非个人信息）")

        from niangjia.core import search as engine
        from niangjia.rights import search

        engine.add_words(search.seed_words())

from django.apps import AppConfig


class MutualAidConfig(AppConfig):
    name = "niangjia.mutual_aid"
    label = "mutual_aid"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from niangjia.core import my_business
        from niangjia.mutual_aid import selectors

        my_business.register("mutual_aid", selectors.my_business_items)
        from niangjia.mutual_aid import todo

        todo.register()

        from niangjia.core.payouts import sources
        from niangjia.mutual_aid.services.payouts import SOURCE

        sources.register(SOURCE)

        from niangjia.core.services import retention
        from niangjia.mutual_aid.services import retention as ma_retention

        retention.register("mutual_aid.claim_rejected", days=ma_retention.REJECTED_DAYS,
                           purge=ma_retention.purge_rejected_claims,
                           what="未获批准的互助金申请（诊断、医院、发票号、发票照片），自申请之日起计")

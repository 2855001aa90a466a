from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "niangjia.care"
    label = "care"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from niangjia.care.payouts import SOURCE
        from niangjia.core.payouts import sources

        sources.register(SOURCE)

        from niangjia.care import services_retention
        from niangjia.core.services import retention

        retention.register("care.receipt_photo", days=services_retention.RECEIPT_PHOTO_DAYS,
                           purge=services_retention.purge_receipt_photos,
                           what="纸质签收单照片（会计凭证，《会计档案管理办法》30 年），自签收之日起计")

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

        from niangjia.core import purposes

        purposes.register(purposes.Purpose(
            code="care", record="慰问记录", data="慰问名单中的姓名、所在工会、慰问金额或物品、签收情况和纸质签收单照片",
            purpose="发放慰问金和慰问品、确认签收、对账", basis="履行工会送温暖等法定职责所必需",
            shared_with="代发银行（现金慰问：收款户名、账号、金额）",
            retention="随财务凭证保存 30 年；纸质签收单照片 30 年后删除"))

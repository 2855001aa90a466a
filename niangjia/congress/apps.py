from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "niangjia.congress"
    label = "congress"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from niangjia.congress import services_retention
        from niangjia.core.services import retention

        retention.register("congress.secret_receipt", days=services_retention.RECEIPT_DAYS,
                           purge=services_retention.purge_secret_ballot_receipts,
                           what="无记名投票的已投票凭据（仅记录某代表已投票），自表决结束之日起计")

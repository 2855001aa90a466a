from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "niangjia.rights"
    label = "rights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from niangjia.core import audit_labels, my_business
        from niangjia.rights import selectors
        from niangjia.rights.models import Category

        # Codes rights' audit summaries carry as values (a case's category and channel, an employer's risk level).
        audit_labels.register(values={**dict(Category.choices),
                                      "online": "网上", "hotline": "热线",
                                      "green": "绿色", "yellow": "黄色", "red": "红色"})

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

        from niangjia.core import purposes

        purposes.register(purposes.Purpose(
            code="help", record="求助（维权案件）",
            data="求助事由、用人单位、联系方式、对话和上传的材料；热线来电号码（加密）",
            purpose="工会受理和处理您的求助、提供法律援助、必要时向用人单位发出监督意见",
            basis=purposes.CONSENT, shared_with="经您同意后，调解或监督所涉的用人单位",
            retention=lambda: "维权案卷 10 年（示例，可配置）；未形成案件的热线来电记录 "
                              f"{retention.periods()['rights.call_unlinked']} 天后删除"))
        purposes.register(purposes.Purpose(
            code="booking", record="咨询预约",
            data="预约时间与主题；心理咨询记录（加密，只有咨询师和您本人能看）", sensitive=True,
            purpose="安排律师或心理咨询师为您咨询", basis=purposes.CONSENT,
            retention=lambda: "3 年（示例，可配置）；已取消的预约 "
                              f"{retention.periods()['rights.booking_cancelled']} 天后删除"))

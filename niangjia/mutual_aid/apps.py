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

        from niangjia.core import purposes

        purposes.register(purposes.Purpose(
            code="mutual_aid", record="医疗互助申请",
            data="诊断（加密保存）、医院、住院或事故日期、发票号与金额、发票照片", sensitive=True,
            purpose="按互助计划计算并发放互助金、核对同一张发票不重复申请、统计本年度已领取金额",
            basis=purposes.CONSENT + "；诊断等健康信息仅用于本申请的审核",
            shared_with="代发银行（获批后仅收款户名、账号、金额）",
            retention=lambda: "获批的随财务凭证保存 30 年（《会计档案管理办法》）；未获批的自申请之日起 "
                              f"{retention.periods()['mutual_aid.claim_rejected'] // 365} 年后删除（连同照片）"))

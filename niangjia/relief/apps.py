from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "niangjia.relief"
    label = "relief"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from niangjia.core import my_business
        from niangjia.relief import selectors

        my_business.register("relief", selectors.my_business_items)
        from niangjia.relief import todo

        todo.register()
        from niangjia.core import audit_labels

        audit_labels.register(actions={"relief.helper_assign": "指定帮扶联系人"})

        from niangjia.core.payouts import sources
        from niangjia.relief.services.payouts import SOURCE

        sources.register(SOURCE)
        from niangjia.core import jobs
        from niangjia.relief.services import whatif_jobs

        jobs.register(whatif_jobs.KIND, whatif_jobs.run_whatif_job, title="政策模拟测算")

        from niangjia.core.services import retention
        from niangjia.relief.services import retention as relief_retention

        retention.register("relief.application_rejected", days=relief_retention.REJECTED_DAYS,
                           purge=relief_retention.purge_rejected_applications,
                           what="未获批准的帮扶申请（金额、说明、发票、审批记录、证明照片），自驳回之日起计")

        from niangjia.core import purposes

        purposes.register(purposes.Purpose(
            code="relief", record="帮扶申请",
            data="家庭成员姓名、年龄、就业和收入、患病或残疾情况、费用与发票、证明材料照片", sensitive=True,
            purpose="审核困难职工帮扶申请、按政策计算并发放帮扶资金、核对同一年度不重复领取",
            basis=purposes.CONSENT + "；其中健康等敏感个人信息仅用于本申请的审核",
            shared_with="代发银行（获批后仅收款户名、账号、金额）",
            retention=lambda: "获批的随财务凭证保存 30 年（《会计档案管理办法》）；未获批的自驳回之日起 "
                              f"{retention.periods()['relief.application_rejected'] // 365} 年后删除（连同照片）"))

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

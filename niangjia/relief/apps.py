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

        from niangjia.core.payouts import sources
        from niangjia.relief.services.payouts import SOURCE

        sources.register(SOURCE)
        from niangjia.core import jobs
        from niangjia.relief.services import whatif_jobs

        jobs.register(whatif_jobs.KIND, whatif_jobs.run_whatif_job, title="政策模拟测算")

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "niangjia.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Niangjia core"

    def ready(self) -> None:
        from niangjia.core import my_business, purposes, selectors

        my_business.register("core", selectors.my_business_items)
        purposes.register_core()
        from niangjia.core import todo_providers

        todo_providers.register()
        from django.db.models.signals import post_delete, post_save

        from niangjia.core import todo

        post_save.connect(todo.model_changed, dispatch_uid="niangjia.todo.save")
        post_delete.connect(todo.model_changed, dispatch_uid="niangjia.todo.delete")
        from niangjia.core import jobs
        from niangjia.core.services import member_export

        jobs.register("core.member_export", member_export.run_member_export_job, title="会员名单导出")

        from django.contrib.auth.signals import user_logged_in

        from niangjia.core.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="niangjia.idle_clock")

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "niangjia.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Niangjia core"

    def ready(self) -> None:
        from niangjia.core import my_business, selectors

        my_business.register("core", selectors.my_business_items)
        from niangjia.core import todo_providers

        todo_providers.register()

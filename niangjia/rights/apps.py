from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "niangjia.rights"
    label = "rights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from niangjia.core import my_business
        from niangjia.rights import selectors

        my_business.register("rights", selectors.my_business_items)
        from niangjia.rights import todo

        todo.register()

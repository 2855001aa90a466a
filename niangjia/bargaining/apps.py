from django.apps import AppConfig


class BargainingConfig(AppConfig):
    name = "niangjia.bargaining"
    label = "bargaining"
    default_auto_field = "django.db.models.BigAutoField"

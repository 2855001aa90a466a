from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "niangjia.congress"
    label = "congress"
    default_auto_field = "django.db.models.BigAutoField"

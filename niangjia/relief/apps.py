from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "niangjia.relief"
    label = "relief"
    default_auto_field = "django.db.models.BigAutoField"

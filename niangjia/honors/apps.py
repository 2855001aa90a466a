from django.apps import AppConfig


class HonorsConfig(AppConfig):
    name = "niangjia.honors"
    label = "honors"
    default_auto_field = "django.db.models.BigAutoField"

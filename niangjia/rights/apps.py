from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "niangjia.rights"
    label = "rights"
    default_auto_field = "django.db.models.BigAutoField"

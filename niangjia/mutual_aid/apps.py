from django.apps import AppConfig


class MutualAidConfig(AppConfig):
    name = "niangjia.mutual_aid"
    label = "mutual_aid"
    default_auto_field = "django.db.models.BigAutoField"

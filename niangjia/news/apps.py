from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "niangjia.news"
    label = "news"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "niangjia.care"
    label = "care"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from niangjia.care.payouts import SOURCE
        from niangjia.core.payouts import sources

        sources.register(SOURCE)

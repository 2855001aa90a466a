from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "niangjia.training"
    label = "training"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from niangjia.training import apps_contests, registry_courses

        apps_contests.ready()
        registry_courses.register()

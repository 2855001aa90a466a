from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "niangjia.training"
    label = "training"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from niangjia.training import apps_contests, registry_courses

        apps_contests.ready()
        registry_courses.register()
        from niangjia.core import purposes

        purposes.register(purposes.Purpose(
            code="training_course", record="学习与竞赛记录",
            data="选课、每个课时的观看进度和学习时长、证书；网上练兵的答卷、成绩、用时和切屏/复制次数",
            purpose="记录学习进度并在换设备时续播、发放和核验证书；评定竞赛成绩和排名、发现雷同答卷",
            basis="您的同意（选课或参赛即表示同意）", shared_with="证书核验页面只显示部分隐去的姓名",
            retention="学习记录和证书长期保存（证书可被撤销）；答卷随竞赛档案保存"))

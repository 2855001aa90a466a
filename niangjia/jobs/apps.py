from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "niangjia.jobs"
    label = "jobs"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "线上招聘"

    def ready(self) -> None:
        from niangjia.core import audit_labels, my_business
        from niangjia.jobs import selectors

        my_business.register("jobs", selectors.my_business_items)
        audit_labels.register(
            actions={"jobs.employer_register": "登记用人单位", "jobs.employer_verify": "审核用人单位",
                     "jobs.position_create": "发布岗位", "jobs.position_close": "关闭岗位",
                     "jobs.fair_create": "创建招聘会", "jobs.apply": "投递岗位", "jobs.share_contact": "同意公开电话",
                     "jobs.application_stage": "变更求职进度", "jobs.intent_record": "登记就业意向",
                     "jobs.packet_send": "发送1-3-1就业帮扶", "jobs.packet_outcome": "登记就业帮扶结果",
                     "relief.employment_outcome": "就业结果反馈帮扶监测"},
            objects={"jobs.employer": "用人单位", "jobs.position": "岗位", "jobs.jobfair": "招聘会",
                     "jobs.application": "求职申请", "jobs.jobintent": "就业意向", "jobs.jobhelppacket": "1-3-1就业帮扶"},
        )
        from niangjia.jobs import todo

        todo.register()

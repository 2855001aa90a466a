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
                     "jobs.application_stage": "变更求职进度",
                     "jobs.application_withdraw": "撤回求职申请",
                     "jobs.employer_import": "批量导入用人单位", "jobs.position_import": "批量导入岗位", "jobs.intent_record": "登记就业意向",
                     "jobs.packet_send": "发送1-3-1就业帮扶", "jobs.packet_outcome": "登记就业帮扶结果",
                     "relief.employment_outcome": "就业结果反馈帮扶监测"},
            objects={"jobs.employer": "用人单位", "jobs.position": "岗位", "jobs.jobfair": "招聘会",
                     "jobs.application": "求职申请", "jobs.jobintent": "就业意向", "jobs.jobhelppacket": "1-3-1就业帮扶"},
        )
        from niangjia.jobs import todo

        todo.register()
        from niangjia.core.services import retention as core_retention
        from niangjia.jobs import retention

        core_retention.register("jobs.rejected_application", days=retention.DAYS, purge=retention.purge_rejected,
                                what="求职申请被用人单位标为“不合适”或由本人撤回的：自该决定或撤回起 2 年后删除（含进度记录）")
        from niangjia.core import purposes

        purposes.register(purposes.Purpose(
            code="jobs", record="求职申请与就业意向",
            data="姓名、求职简介、投递的岗位和进度；手机号只在您同意后向用人单位显示；困难职工的就业意向（工种、区域、时间、健康限制）",
            purpose="向用人单位投递岗位、跟踪进度；为困难职工匹配岗位和培训、记录就业结果并用于帮扶监测",
            basis="您的同意（投递即表示同意）；困难职工就业帮扶为履行帮扶职责所必需", shared_with="您投递的用人单位",
            retention="被标为“不合适”或本人撤回的求职申请自该决定或撤回起 2 年后删除；其他求职申请随招聘会档案保存；就业帮扶记录随困难职工档案保存", sensitive=True))

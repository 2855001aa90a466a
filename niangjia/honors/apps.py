from django.apps import AppConfig


class HonorsConfig(AppConfig):
    name = "niangjia.honors"
    label = "honors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from niangjia.core import audit_labels, home_feed
        from niangjia.honors import feed

        audit_labels.register(
            actions={"honors.panel_create": "新建评审", "honors.entry_add": "添加参评项目", "honors.judge_add": "添加评委",
                     "honors.relation_declare": "评委申报关系", "honors.sheet_submit": "提交评分",
                     "honors.panel_close": "结束评审", "honors.conflict_add": "指定回避"},
            objects={"honors.panel": "评审", "honors.entry": "参评项目", "honors.judge": "评委"},
            links={"honors.panel": "honors:staff_panel"},
        )
        home_feed.register("honors", feed.home_feed)
        from niangjia.core import purposes

        purposes.register(purposes.Purpose(
            code="honors", record="评审、评优与劳模名册",
            data="评委申报的任职和亲属关系、评分；被推荐人姓名、单位、事迹和证明材料；劳模称号和关爱记录；师徒结对的任务和评价",
            purpose="评审回避与计分、评优推荐与公示、劳模关爱和师徒结对管理，不用于其他目的",
            basis="履行评选表彰和劳模管理职责所必需；评委关系由评委本人申报",
            retention="评审和评选档案长期保存；公示期间的异议材料随评选档案保存"))

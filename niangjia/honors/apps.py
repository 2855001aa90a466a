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

from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "niangjia.news"
    label = "news"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from niangjia.core import audit_labels, home_feed
        from niangjia.news import feed

        audit_labels.register(
            actions={"news.create": "新建通知", "news.publish": "发布通知", "news.withdraw": "撤回通知",
                     "news.remind": "提醒未读"},
            objects={"news.notice": "通知公告"},
            links={"news.notice": "news:staff_detail"},
        )
        home_feed.register("news", feed.home_feed)
        from niangjia.core import purposes

        purposes.register(purposes.Purpose(
            code="news", record="通知阅读回执", data="是否已读、阅读时间、所在工会",
            purpose="统计通知送达和阅读情况，提醒未读人员", basis="工会开展工作所必需（通知送达）",
            retention="随通知保存；通知撤回或删除时一并删除"))

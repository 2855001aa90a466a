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

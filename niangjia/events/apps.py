from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "niangjia.events"
    label = "events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from niangjia.core import audit_labels, home_feed
        from niangjia.core.services import retention
        from niangjia.events import feed, services_social
        from niangjia.events.models import Event

        audit_labels.register(
            actions={"events.create": "新建活动", "events.register": "活动报名", "events.cancel": "取消报名",
                     "events.offer": "递补名额保留", "events.offer_answer": "答复递补名额", "events.quota": "分配工会名额",
                     "events.check_in": "扫码签到", "events.match_choice": "交友选择",
                     "events.hours_confirm": "确认志愿服务时长", "events.hours_reject": "不予确认志愿服务时长"},
            objects={"events.event": "活动", "events.registration": "活动报名"},
            links={"events.event": "events:staff_detail"},
            # Codes the summaries carry (an event's kind, a registration's status); generic words only, since
            # a value's name holds for every app's audit lines.
            values={**dict(Event.Kind.choices), "confirmed": "已确认", "waitlisted": "候补", "offered": "已递补"},
        )
        retention.register("events.matchmaking", days=services_social.MATCH_DATA_DAYS,
                           purge=services_social.purge_match_data,
                           what="交友联谊活动的昵称、介绍和相互选择：活动结束后 30 天删除")
        home_feed.register("events", feed.home_feed)
        from niangjia.core import purposes

        purposes.register(purposes.Purpose(
            code="events", record="活动报名记录",
            data="姓名、所在工会、报名时间、候补序号、签到时间；优先类别（如一线职工）按会员档案判断，不另行收集",
            purpose="按名额和优先规则安排活动、递补和签到；疗休养核对每年一次、跨省三年一次等规定",
            basis="您的同意（报名即表示同意按上述用途处理）",
            retention="随活动档案保存；交友联谊的昵称、介绍和互选记录在活动结束 30 天后删除"))

"""zh_Hans translations of this app's UI msgids; `python -m niangjia.events.i18n_zh` writes .po and .mo."""

ZH = {
    # worker pages
    "Trips & events": "活动报名", "Log in to see the trips and events of your union and sign up.": "登录后可查看并报名本工会的疗休养和各类活动。",
    "Log in": "登录", "Registered": "已报名", "No events open to you right now.": "目前没有您可以报名的活动。",
    "My volunteer hours": "我的志愿服务时长", "registration closes %(d)s": "%(d)s 截止报名",
    "Certificate (PDF)": "时长证明（PDF）", "No confirmed volunteer hours yet.": "还没有经确认的志愿服务时长。",
    "Year %(y)s": "%(y)s 年", "%(n)s times, %(h)s hours confirmed": "%(n)s 次，已确认 %(h)s 小时",
    "Time": "时间", "Venue": "地点", "Registration closes": "报名截止", "Places": "名额", "Served first": "优先",
    "Rules": "规则", "%(c)s of %(t)s taken, %(w)s waiting": "已报 %(c)s / 共 %(t)s 个名额，候补 %(w)s 人",
    "Recuperation rules %(v)s %(ver)s: once a year; out of the province once in three years.":
        "疗休养规则（%(v)s %(ver)s）：每人每年一次；跨省疗休养 3 年内一次。",
    "You are registered.": "报名成功。", "Show this entry code at check-in.": "签到时请出示此入场码。",
    "You are number %(n)s on the waiting list.": "您在候补第 %(n)s 位。",
    "When a place frees, we message you and keep it for you for a limited time.": "有人退出时会通知您，并为您保留名额一段时间。",
    "A place is kept for you until %(t)s. Take it?": "已为您保留名额，保留到 %(t)s。确认参加吗？",
    "Yes, I will go": "确认参加", "Give the place up": "放弃名额", "Join the waiting list": "报名候补",
    "Sign me up": "我要报名", "Cancel my registration": "取消报名", "Matchmaking": "交友联谊",
    "Others see only your nickname and introduction. Mobile numbers are shown only when two people choose each other. Everything here is deleted 30 days after the event.":
        "其他人只能看到您的昵称和介绍。只有双方互相选择后，才会显示对方的手机号。活动结束 30 天后，这里的资料全部删除。",
    "Nickname": "昵称", "A few words about yourself": "简单介绍一下自己", "Save": "保存", "Mutual choices": "互选成功",
    "Chosen": "已选择", "Choose": "选择", "Nobody else has a profile yet.": "还没有其他人填写资料。",
    "Hours served": "服务时长（小时）", "Send hours": "提交时长", "All events": "全部活动",
    "You are registered. Show the entry code at check-in.": "报名成功，签到时请出示入场码。",
    "The places are full: you are number %(n)s on the waiting list. We will message you when a place frees.":
        "名额已满，您在候补第 %(n)s 位。有名额空出时会通知您。",
    "Your registration is cancelled; the place goes to the next person waiting.": "已取消报名，名额将递补给候补的人。",
    "You gave the place up.": "您已放弃名额。",
    "Chosen. If they choose you too, you will both see each other's mobile number.": "已选择。如果对方也选择了您，双方都能看到对方的手机号。",
    "Sent to the union for confirmation.": "已提交，等待工会确认。",
    # workbench
    "Events": "活动报名", "New event": "新建活动", "Open for registration": "发布并开放报名",
    "Recuperation trips, matchmaking, lectures and volunteering: places never overbook; when a place frees, the next person waiting is offered it for a limited time.":
        "疗休养、交友联谊、讲座和志愿服务：名额不会超报；有人退出时，名额按顺序限时保留给下一位候补的人。",
    "Scan tickets": "扫码签到", "Export list (Excel)": "导出名单（Excel）", "Places confirmed": "已确认", "Registration confirmed": "已确认", "Hours confirmed": "已确认",
    "Offered, awaiting answer": "已保留待确认", "Waiting list": "候补", "Open to members of": "参加范围",
    "Places per union": "各工会名额", "No per-union places: first come within the whole audience.": "未分配各工会名额：范围内先到先得。",
    "Union no.": "工会编号", "Set places for a union": "设置工会名额", "Show only": "显示", "All": "全部", "Full name": "姓名",
    "Union": "工会", "Status": "状态", "Waiting no.": "候补序号", "Registered at": "报名时间", "Checked in": "已签到",
    "Volunteer hours": "服务时长", "Confirm": "确认", "Refuse hours": "不予确认", "Nobody has registered yet.": "还没有人报名。",
    "in the province at most %(a)s days, out of it %(b)s, at most %(c)s yuan per person per day":
        "省内最多 %(a)s 天，跨省最多 %(b)s 天，每人每天最多 %(c)s 元",
    "this trip %(c)s yuan per day": "本次每人每天 %(c)s 元",
    "Scans are kept on this phone and sent when there is a network; a ticket scanned twice (here or on another phone) is checked in once and the second scan is shown as a conflict.":
        "扫码记录先保存在本机，有网络时自动上传；同一张入场码被扫两次（本机或其他手机）只签到一次，第二次显示为重复。",
    "Use the camera": "打开摄像头扫码", "Or paste / type the code": "或粘贴/输入入场码", "Check in": "签到",
    "waiting to be sent": "条待上传", "Send now": "立即上传", "Saved on this phone, waiting for the network": "已保存在本机，等待上传",
    "Already checked in": "重复签到", "Not a valid ticket": "无效的入场码",
    "No.": "编号", "Event title": "活动名称", "Kind": "类型", "Organiser": "主办工会", "Starts": "开始时间",
    "Event title or no.": "活动名称或编号", "No events yet.": "还没有活动。", "The event is open for registration.": "活动已发布，开放报名。",
    "Choose a union and enter a whole number of places.": "请填写工会编号和整数名额。", "Saved.": "已保存。",
    # form
    "About the event": "活动介绍", "Starts at": "开始时间", "Ends at": "结束时间",
    "Out of the province (recuperation)": "跨省（疗休养）", "Cost per person per day, yuan (recuperation)": "每人每天费用（元，疗休养）",
    "Share of places kept for them (%)": "为优先人群保留的名额比例（%）", "Hours to accept a freed place": "递补名额保留时长（小时）",
    "None": "无", "Front-line workers": "一线职工", "Model workers": "劳动模范", "Women workers": "女职工",
    "Young workers (35 or under)": "青年职工（35 周岁以下）",
    # lottery and congress places
    "Places drawn by lot after registration closes": "报名截止后抽签确定名额", "places drawn by lot": "抽签确定名额",
    "The draw is done and published.": "已抽签并公布结果。", "Enter the resolution number and a whole number of places.": "请填写决议编号和整数名额。",
    "Drawn at %(t)s with the published seed “%(s)s”; the waiting numbers below are the draw order.": "已于 %(t)s 用公开种子“%(s)s”抽签；下表候补序号即抽签顺序。",
    "Published seed (e.g. the day's public lottery number)": "公开的抽签种子（例如当天公开的开奖号码）", "Draw the places": "抽签",
    "Resolution no.": "决议编号", "Places as the workers' congress approved": "按职代会决议设置名额",
    "approved by the workers' congress (resolution no. %(n)s)": "职代会决议（第 %(n)s 号议题）通过",
    "Places were drawn by lot with the published seed “%(s)s”.": "名额已按公开种子“%(s)s”抽签确定。",
    "Places are drawn by lot after registration closes; everyone who applies in time has the same chance.": "报名截止后抽签确定名额，按时报名的人机会均等。",
    "Your application is in; the draw is after registration closes.": "报名已收到，报名截止后抽签。",
    # models
    "Recuperation trip": "疗休养", "Lecture": "讲座", "Volunteering": "志愿服务", "region": "地区", "rule name": "规则名称",
    "version": "版本", "once a year": "每年一次", "cross-province at most once in (years)": "跨省最多几年一次",
    "days in the province at most": "省内最多天数", "days out of the province at most": "跨省最多天数",
    "cost per person per day at most (yuan)": "每人每天费用上限（元）", "cost per person per trip at most (yuan)": "每人每次费用上限（元）",
    "front-line share at least": "一线职工比例下限", "source": "依据", "Registration open": "报名中", "Event cancelled": "已取消", "Registration cancelled": "已取消",
    "organising union": "主办工会", "open to members of": "参加范围", "kind": "类型", "event title": "活动名称",
    "about the event": "活动介绍", "place": "地点", "out of the province": "跨省", "cost per person per day (yuan)": "每人每天费用（元）",
    "starts at": "开始时间", "ends at": "结束时间", "registration opens": "报名开始", "registration closes": "报名截止",
    "places": "名额", "hours to accept an offered place": "递补名额保留时长（小时）", "members only": "仅限会员",
    "status": "状态", "On the waiting list": "候补中", "Place offered": "已保留名额待确认", "Offer declined": "已放弃递补",
    "Offer expired": "递补已过期", "Accepted": "已接受", "Declined": "已放弃", "Expired": "已过期",
    "Awaiting confirmation": "待确认", "Not confirmed": "未确认",
}


def build(path_base: str, table: dict) -> None:
    import polib

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_Hans",
                   "Plural-Forms": "nplurals=1; plural=0;"}
    for msgid, msgstr in table.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save(path_base + ".po")
    po.save_as_mofile(path_base + ".mo")


if __name__ == "__main__":
    import os

    build(os.path.join(os.path.dirname(__file__), "locale/zh_Hans/LC_MESSAGES/django"), ZH)

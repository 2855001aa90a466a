"""zh_Hans translations of this app's UI msgids; `python -m niangjia.news.i18n_zh` writes .po and .mo."""

ZH = {
    # models and choices
    "Notice": "通知", "Policy digest": "惠企政策汇编", "News": "资讯",
    "Members and staff of the unions below": "所选工会及下级工会的会员和工作人员",
    "Staff of the unions below": "所选工会及下级工会的工作人员", "Holders of the chosen roles": "指定角色的人员",
    "Named people": "指定人员", "Draft": "草稿", "Scheduled": "定时发布", "Published": "已发布", "Withdrawn": "已撤回",
    "publishing union": "发布单位", "kind": "类型", "notice title": "标题", "notice summary": "摘要", "notice body": "正文",
    "notice audience": "接收范围", "unions below": "接收工会", "roles": "角色", "public": "公开",
    "publish at": "定时发布时间", "published at": "发布时间", "status": "状态",
    "remind unread after (days)": "未读提醒（天）",
    "Staff": "工作人员", "Approver": "审批人", "Administrator": "管理员", "Social worker": "社会化工作者",
    "Volunteer lawyer": "志愿律师", "Psychologist": "心理咨询师", "Employer": "企业方", "Supplier": "供应商",
    "Judge": "评审专家", "Delegate": "职工代表",
    # form
    "Publishing union": "发布单位", "Kind": "类型", "Notice title": "标题", "Summary (optional, one line)": "摘要（选填，一行）",
    "Notice text": "正文", "Who receives it": "接收对象", "Unions below (a subtree of the tree)": "接收范围（所选工会及其下级）",
    "Roles": "角色", "Mobile numbers of the named people, one per line": "指定人员的手机号，每行一个",
    "Public: also on the home page and the public notice page": "公开：同时显示在首页和公开通知页（无需登录）",
    "Publish at (leave empty to publish now or keep as draft)": "定时发布时间（不填则立即发布或保存为草稿）",
    "Remind unread recipients after (days, 0 = never)": "多少天后提醒未读人员（0 表示不提醒）", "Reason": "原因",
    "(only when sending to holders of chosen roles)": "（仅在发送给指定角色时选择）",
    "Attachments (PDF or images, up to 10 MB each)": "附件（PDF 或图片，每个不超过 10 MB）",
    "Publish now": "立即发布", "Save (scheduled when a time is set, otherwise draft)": "保存（填了时间则定时发布，否则存为草稿）",
    # reader pages
    "Notices": "通知公告", "%(n)s unread": "%(n)s 条未读", "Unread": "未读",
    "Public notices of the federation. Log in to see the notices sent to you.": "总工会公开发布的通知。登录后可查看发给您的通知。",
    "No notices yet.": "还没有通知。", "Previous": "上一页", "Next": "下一页",
    "Preview for staff — this notice is %(s)s.": "工作人员预览：这条通知目前为“%(s)s”。", "Attachments": "附件",
    "All notices": "全部通知",
    # workbench
    "No.": "编号", "Notice recipients": "应读人数", "Read": "已读", "Read rate": "阅读率",
    "Title or no.": "标题或编号", "Write a notice": "发布通知",
    "Notices and policy digests reach the unions and people you choose; each recipient's reading is recorded, and unread recipients are reminded after the days you set.":
        "通知和惠企政策汇编发送到您选择的工会和人员；每位接收人的阅读情况都有记录，超过设定天数未读的会收到提醒。",
    "Published to %(n)s recipients.": "已发布，共 %(n)s 位接收人。", "Saved.": "已保存。", "Withdrawn.": "已撤回。",
    "Reminded %(n)s unread recipients.": "已提醒 %(n)s 位未读人员。", "Public": "公开",
    "View as a reader": "以读者身份查看", "Remind unread now": "立即提醒未读", "Export read rates (Excel)": "导出阅读率（Excel）",
    "Publish at": "定时发布时间", "Reminder": "未读提醒",
    "unread recipients are reminded after %(d)s days": "发布 %(d)s 天后提醒未读人员", "no reminder": "不提醒",
    "reminded": "已提醒", "Read receipts": "阅读回执", "%(r)s of %(t)s read (%(p)s)": "已读 %(r)s / 应读 %(t)s（%(p)s）",
    "Union": "工会", "Nobody was in the audience.": "接收范围内没有人。", "Recipients of this union": "本工会的接收人",
    "Full name": "姓名", "Read at": "阅读时间", "Withdraw, with a reason": "撤回（须写明原因）", "Withdraw": "撤回",
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

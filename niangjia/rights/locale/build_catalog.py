"""Builds the zh_Hans catalog of the rights app (msgid → Chinese) and compiles it with polib.

Run: .venv/bin/python niangjia/rights/locale/build_catalog.py
"""

from pathlib import Path

import polib

ZH = {
    "Name of the day": "节假日名称",
    "No day entered yet: the built-in State Council notices apply. Enter a day with the form above.":
        "尚未录入日期：按内置的国务院放假通知执行。可用上方表单录入。",
    "A word of the group": "组内任一词语",
    "No synonym group yet. Add one with the form above.": "还没有同义词组。请用上方表单添加。",
    "Title or question": "标题或问题", "No article yet.": "还没有解答。",
    "Union or supervisor": "工会或督办人", "Staff or union": "值班人员或工会", "Period": "时段",
    "Past shifts": "已过去的班次", "All shifts": "全部班次", "From today on": "今天及以后",
    "No shifts planned. Add one with the form above.": "尚未排班。请用上方表单添加班次。",
    "Agreement reached": "已达成协议", "All": "全部", "All categories": "全部类别", "All statuses": "全部状态",
    "Answers": "常见问题解答", "Ask for help": "我要求助", "Assign": "分派", "Assign to": "分派给",
    "Book": "预约", "Book a lawyer or psychologist": "预约律师或心理咨询师", "Booked appointments": "已预约",
    "Booked. We will remind you the day before.": "预约成功，我们会在前一天提醒您。",
    "By category": "按类别", "By month": "按月份", "Cancel": "取消", "Cancelled": "已取消",
    "Case statistics": "维权工单统计", "Cases": "工单数", "Category": "问题类别", "Channel": "渠道",
    "Choose…": "请选择…", "Close": "关闭", "Comment (optional)": "评价（选填）", "Contact": "联系方式",
    "Day": "日期", "Day 08:00–16:00": "白班 08:00–16:00",
    "Describe the problem: when, which employer, what you want": "请描述问题：什么时间、哪家单位、您希望得到什么帮助",
    "Done.": "已完成。", "Due": "期限", "Duty roster": "值班表", "Employer (optional)": "用人单位（选填）",
    "Evening 16:00–24:00": "晚班 16:00–24:00", "Evidence (PDF, JPG or PNG, optional)": "证据材料（PDF、JPG 或 PNG，选填）",
    "Export Excel": "导出 Excel", "Filter": "筛选", "First reply median / p90 (h)": "首次响应 中位数 / P90（小时）",
    "For reference only; ask us if your situation differs.": "仅供参考；如果您的情况不同，请直接向我们求助。",
    "Free slots": "可预约时段", "Handler": "经办人", "Hotline": "热线",
    "Hotline staff answer 24 hours a day. What you tell a psychologist stays between you and them.":
        "热线 24 小时有人接听。您对心理咨询师说的话只有您和咨询师知道。",
    "How satisfied are you?": "您对处理结果满意吗？", "How should we contact you?": "希望我们怎样联系您？",
    "In mediation": "调解中", "In person": "到场面谈", "In-app message": "站内消息", "Incoming call": "来电",
    "Lawyers": "律师", "Layoff plan": "裁员计划", "Legal & counselling": "维权与咨询", "Legal basis": "法律依据",
    "Meeting link or address": "会议链接或地址", "Mine": "我的", "Minutes": "时长（分钟）", "My bookings": "我的预约",
    "My cases": "我的求助", "My counselling": "我的咨询", "Night 00:00–08:00": "夜班 00:00–08:00",
    "No cases yet.": "还没有求助记录。", "No cases.": "没有工单。", "No free slots right now.": "暂时没有可预约的时段。",
    "No notes yet.": "暂无记录。", "No reply yet": "未首次响应", "No shifts planned.": "未排班。", "None yet.": "暂无。",
    "Not solved — reopen": "问题没解决，重新打开", "Nothing found. Ask us directly.": "没有找到相关解答，请直接向我们求助。",
    "Number": "编号", "Offline": "线下", "On duty now": "当前值班", "Online": "在线", "Online meeting": "线上视频",
    "Only you and your psychologist can read this.": "只有您和您的心理咨询师能看到这些内容。",
    "Open case": "打开工单", "Overdue": "超期", "Overdue only": "只看超期", "Phone": "电话", "Phone call": "电话",
    "Production suspension": "停产", "Progress": "处理进度", "Psychologist": "心理咨询师",
    "Psychologists": "心理咨询师", "Publish slot": "发布时段", "Rate": "提交评价", "Referred to arbitration": "转仲裁",
    "Reply": "回复", "Reply to the worker / note": "回复职工 / 处理说明",
    "Resolution median / p90 (h)": "解决时长 中位数 / P90（小时）", "Resolve": "办结", "Rights & hotline": "维权与热线",
    "SLA breach rate": "超时率", "Satisfaction": "满意度", "Save": "保存", "Saved.": "已保存。",
    "Search answers, e.g. unpaid wages": "搜索常见问题，例如：拖欠工资", "Send reply": "发送回复",
    "Session notes": "咨询记录", "Shift": "班次", "Slot published.": "时段已发布。", "Staff": "值班人员",
    "Start": "开始处理", "Statistics": "统计", "Status": "状态", "Still need help? Ask us": "还需要帮助？向我们求助",
    "Submit": "提交", "Submitted. We will contact you before %(day)s.": "已提交，我们会在 %(day)s 前联系您。",
    "Text message": "短信", "Thank you for your rating.": "感谢您的评价。", "The booking is cancelled.": "预约已取消。",
    "The case is open again.": "工单已重新打开。", "These answers may help you": "这些解答也许能帮到你",
    "Title": "标题", "Union": "工会", "Volunteer lawyer": "志愿律师", "What happened?": "遇到了什么问题？",
    "What would you like to talk about? (optional)": "想聊些什么？（选填）", "Why is it not solved?": "还有什么没解决？",
    "Your rating": "您的评价", "min": "分钟", "nobody on the roster": "无人值班", "reply due": "响应期限",
    "resolution due": "办结期限", "Layoff or suspension": "裁员或停产", "Employer risk": "劳动关系预警",
    "Letters": "监督意见书", "Mediation": "劳动争议调解",
    "Add follow-up": "添加跟进", "Add session": "添加调解记录", "Agreed": "协议金额", "Amount": "金额",
    "Amount recovered": "追回金额", "Answer due": "答复期限", "Answered": "已答复", "Assessed": "评估时间",
    "By union": "按工会", "Claim item": "请求事项", "Delivered": "送达日期", "Disputes resolved": "调解成功",
    "Employer": "用人单位", "Employer USCC": "统一社会信用代码", "Employer confirmed": "用人单位确认",
    "Follow-up": "跟进情况", "I confirm the agreement": "我确认调解协议", "Issue": "制发", "Issue a letter": "制发文书",
    "Issues found": "发现的问题", "Level": "预警等级", "Log delivery": "登记送达", "Open": "立案",
    "Open a mediation": "新建调解", "Opinion letters": "意见书", "Overdue answers": "逾期未答复",
    "Participants": "参加人员", "Reason": "原因", "Reasons": "预警原因", "Recipient": "收件单位",
    "Record agreement": "记录调解协议", "Record response": "登记答复", "Rectified": "已整改", "Rectify by": "整改期限",
    "Refer to arbitration": "转劳动仲裁", "Report": "上报", "Report a layoff plan or production suspension": "上报裁员计划或停产",
    "Required rectification": "整改要求", "Response": "答复内容", "Suggestion letters": "建议书",
    "Supervision letters": "劳动法律监督文书", "Terms": "协议条款", "Worker": "职工", "Worker confirmed": "职工确认",
    "yuan": "元", "Add to roster": "排班", "Remove": "移除", "New hotline case": "热线建单",
    "Letters and mediation statistics": "监督文书与调解统计", "All unions in my scope": "我管辖的全部工会",
    "Amount recovered for workers": "维权金额（为职工追回）", "Letters issued by kind, per month": "每月制发文书（按种类）",
    "Disputes resolved and amount recovered, per month": "每月调解成功件数与维权金额",
    "Letters by union": "各工会制发文书", "Amount recovered by union": "各工会维权金额", "cases": "件",
    "Charts and Excel": "统计图表与 Excel",
    "Add group": "添加同义词组", "Answer": "答复情况", "Answer text": "解答", "Awaiting legal review (待法律审核)": "待法律审核",
    "Awaiting legal review only": "只看待法律审核", "Date": "日期", "Edit": "编辑", "Edit article": "编辑解答",
    "First response (working days)": "首次响应（工作日）", "Holidays": "节假日",
    "In working days. A change applies to cases opened from now on; open cases keep the deadlines they were promised.":
        "单位为工作日。修改只对此后新建的工单生效；已有工单保持原定期限。",
    "Kind": "类型", "Knowledge base": "知识库", "Legal review": "法律审核", "Main word": "主词",
    "Make-up working weekend": "调休上班", "Name": "名称", "New article": "新建解答",
    "No supervisor set: overdue cases go to the admins and approvers above each union.":
        "尚未设置督办人：超期工单将通知各工会上级的管理员和审批人。",
    "Other words (separate with 、 or spaces)": "同义词（用“、”或空格分隔）", "Public holiday (no work)": "法定节假日（休息）",
    "Question (as a worker would ask it)": "问题（按职工的说法）", "Remove this day?": "确定删除这一天吗？",
    "Remove this group?": "确定删除这组同义词吗？", "Resolution (working days)": "办结时限（工作日）", "Review": "审核",
    "Reviewed": "已审核", "Reviewed by (union lawyer)": "审核律师", "Reviewed by %(who)s on %(on)s": "已由 %(who)s 于 %(on)s 审核",
    "Reviewed on": "审核日期", "Search synonyms": "搜索同义词", "Service levels": "办理时限", "Settings": "设置",
    "Since": "设置时间", "Statute basis (law and article)": "法律依据（法律名称及条款）", "Supervisor": "督办人",
    "Supervisors": "督办人",
    "Volunteers": "志愿者", "Volunteer lawyers and psychologists": "志愿律师与心理咨询师",
    "Adding a volunteer gives them the role at the union and a profile: cases can be assigned to them and they can publish 1-on-1 slots. They see only the cases assigned to them. Pausing keeps their history but takes them out of assignment and booking.":
        "添加志愿者会在该工会授予其相应角色并建立档案：可以给他分派工单，他也可以发布一对一预约时段；他只能看到分派给自己的工单。暂停后保留历史记录，但不再参与分派和预约。",
    "Mobile number of a registered, verified account": "已注册并实名认证的手机号", "Volunteer as": "志愿身份",
    "Name shown to workers": "对职工显示的称呼", "e.g. 张律师（某某律师事务所）": "如：张律师（某某律师事务所）",
    "Short introduction (optional)": "简介（选填）", "Add": "添加", "Paused": "已暂停", "Pause": "暂停",
    "Resume": "恢复", "No volunteer yet.": "还没有志愿者。", "Mobile number": "手机号",
    "Untick the mark only after a union lawyer has checked the answer; their name and the date are then required.":
        "只有在工会律师审核解答后才能取消此标记，并须填写审核律师和审核日期。",
    "When a case passes its resolution deadline, the supervisor of the case's union (or of the nearest union above it with one) is told. For a case handled by a volunteer lawyer or psychologist, the supervisor of the union whose duty roster they serve on is told. Where no supervisor is set, the admins and approvers above the case's union are told.":
        "工单超过办结期限时，通知该工单所属工会的督办人（未设置时向上找最近设置了督办人的工会）。由志愿律师或心理咨询师承办的工单，通知其值班所在工会的督办人。都未设置时，通知该工会上级的管理员和审批人。",
    "Words": "同义词", "default": "默认",
    "Words in one group find each other's answers in the knowledge-base search, e.g. 降薪 ~ 减工资 ~ 工资降低. Common typos can be added as synonyms too.":
        "同一组里的词在知识库搜索中互相通用，例如 降薪 ~ 减工资 ~ 工资降低。常见错别字也可以作为同义词加入。",
    "Working-day deadlines (case SLAs, letter answers) skip weekends and the public holidays below; a weekend marked as a make-up working day counts as a working day.":
        "按工作日计算的期限（工单时限、监督文书答复期限）跳过周末和下列法定节假日；标为调休上班的周末按工作日计算。",
    "e.g. My boss cut my wages. What can I do?": "例如：老板要降工资怎么办？", "e.g. Spring Festival": "例如：春节",
    "— none (admins and approvers above) —": "— 不设置（通知上级管理员和审批人）—",
    "Red": "红", "Yellow": "黄", "Green": "绿", "Employers by risk level": "各预警等级的企业数",
    "Union handling the case": "承办工会", "Publish a free slot": "发布可预约时段", "Starts at": "开始时间",
    "Mode": "方式", "By area": "按地区", "Risk map by area": "分地区预警一览", "Risk level": "预警等级",
    "Deadlines": "文书与预约期限",
    "Letter answers count working days on the holiday calendar. A change applies from now on; letters already delivered keep their due dates.":
        "监督文书答复期限按节假日日历计算工作日。修改从现在起生效；已送达文书的期限不变。",
    "Default: %(n)s": "默认：%(n)s", "Year": "年份", "Built-in data": "内置数据", "Days entered here": "本页登记天数",
    "Built in: the State Council's annual holiday notices (public holidays and make-up working days) from the chinese-calendar package. A day entered below overrides the built-in data; enter a later year's notice here when it is published.":
        "内置：国务院办公厅每年的节假日安排通知（放假日和调休上班日），数据来自系统自带的节假日数据包。下面登记的日期优先于内置数据；以后年份的通知发布后，请在此登记。",
    "State Council notice": "国务院通知", "Statutory days only: enter the notice's bridge days and make-up working days":
        "仅有法定假日：请登记通知中的调休放假日和调休上班日",
    "None: enter this year's notice": "无数据：请登记当年的放假通知",
    "Ask us for help": "向我们求助", "Not what you need?": "没有找到想要的？",
    "Similar questions (how workers ask it, one per line)": "相似问法（职工的各种问法，每行一个）",
    "Caller number": "来电号码", "From": "起", "To": "止", "By channel": "按渠道", "Caller's question": "来电内容登记",
    'Sent. Union staff will see it on your case.': '已发送，工会工作人员会在求助记录里看到。',
    'What you sent': '您提交的材料',
    'Conversation and progress': '沟通与进度',
    'Add a message': '补充留言',
    'Anything new? Staff will see it here.': '有新情况？写在这里，工作人员会看到。',
    'Photos (optional)': '照片（选填）',
    'Sending…': '正在发送…',
    'Send': '发送',
    'Message from the worker': '职工留言',
    'Confirm the booking': '确认预约',
    'Back': '返回',
    'Cancel the booking': '取消预约',
    'Cancel this booking?': '确定取消这次预约吗？',
    'Yes, cancel it': '确定取消',
    'Keep the booking': '不取消',
    'Join the online meeting': '进入线上会议',
    'Call the hotline %(number)s': '拨打热线 %(number)s',
    'Urgent? Talk to someone now:': '情况紧急？马上找人说：',
    # issue 12 (helper grid)
    'Employer name or USCC': '用人单位名称或统一社会信用代码',
    'No employer is assessed yet. Report a layoff plan or production suspension below; the nightly assessment adds employers with cases or reports.': '还没有被评估的用人单位。可在下方报告裁员计划或停产停业；每晚的评估会加入有工单或报告的用人单位。',    'Serving': '在岗',
    'Name or union': '称呼或工会',
    'No volunteer yet. Add a lawyer or psychologist with the form above.': '还没有志愿者。请用上面的表单添加律师或心理咨询师。',
}


# Linked records, the mediation and letter grids and bulk assignment (entries that were in the .po only).
ZH.update({
    'Linked records': '关联记录',
    'No mediation or supervision letter yet.': '还没有调解或监督文书。',
    'Start a mediation from this case': '由本工单发起调解',
    'Write a supervision letter from this case': '由本工单制发监督文书',
    'From case %(number)s (%(union)s): the worker, employer and claim are taken over from the case; the worker can confirm the agreement on their phone.': '来自工单 %(number)s（%(union)s）：职工、用人单位和请求事项已从工单带入，职工可以在手机上确认协议。',
    'From case %(number)s: issued by %(union)s; the employer and the facts are taken over from the case.': '来自工单 %(number)s：由%(union)s制发，用人单位和事实已从工单带入。',
    'From case': '来自工单',
    'Start the mediation': '发起调解',
    'Case': '来源工单',
    'Opened': '发起日期',
    'Waiting for the answer': '待答复',
    'Answer overdue': '逾期未答复',
    'Number, recipient, USCC or case number': '文号、收件单位、信用代码或工单号',
    'Worker, employer, USCC or case number': '职工、用人单位、信用代码或工单号',
    'No supervision letters yet. Issue one above, or from a rights case.': '还没有监督文书。可以在上方制发，或从维权工单制发。',
    'No mediations yet. Open one above, or from a rights case.': '还没有调解。可以在上方发起，或从维权工单发起。',
    'Assign selected': '批量分派',
    'Assign cases together': '批量分派维权工单',
    'assign': '分派',
})


def build() -> None:
    here = Path(__file__).parent / "zh_Hans" / "LC_MESSAGES"
    po = polib.POFile()
    po.metadata = {"Project-Id-Version": "niangjia-rights", "Language": "zh_Hans",
                   "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit", "Plural-Forms": "nplurals=1; plural=0;"}
    for msgid, msgstr in sorted(ZH.items()):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save(str(here / "django.po"))
    po.save_as_mofile(str(here / "django.mo"))


if __name__ == "__main__":
    build()

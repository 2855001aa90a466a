"""Builds the zh_Hans catalog of the congress app (msgid → Chinese) and compiles it with polib.

Run: .venv/bin/python niangjia/congress/locale/build_catalog.py
"""

from pathlib import Path

import polib

ZH = {
    "Composition": "构成", "Name or delegation": "姓名或代表团（组）",
    "Middle managers and above": "中层以上管理人员", "Front-line workers": "一线职工", "Women workers": "女职工",
    "Young workers (under 35)": "青年职工（35 周岁以下）",
    "No delegates yet. Import them from Excel with the form below.": "还没有代表。请用下方表单从 Excel 导入代表名单。",
    "Workers' congress": "职代会", "Planned": "未开始", "In progress": "进行中", "Closed": "已结束",
    "Checked in on the phone": "手机签到", "Paper roll call by staff": "工作人员纸质点名",
    "Resolution": "决议", "Election": "选举", "Draft collective contract": "集体合同草案",
    "Not open yet": "未开始表决", "Voting": "表决中",
    "There is no sitting in progress for you. When your congress meets, check in and vote here.":
        "您当前没有正在进行的职代会会议。开会时可以在这里签到和表决。",
    "Expected %(t)s, present %(p)s, quorum %(q)s": "应到 %(t)s 人，实到 %(p)s 人，法定 %(q)s 人",
    "Checked in": "已签到", "Check in": "签到", "Delegation": "代表团", "secret ballot": "无记名投票",
    "You have voted": "您已投票", "Passed": "通过", "Not passed": "未通过",
    "You are checked in.": "签到成功。", "Your vote is counted.": "投票成功，已计入。",
    "The sitting has started.": "会议已开始。", "The motion is added.": "议题已添加。",
    "Recorded as present.": "已登记到会。", "Voting is open.": "表决已开始。",
    "Voting is closed and counted.": "表决已结束并完成计票。",
    "%(n)s delegates": "代表 %(n)s 人", "No congress in your unions yet.": "您所辖工会还没有职代会。",
    "Quorate": "达到法定人数", "Below quorum": "不足法定人数",
    "Delegates: %(t)s; middle managers %(m)s, front-line %(f)s, women %(w)s, young %(y)s":
        "代表 %(t)s 人：中层以上管理人员 %(m)s 人，一线职工 %(f)s 人，女职工 %(w)s 人，青年职工 %(y)s 人",
    "Start the sitting": "开始会议", "Delegate number (paper roll call)": "代表编号（纸质点名）",
    "Record as present": "登记到会", "Open voting": "开始表决", "Close voting and count now?": "现在结束表决并计票吗？",
    "Close and count": "结束表决并计票", "Size": "人数", "New motion": "新建议题", "Title": "名称", "Kind": "类型",
    "Secret ballot": "无记名投票", "Add the motion": "添加议题",
    "Voting can open once the quorum is present": "到会人数达到法定人数后才能开始表决",
    # proposals (提案)
    "%(n)s seconders (at least %(m)s needed)": "附议 %(n)s 人（至少需要 %(m)s 人）",
    "%(n)s seconders so far; at least %(m)s are needed to submit.": "目前附议 %(n)s 人，至少 %(m)s 人附议后才能提交。",
    "Accept as a proposal": "立案", "Accepted as a proposal": "已立案", "Add the department": "添加部门",
    "Add the enterprise's departments first (on the proposals page).": "请先在提案管理页面添加本单位的部门。",
    "All": "全部", "All proposals": "全部提案", "Answered, awaiting the proposer's rating": "已答复，待提案人评价",
    "Archive": "归档", "Archived": "已归档", "Assign": "交办", "Assign (交办)": "交办", "Assigned to a department": "已交办",
    "Awaiting rating": "待评价", "Awaiting reply": "待答复", "Co-departments": "协办部门", "Collecting seconders": "征集附议中",
    "Committee's note": "审查意见", "Congress": "职代会", "Congress proposals": "职代会提案", "Contact person": "联系人",
    "Days to reply (counted from tomorrow)": "答复期限（天，从次日起算）", "Department name": "部门名称",
    "Department's reply": "部门答复", "Departments that answer proposals": "承办提案的部门",
    "How satisfied are you with the reply?": "您对答复满意吗？", "Lead department": "主办部门", "Make a proposal": "提出提案",
    "Mostly satisfied": "基本满意", "My proposals": "我的提案", "No proposal is seeking seconders now.": "目前没有征集附议的提案。",
    "No proposals yet. Delegates draft them on the phone under 职代会 → 提案.": "还没有提案。代表在手机上“职代会 → 提案”中提出。",
    "No.": "编号", "No. %(n)s": "第 %(n)s 号", "Note (required when turned into an opinion)": "审查意见（转为意见建议时必填）",
    "One issue per proposal. After saving, ask at least two other delegates to second it, then submit it to the proposal committee.":
        "一事一案。保存后请至少 2 名其他代表附议，再提交提案委员会审查。",
    "Only congress delegates make and second proposals.": "只有职代会代表可以提出和附议提案。", "Overdue": "逾期",
    "Overdue (follow up)": "逾期待督办",
    "Overdue: the reply was due on %(d)s. Followed up %(n)s times.": "已逾期：应于 %(d)s 前答复，已督办 %(n)s 次。",
    "Proposals": "提案", "Proposals seeking seconders": "征集附议的提案", "Proposed measures": "建议措施", "Proposer": "提案人",
    "Rated": "已评价", "Rating": "评价", "Reasons for the proposal": "理由", "Record a follow-up (督办)": "登记督办", "Record the reply": "登记答复",
    "Reply": "答复", "Reply due": "答复期限", "Reply of %(d)s": "%(d)s的答复", "Review (立案)": "审查立案", "Satisfied": "满意",
    "Save the proposal": "保存提案", "Second this proposal": "附议这件提案", "Seconders": "附议人", "Status": "状态",
    "Subject": "案由", "Subject (案由)": "案由", "Subject, proposer or number": "案由、提案人或编号",
    "Submit to the committee": "提交提案委员会", "Submitted, under review": "已提交，审查中",
    "Thank you, your rating is recorded.": "谢谢，您的评价已记录。", "The department is added.": "部门已添加。",
    "The department's reply is recorded.": "部门答复已登记。", "The follow-up is recorded.": "督办已登记。",
    "The proposal is archived.": "提案已归档。", "The proposal is assigned.": "提案已交办。",
    "The proposal is submitted to the committee.": "提案已提交提案委员会。", "The review is recorded.": "审查结果已登记。",
    "Total": "合计", "Turn into an opinion": "转为意见建议", "Turned into an opinion": "已转为意见建议", "Under review": "待审查",
    "Unsatisfied": "不满意", "Unsatisfied sends the proposal back to the department once for a new reply.":
        "选择“不满意”，提案将退回部门重新答复一次。",
    "You have made no proposal yet.": "您还没有提出提案。", "You have seconded": "您已附议",
    "You have seconded this proposal.": "附议成功。",
    "Your proposal is saved. Ask at least two delegates to second it, then submit it.": "提案已保存。请至少 2 名代表附议后提交。",
    "co-departments": "协办部门", "none yet": "暂无", "opinion": "意见建议", "sent back once after an unsatisfied rating": "因评价不满意已退回重办一次",
    # proxies, paper ballots, elections, results
    "%(g)s (No. %(gn)s) is represented by %(h)s (No. %(hn)s)": "%(g)s（%(gn)s 号）由%(h)s（%(hn)s 号）受托出席",
    "%(n)s seats": "应选 %(n)s 名", "Absent delegate number": "委托人（缺席代表）编号",
    "Ballot for %(g)s (proxy)": "代%(g)s投票（受托）", "Candidates": "候选人", "Candidates, one per line": "候选人，每行一名",
    "Cast the ballot": "投票", "Count the paper ballot": "录入纸质票", "Delegate number (paper ballot)": "代表编号（纸质票）",
    "Disable proxies": "停用委托投票", "Enable proxies": "启用委托投票",
    "For an election: the number of seats, and one candidate per line (more candidates than seats).":
        "选举议题：填写应选人数，候选人每行一名（差额选举，候选人数须多于应选人数）。",
    "Mark at most %(n)s candidates": "最多选 %(n)s 人", "Proxies": "委托投票", "Proxy holder number": "受托人编号",
    "Record the proxy": "登记委托", "Recorded before the sitting starts; the holder must be present and holds at most one proxy.":
        "须在会议开始前登记；受托人必须到会，每人至多接受一名代表的委托。",
    "Remove": "撤销", "Resolution (PDF)": "决议（PDF）", "Saved.": "已保存。", "Seats": "应选人数", "Tallies (Excel)": "计票表（Excel）",
    "The paper ballot is counted.": "纸质票已计入。", "The proxy is recorded.": "委托已登记。", "The proxy is removed.": "委托已撤销。",
    "Voted": "已投票", "elected": "当选", "enabled": "已启用", "not enabled": "未启用", "of whom %(n)s by proxy": "其中委托出席 %(n)s 人",
    "tied, to be decided": "得票相同，须另行确定",
    # delegates import
    "%(n)s delegates imported.": "已导入 %(n)s 名代表。",
    "All or nothing: if any row is wrong, nothing is imported and every wrong row is listed. Women and young workers are taken from the member records.":
        "整份导入：只要有一行有问题，就一行也不导入，并列出所有问题行。女职工、青年职工按会员档案（性别、出生日期）认定。",
    "Category": "类别", "Choose an Excel file first.": "请先选择 Excel 文件。",
    "Composition of the %(t)s delegates (policies: 企业民主管理规定)": "代表构成（共 %(t)s 人，依据《企业民主管理规定》）",
    "Delegates": "代表", "Delegates and import": "代表名单与导入", "Delegations": "代表团", "Download the template": "下载导入模板",
    "Excel file": "Excel 文件", "Import": "导入", "Import delegates from Excel": "从 Excel 导入代表", "Line %(n)s": "第 %(n)s 行",
    "No delegates yet.": "还没有代表。", "Rule": "要求", "Share": "占比", "does not meet": "不符合", "meets": "符合",
    # live listeners
    "Agenda": "议程", "Expected": "应到", "Live": "直播中", "Live: workers' congress": "云听会", "No motion yet.": "暂无议题。",
    "present": "实到", "quorum": "法定", "Follow live": "云听会（直播）",
    "Delegation name": "代表团名称", "Make the elected delegates": "当选人成为代表",
    "Make all elected candidates delegates of this delegation?": "将全部当选人设为这个代表团的代表？",
    "%(n)d elected candidates are now delegates.": "%(n)d 名当选人已成为本届代表。",
    "Write in someone else (a member of this union)": "另选他人（填写本单位会员）",
    "Full name; separate several names with 、": "填写姓名，多人用顿号“、”分隔",
    "(written in)": "（另选他人）", "Written in (names)": "另选他人（姓名）",
    "Election rules": "选举设置", "Election rules (candidates ≥ %(p)s%% of seats)": "选举设置（差额率 %(p)s%%）",
    "Minimum share of candidates (差额率)": "候选人差额率",
    "Every election needs more candidates than seats. On top of that, an election needs at least this percentage of the seats as candidates, rounded up: enter 120 if your election rules (选举办法) require 20 per cent more candidates than seats, or 100 for only “more than the seats”. It applies to elections created after the change.":
        "每次选举的候选人数都须多于应选人数（差额选举）。此外，候选人数不得少于应选人数乘以这个百分比（向上取整）：选举办法规定差额 20% 的填 120；只要求多于应选人数的填 100。修改后对新建的选举生效。",
    "Candidates as a percentage of seats (%(low)s–%(high)s)": "候选人数占应选人数的百分比（%(low)s–%(high)s）",
    "What %(p)s%% means": "差额率 %(p)s%% 时", "Candidates needed": "至少需要候选人",
    "Back to the congresses": "返回职代会列表",
    "Committee's evaluation of the handling": "提案委员会评定", "Grade of the handling": "办理情况评定",
    "Save the grade": "保存评定", "Best proposal": "最佳提案", "Withdraw the best-proposal choice": "取消最佳提案",
    "Choose as a best proposal": "评为最佳提案",
}


def build() -> None:
    here = Path(__file__).parent / "zh_Hans" / "LC_MESSAGES"
    here.mkdir(parents=True, exist_ok=True)
    po = polib.POFile()
    po.metadata = {"Project-Id-Version": "niangjia-congress", "Language": "zh_Hans", "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                   "Plural-Forms": "nplurals=1; plural=0;"}
    for msgid, msgstr in sorted(ZH.items()):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save(str(here / "django.po"))
    po.save_as_mofile(str(here / "django.mo"))


if __name__ == "__main__":
    build()

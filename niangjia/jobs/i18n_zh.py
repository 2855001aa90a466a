"""zh_Hans translations of this app's UI msgids; `python -m niangjia.jobs.i18n_zh` writes .po and .mo."""

ZH = {
    # models and choices
    "Awaiting verification": "待审核", "Verified employer": "已审核", "Verification refused": "未通过", "name": "名称",
    "unified social credit code": "统一社会信用代码", "region code": "行政区划代码", "address": "地址",
    "industry": "行业", "contact": "联系人", "contact phone": "联系电话", "status": "状态", "reason": "理由",
    "Spring Breeze campaign": "春风行动", "Public-welfare posts": "公益岗位专场", "Online job fair": "线上招聘会",
    "title": "名称", "kind": "类型", "starts on": "开始日期", "ends on": "结束日期", "description": "说明",
    "Full time": "全职", "Part time": "兼职", "Flexible hours": "灵活时间", "Shifts incl. nights": "倒班（含夜班）",
    "Hiring": "招聘中", "No longer hiring": "已停招", "location": "工作地点", "minimum monthly pay": "最低月薪",
    "maximum monthly pay": "最高月薪", "requirements": "任职要求", "skills": "技能", "hours": "工作时间",
    "physical demands": "体力要求", "openings": "招聘人数", "public-welfare post": "公益性岗位",
    "Withdrawn by the applicant": "已撤回", "Withdraw my application": "撤回申请",
    "Reason for withdrawing (optional)": "撤回原因（可不填）",
    "Withdraw this application? It cannot be sent again.": "确定撤回这份求职申请吗？撤回后不能再次投递这个岗位。",
    "Application withdrawn; the employer has been told.": "已撤回，已通知用人单位。",
    "You withdrew this application. The employer no longer sees your phone number.": "您已撤回这份申请，用人单位不再看到您的电话。",
    "Application sent": "已投递", "Viewed": "已查看", "Interview": "面试", "Hired": "录用", "Not suitable": "不合适",
    "phone": "电话", "short profile": "个人简介", "contact shared": "已同意公开电话", "stage": "进度",
    "worker": "职工", "kind of work": "意向工种", "area": "意向地区", "health limits": "健康限制",
    "lowest acceptable monthly pay": "期望最低月薪", "Awaiting outcome": "待反馈", "Found a job": "已就业",
    "Not employed yet": "暂未就业", "Declined help": "本人放弃", "career guidance": "就业指导", "outcome": "结果",
    "note": "备注", "monthly wage": "月工资",
    "Mark as viewed": "标记已查看", "Invite to interview": "邀请面试", "Hire": "录用",
    "No heavy lifting": "不能搬重物", "No night shifts": "不能上夜班", "No long standing": "不能久站",
    "No work at heights": "不能登高", "No driving": "不能驾驶",
    # worker pages
    "Public welfare": "公益岗", "yuan/month": "元/月", "Log in to search posts and apply.": "登录后可以搜索岗位并投递。",
    "My employer: posts and applicants": "我的单位：岗位和求职者", "Jobs recommended for you by the union": "娘家人为您推荐的岗位",
    "Search": "搜索", "Public-welfare posts only": "只看公益性岗位", "No posts found. Try a shorter word.": "没有找到岗位，换个短一点的词试试。",
    "e.g. cleaning, warehouse, driver": "例如：保洁、仓库、司机", "Search posts": "搜索岗位",
    "%(e)s employers, %(p)s posts": "%(e)s 家单位，%(p)s 个岗位", "%(n)s openings": "招 %(n)s 人",
    "What the job is": "工作内容", "Requirements": "任职要求", "Skills": "技能", "Physical demands:": "体力要求：",
    "A few words about you (work experience, when you can start)": "简单介绍一下自己（干过什么、什么时候能上岗）",
    "Let the employer see my phone number": "同意用人单位查看我的电话", "Apply for this post": "投递这个岗位",
    "This post is closed.": "该岗位已停止招聘。", "My job application": "我的求职申请", "Stage:": "进度：",
    "The employer sees your phone number masked until you agree.": "您同意之前，用人单位看到的电话是隐去中间四位的。",
    "The employer can see your phone number.": "用人单位可以看到您的电话。", "History": "进度记录",
    "My profile:": "我的简介：", "Career guidance": "就业指导", "Three posts for you": "为您挑选的三个岗位",
    "A course for you": "为您推荐的一门课程",
    "No matching course in the online classroom yet; your helper will tell you when there is one.":
        "云课堂暂时没有对口的课程，有了会告诉您。",
    "No open posts in this fair.": "本场招聘会暂无在招岗位。",
    "Application sent. Follow it in My business.": "已投递。可在“我的办事”查看进度。",
    "The employer can now see your phone number.": "用人单位现在可以看到您的电话了。",
    # employer pages
    "My employer": "我的单位", "No posts yet.": "还没有发布岗位。", "Publish a post": "发布岗位", "Post title": "岗位名称",
    "Location": "工作地点", "Region code (6 digits)": "行政区划代码（6 位）", "Minimum monthly pay (yuan)": "最低月薪（元）",
    "Maximum monthly pay (yuan)": "最高月薪（元）", "Working hours": "工作时间", "Skills (separate with 、)": "技能（用“、”分隔）",
    "Physical demands": "体力要求", "Openings": "招聘人数", "Public-welfare post": "公益性岗位", "Publish": "发布",
    "Register an employer": "登记用人单位", "Employer name": "单位名称", "Unified social credit code": "统一社会信用代码",
    "Address": "地址", "Contact person": "联系人", "Contact phone": "联系电话", "Submit for verification": "提交登记",
    "%(n)s applicants (%(m)s new)": "%(n)s 人投递（%(m)s 人未处理）", "Applicants": "求职者",
    "Back to my posts": "返回我的岗位", "(shown once the worker agrees)": "（求职者同意后显示完整号码）",
    "No applicants yet.": "还没有人投递。", "Note for the worker (optional)": "给求职者的留言（可不填）",
    "Registered. Union staff will verify your employer.": "已提交，工会工作人员审核后即可发布岗位。",
    "Post published.": "岗位已发布。", "Stage changed; the worker has been told.": "进度已更新，已通知求职者。",
    # workbench: Excel import
    "Import employers and posts from Excel": "批量导入用人单位和岗位",
    "The whole file is checked first: if any line is wrong, nothing is imported and every wrong line is listed with its reason.":
        "整份文件先整体校验：只要有一行不对，整份都不导入，并列出每一行的错误原因。",
    "Back to employers and job fairs": "返回用人单位和招聘会", "Download template": "下载模板",
    "Managing union": "管理工会", "Verify them at once (I have checked these employers)": "导入后直接审核通过（我已核实这些单位）",
    "Import": "导入", "Add them to a job fair (optional)": "加入招聘会（可不选）", "No job fair": "不加入招聘会",
    "Choose an Excel file first.": "请先选择 Excel 文件。", "Imported %(n)s employers.": "已导入 %(n)s 家用人单位。",
    "Published %(n)s posts.": "已发布 %(n)s 个岗位。", "Employers to register": "用人单位",
    "Posts to publish": "招聘岗位",
    # workbench
    "Approve employer": "通过", "Reject": "不通过", "Reason (needed to reject)": "理由（不通过时必填）",
    "Online job fairs": "线上招聘", "Employers and job fairs": "用人单位和招聘会", "Job fairs": "招聘会", "Title": "名称", "Kind": "类型",
    "Period": "时间", "Union": "工会", "Employers": "单位数", "Posts": "岗位数", "No job fairs yet.": "还没有招聘会。",
    "Create a job fair": "创建招聘会", "Starts on": "开始日期", "Ends on": "结束日期", "Create": "创建",
    "Hiring employer": "用人单位", "Credit code": "统一社会信用代码", "Status": "状态", "Action": "操作",
    "Name or credit code": "单位名称或信用代码", "All": "全部", "No employers yet.": "还没有用人单位。", "Saved.": "已保存。",
    "Job fair created.": "招聘会已创建。",
    "1-3-1 job help": "1-3-1 就业帮扶", "1-3-1 job help for hardship workers": "困难职工 1-3-1 就业帮扶",
    "For each hardship worker: one career guidance note, three suitable posts and one training course. Your own households come first.":
        "为每位困难职工提供一次就业指导、三个合适岗位和一门培训课程。您负责的家庭排在前面。",
    "Handle": "办理", "Worker": "职工", "Hardship category": "困难类别", "Latest packet": "最近一次帮扶", "mine": "我负责",
    "not recorded": "未登记", "No hardship files in your scope.": "您的管理范围内没有在档困难职工。",
    "All hardship workers": "全部困难职工", "Job intent": "就业意向", "avoid:": "避开：",
    "Change the job intent": "修改就业意向", "Record the job intent": "登记就业意向", "Kind of work": "意向工种",
    "Area (region code)": "意向地区（行政区划代码）", "Lowest acceptable monthly pay (yuan)": "期望最低月薪（元）",
    "Health limits": "健康限制", "Save and match": "保存并匹配岗位", "Ranked posts": "匹配的岗位（按得分）",
    "Post": "岗位", "Score": "得分", "How the score is made": "得分说明", "No open post fits this intent yet.": "暂时没有符合该意向的在招岗位。",
    "Career guidance (edit before sending)": "就业指导（发送前可修改）",
    "A course from the online classroom is added automatically when one matches the intent.":
        "云课堂有对口课程时会自动附上一门。",
    "Send the 1-3-1 packet (3 posts)": "发送 1-3-1 就业帮扶（3 个岗位）", "Packets sent": "已发送的就业帮扶",
    "no matching course": "暂无对口课程", "Record outcome": "登记结果", "None yet.": "暂无。",
    "Monthly wage (if employed)": "月工资（已就业时填写）", "Note": "备注", "at least %(n)s yuan/month": "不低于 %(n)s 元/月",
    "Job intent saved and matched.": "就业意向已保存，并已匹配岗位。",
    "The 1-3-1 packet has been sent to the worker.": "1-3-1 就业帮扶已发送给职工。",
    "Outcome saved. Income now meets the exit rule: an exit has been proposed.": "结果已登记。收入已符合脱困条件，已提出脱困建议。",
    "Outcome saved and passed to hardship monitoring.": "结果已登记，并已反馈到困难职工动态监测。",
    # issue 12 (helper grid)
    'Worker or union': '职工或工会',
    'No hardship files in your scope. Open files of the hardship-relief module appear here.': '您的范围内没有在档困难职工。困难帮扶模块中在档的家庭会出现在这里。',
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

    base = os.path.join(os.path.dirname(__file__), "locale/zh_Hans/LC_MESSAGES")
    os.makedirs(base, exist_ok=True)
    build(os.path.join(base, "django"), ZH)

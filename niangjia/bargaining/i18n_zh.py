"""zh_Hans translations of this app's UI msgids; `python -m niangjia.bargaining.i18n_zh` writes .po and .mo."""

ZH = {
    "Share": "比例", "Union name": "工会名称",
    # models and choices
    "Union (workers)": "工会（职工方）", "Employer": "企业方", "title": "名称", "year": "年度", "employer": "企业",
    "workers covered": "覆盖职工人数", "stage": "阶段", "from": "提出方", "content": "内容", "received on": "收到日期",
    "answer due": "回应期限", "text": "正文",
    # member pages
    "Wage bargaining": "工资协商",
    "Your union bargains wages with your employer. Follow each step here and tell the union what you think.":
        "工会代表职工与企业就工资进行集体协商。您可以在这里查看每一步进展，并向工会提出意见。",
    "Agreement in force": "合同有效期", "Your union has no wage bargaining on record yet.": "您所在的工会暂无工资集体协商记录。",
    "Current stage": "当前阶段", "Congress vote": "职代会审议表决", "Pay increase": "工资调整幅度",
    "Minimum wage (yuan/month)": "最低工资标准（元/月）", "Piece rates": "计件单价调整", "Term": "合同期限",
    "Read the full agreement (PDF)": "查看合同全文（PDF）", "Your opinion to the union": "我对协商的意见",
    "Send": "提交意见", "Your opinions": "我提出的意见", "Back": "返回",
    "Thank you, your opinion has been sent to the union.": "谢谢，您的意见已送达工会。",
    # workbench
    "Collective bargaining": "集体协商", "Record a proposal to bargain": "登记协商要约", "Statistics": "统计",
    "Export agreements (Excel)": "导出集体合同（Excel）", "No.": "编号", "Negotiation": "协商事项", "Union": "工会",
    "Year": "年度", "Stage": "阶段", "Next deadline": "下一个期限", "Workers covered": "覆盖职工（人）",
    "Negotiation or union": "协商名称或工会", "No negotiations yet.": "还没有集体协商。",
    "Either side may propose bargaining in writing; the other side must answer in writing within 20 days of receiving it (the day of receipt does not count).":
        "任何一方均可书面提出协商要求（要约）；另一方应当自收到之日起 20 日内书面回应（收到当日不计入）。",
    "Title": "协商名称", "Proposed by": "提出方", "Received on": "收到日期", "What is proposed": "要约内容", "Save": "保存",
    "Bargaining statistics": "集体协商统计", "Filter": "筛选", "Agreements in force or expired": "已生效（含到期）的集体合同",
    "Average agreed increase": "平均工资增幅", "Agreements": "合同数", "No agreement in force yet.": "还没有生效的集体合同。",
    "Agreement PDF": "合同 PDF", "Deadlines": "法定期限", "Overdue": "已超期", "Due soon": "即将到期", "Done": "已完成",
    "In time": "未到期", "Proposal to bargain": "协商要约", "Answer due": "回应期限", "Answered on": "回应日期",
    "accepted": "同意协商", "refused": "拒绝协商", "Refused without a reason": "无理由拒绝", "Accepts to bargain": "同意协商",
    "Refuses": "拒绝", "Reason (required by law for a refusal)": "理由（拒绝时依法须说明理由）", "Record answer": "记录回应",
    "Representatives": "协商代表", "Chief": "首席代表", "Remove": "移除", "Name": "姓名", "Position": "职务", "Add": "增加",
    "Start talks": "开始协商", "Rounds of talks": "协商轮次", "Round %(n)s": "第 %(n)s 轮", "Union chief": "工会方首席代表",
    "Employer chief": "企业方首席代表", "not signed": "未签字", "Meeting minutes": "会议纪要", "Save minutes": "保存纪要",
    "Signed on": "签字日期", "Chief signed": "首席代表已签字", "No round yet.": "还没有协商轮次。", "Held on": "协商日期",
    "Agenda": "议程", "Add round": "新增一轮", "Positions": "双方方案", "Side": "提出方", "Version": "版本",
    "Increase (per cent)": "工资增幅（%）", "Minimum wage": "最低工资（元/月）", "Piece rates (per cent)": "计件单价调整（%）",
    "Special terms": "特别条款", "Piece rates, one per line: item=yuan": "计件单价，每行一项：项目=单价（元）",
    "yuan": "元", "Changes": "与上一版相比", "No position yet.": "还没有方案。", "Round": "轮次",
    "Record": "记录", "Agreement": "集体合同", "Objection of the labour administration": "劳动保障行政部门审查意见",
    "Title of the agreement": "合同名称", "Term from": "期限自", "Term to": "期限至", "Text of the agreement": "合同正文",
    "Save the draft": "保存合同草案", "Secret ballot": "无记名投票", "Submit to the congress": "提交职代会审议",
    "This union has no congress sitting that is planned or in progress. Plan one in the congress module first.":
        "本工会还没有筹备中或进行中的职代会会议，请先在职代会模块安排会议。",
    "final": "最终结果", "Record the congress result": "记录表决结果", "Both chiefs signed": "双方首席代表已签字",
    "Received by the labour administration on": "劳动保障行政部门收到日期",
    "Filed: received by the labour administration": "已报送：行政部门已收到",
    "Without objection by %(d)s, the agreement takes effect on %(e)s.": "如 %(d)s 前无异议，合同自 %(e)s 起生效。",
    "Record objection": "记录异议", "In force since %(e)s.": "自 %(e)s 起生效。", "Opinions of workers": "职工意见",
    "No opinion yet.": "还没有意见。", "History": "办理记录", "System": "系统",
    # employer
    "Collective bargaining (employer)": "集体协商（企业方）",
    "Answer the union's proposal in writing within 20 days of receiving it, and make the company's offers here.":
        "请在收到工会协商要约之日起 20 日内书面回应，并在这里提出企业方的方案。",
    "No collective bargaining for your company.": "贵单位暂无集体协商。", "Send the written answer": "提交书面回应",
    "version %(v)s": "第 %(v)s 版", "Make the company's offer": "提出企业方方案",
    "Scan of the signed minutes": "双方签字的纪要扫描件", "Upload the signed minutes": "上传签字纪要",
    "Scan of the signed agreement or the filing receipt": "签字合同或报送审查回执的扫描件",
    "Upload the signed text or the receipt": "上传签字文本或审查回执", "The files are attached.": "文件已上传。",
    # bargaining-specific msgids (the short ones collide with other apps' catalogs)
    'Job title of the representative': '职务',
    'Round of talks': '轮次',
    'Record the position': '记录方案',
    'Term of the agreement': '合同期限',
    'Bargaining side': '提出方',
    'Position version': '版本',
    'Changes from the previous version': '与上一版相比',
    'Title of the negotiation': '协商名称',
    'final result': '最终结果',
    'Positions of both sides': '双方方案',
    'Chief representative': '首席代表',
    'Name of the representative': '姓名',
    'Add the representative': '增加',
    'History of the negotiation': '办理记录',
    'Collective agreement': '集体合同',
    'Bargaining year': '年度',
    'Bargaining stage': '阶段',
    'Deadline met': '已完成',
    'Deadline passed': '已超期',
    'Deadline near': '即将到期',
    'Deadline ahead': '未到期',
    'Statutory deadlines': '法定期限',
    'Send the opinion': '提交意见',
    'Back to the list': '返回',
    'Bargaining figures': '统计',
    'Remove the representative': '移除',
    'Answer to the proposal due': '回应期限',
    'Employer side': '企业方',
    'Union side (workers)': '工会（职工方）',
    # messages
    "The proposal is recorded.": "要约已登记。", "The answer is recorded.": "回应已记录。",
    "The representative is added.": "协商代表已增加。", "The representative is removed.": "协商代表已移除。",
    "Talks have started.": "协商已开始。", "The round is added.": "已新增一轮协商。", "The minutes are saved.": "纪要已保存。",
    "The signature is recorded.": "签字已记录。", "The position is recorded.": "方案已记录。",
    "The draft agreement is saved.": "合同草案已保存。",
    "The draft is on the congress agenda as a contract motion.": "草案已作为“集体合同草案”议题提交职代会。",
    "The congress result is recorded.": "职代会表决结果已记录。",
    "The signing is recorded; file the text within 10 days.": "签字已记录，请在 10 日内报送劳动保障行政部门审查。",
    "The filing is recorded.": "报送审查已记录。", "The objection is recorded.": "审查异议已记录。",
    # the employer's side (own proposal, signatures, filing)
    "proposed by the company": "企业方提出", "proposed by the union": "工会提出",
    "Send the company's proposal to bargain": "发出企业方协商要约",
    "The union receives it today and must answer in writing within 20 days (the day of receipt does not count).":
        "工会今日收到，应当自收到之日起 20 日内书面回应（收到当日不计入）。",
    "Send the proposal in writing": "发出书面要约",
    "Your proposal to bargain has been sent to the union.": "您的协商要约已送达工会。",
    "Sign the minutes as the employer's chief": "以企业方首席代表身份签署纪要",
    "Sign the agreement as the employer's chief": "以企业方首席代表身份签署集体合同",
    "You have signed the minutes as the employer's chief representative.": "您已以企业方首席代表身份签署纪要。",
    "You have signed the agreement as the employer's chief representative.": "您已以企业方首席代表身份签署集体合同。",
    "Both chiefs (signed on paper)": "双方首席代表（纸质签字）", "Employer chief (signed on paper)": "企业方首席代表（纸质签字）",
    "Record the signature": "记录签字",
    "The signature is recorded; once both chiefs have signed, file the text within 10 days.":
        "签字已记录；双方首席代表均签字后，请在 10 日内报送劳动保障行政部门审查。",
    # all workers vote the draft; the workers' request; regional parameters
    "%(u)s: %(n)s of %(t)s workers asked (one in %(d)s reached); the union must send a proposal to bargain.":
        "%(u)s：%(t)s 名职工中已有 %(n)s 人提出要求（已达 %(d)s 分之一），工会应向企业发出协商要约。",
    "%(y)s: %(n)s workers have asked": "%(y)s 年：已有 %(n)s 名职工提出要求", ", %(t)s needed": "，需 %(t)s 人",
    "Add the paper ballots counted at the workers' meeting, if any, then close and count.":
        "如职工大会另有纸质票，请填入纸质票数，然后结束表决并计票。",
    "All workers %(t)s, voted online %(p)s (two thirds: %(q)s; more than half: %(m)s). Yes %(y)s, no %(no)s, abstain %(a)s. Online voting closes on %(d)s.":
        "全体职工 %(t)s 人，网上已投票 %(p)s 人（三分之二为 %(q)s 人；过半数为 %(m)s 票）。赞成 %(y)s，反对 %(no)s，弃权 %(a)s。网上投票截止日期 %(d)s。",
    "Ask the union to propose wage bargaining": "要求工会发起工资集体协商", "Close and count": "结束表决并计票",
    "Compared with %(r)s %(y)s (version %(v)s): minimum wage %(w)s yuan/month; wage guideline (per cent) lower %(l)s, base %(b)s, upper %(u)s.":
        "对照 %(r)s %(y)s 年参数（第 %(v)s 版）：最低工资标准 %(w)s 元/月；工资指导线（%%）下线 %(l)s、基准线 %(b)s、上线 %(u)s。",
    "Parameters entered by": "录入人", "Guideline base line": "工资指导线基准线", "Guideline lower line": "工资指导线下线",
    "Guideline upper line": "工资指导线上线", "I ask the union to propose bargaining": "我要求工会发起协商",
    "Members ask on their phone. When the requests reach the local share of the workers (one in five unless the region set another), the union must send the employer a proposal to bargain. Enter each enterprise's number of workers for the year.":
        "会员在手机上提出要求。提出要求的职工达到当地规定的比例（未另行设置时为五分之一）时，工会应向企业发出协商要约。请填写各企业当年的职工总数。",
    "Requests needed": "所需人数", "No parameters entered yet.": "还没有录入地区工资参数。",
    "No regional wage parameters for this year yet: an admin of the region enters them under Regional wage parameters.":
        "本年度还没有地区工资参数：由所在地区工会的管理员在“地区工资参数”中录入。",
    "No requests this year.": "本年度还没有职工提出要求。", "Number of all workers": "全体职工人数",
    "Number of workers": "职工总数", "Number of workers of an enterprise": "企业职工总数",
    "Paper ballots: abstain": "纸质票：弃权", "Paper ballots: no": "纸质票：反对", "Paper ballots: yes": "纸质票：赞成",
    "Put the draft to all workers": "提交全体职工表决", "Region (owning union)": "地区（所属工会）",
    "Region or document": "地区或依据文件", "Regional wage parameters": "地区工资参数", "Requests to bargain": "提出要求人数",
    "Result of the vote of all workers": "全体职工表决结果", "Save as a new version": "保存为新版本",
    "Share of workers who may ask": "职工要求协商的比例", "Source document": "依据文件",
    "The draft is put to all workers.": "合同草案已提交全体职工表决。",
    "The local minimum wage and the wage guideline (lower, base and upper line) of a region and year, as the government published them. Each save adds a new version; the newest version of the nearest region above a union applies to its bargaining. The share of workers who may oblige the union to propose bargaining is a local rule (one in five in the seeded example) and is configurable here.":
        "按政府发布的文件录入某地区某年度的最低工资标准和工资指导线（下线、基准线、上线）。每次保存都生成一个新版本；工会协商时适用其上级最近地区的最新版本。职工要求协商的比例是地方规定（示例为五分之一），可在此设置。",
    "The number of workers is saved.": "职工总数已保存。", "The parameters are saved as a new version.": "参数已保存为新版本。",
    "The vote of all workers is closed and counted.": "全体职工表决已结束并计票。", "Vote of all workers": "全体职工表决",
    "Vote on the draft agreement (all workers)": "集体合同草案表决（全体职工）", "Voting closes on": "表决截止日期",
    "Voting closes on %(d)s. The draft passes when at least two thirds of all %(t)s workers take part and more than half of all workers vote yes.":
        "表决于 %(d)s 截止。全体 %(t)s 名职工中须有三分之二以上参加表决，且赞成票超过全体职工半数，草案方获通过。",
    "When one in %(d)s of the workers ask, the union must send the employer a proposal to bargain (local rule).":
        "职工 %(d)s 分之一以上提出要求时，工会应向企业发出协商要约（地方规定）。",
    "Where the enterprise has no workers' congress, put the draft to all workers: it passes when at least two thirds of all workers take part and more than half of all workers vote yes.":
        "企业未建立职代会的，合同草案提交全体职工讨论表决：须有三分之二以上职工参加，且赞成票超过全体职工半数方获通过。",
    "Workers' requests to bargain": "职工要求协商", "You have asked this year.": "您今年已提出要求。",
    "You have voted": "您已投票", "Your request is recorded. The union must propose bargaining once enough workers have asked.":
        "您的要求已记录。提出要求的职工达到规定比例后，工会应发起协商。",
    "Your vote is recorded.": "您的投票已记录。", "enough workers have asked": "已达到规定比例", "one in %(d)s": "%(d)s 分之一",
    "share reached": "已达比例",
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

    os.makedirs(os.path.join(os.path.dirname(__file__), "locale/zh_Hans/LC_MESSAGES"), exist_ok=True)
    build(os.path.join(os.path.dirname(__file__), "locale/zh_Hans/LC_MESSAGES/django"), ZH)

"""zh_Hans translations of this app's UI msgids; `python -m niangjia.bargaining.i18n_zh` writes .po and .mo."""

ZH = {
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

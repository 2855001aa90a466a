"""zh_Hans translations of this app's UI msgids; `python -m niangjia.mutual_aid.i18n_zh` writes .po and .mo."""

ZH = {
    "Active": "有效", "Cancelled": "已退保", "Awaiting bank transfer": "待银行转账", "Paid": "已发放",
    "Inpatient": "住院", "Serious illness": "重大疾病", "Front-line infection": "一线感染", "Accidental injury": "意外伤害",
    "Submitted": "已提交，待审核", "First approval done": "初审通过，待终审",
    "Approved, awaiting payment": "已审批，待发放", "Rejected": "未通过", "Approved": "已审批",
    "plan code": "计划编号", "name": "名称", "premium per person": "每人保费", "second approval above": "超过此金额需两人审批",
    "hospital": "医院", "admission / event date": "入院（事故）日期", "discharge date": "出院日期",
    "invoice number": "发票号", "diagnosis": "诊断",
    "Adjusted amount": "核定金额", "Approve": "通过", "Batch enrolment": "批量参保", "Choose a union": "选择工会",
    "Claim submitted. The computed payout is shown below.": "申请已提交，计算出的互助金如下。",
    "Claims": "申请件数", "Claims possible for admissions from": "可申请互助的入院日期自",
    "Claims review": "申请审核", "Claims waiting for review": "待审核申请", "Computed": "计算金额", "Covered": "保障期",
    "Create a payout batch of approved claims": "把已审批的申请生成发放批次", "Decision saved.": "已保存审批结果。",
    "Enrol myself": "我要参保", "Enrol the selected members": "为所选会员参保", "Enrolled": "参保人数",
    "Enrolled %(n)s members; premium total %(t)s yuan.": "已为 %(n)s 名会员参保，保费合计 %(t)s 元。",
    "Export to Excel": "导出 Excel", "How it was computed": "计算明细", "Import": "导入", "Invoice photo": "发票照片",
    "Kind": "类别", "Line": "行号", "Log in to enrol or claim.": "请先登录，再参保或申请互助。", "Loss ratio": "赔付率",
    "Mark paid": "标记已发放", "Marked as paid; members have been notified.": "已标记发放，并已通知会员。",
    "Medical mutual aid": "职工医疗互助", "Member": "会员", "Members not yet enrolled": "尚未参保的会员",
    "Mutual aid certificate": "医疗互助参保凭证", "My certificate": "我的参保凭证", "My claims": "我的互助申请",
    "Nothing to review.": "暂无待审核的申请。",
    "Only active union members can join medical mutual aid.": "只有在册工会会员才能参加职工医疗互助。",
    "Or import an Excel file with columns 姓名, 身份证号 (all-or-nothing)": "或导入 Excel（列：姓名、身份证号；有一行出错则整份不导入）",
    "Overview": "概览", "Paid by medical insurance (yuan)": "医保统筹支付（元）", "Payment": "缴费",
    "Payment recorded.": "已登记缴费。", "Payout": "互助金", "Payout batch created.": "已生成发放批次。",
    "Payouts": "互助金发放", "People": "人数", "Plan": "互助计划",
    "Please check the numbers you entered.": "请检查填写的数字。", "Premium": "保费", "Premium total": "保费合计",
    "Premiums": "保费缴纳", "Problem": "问题", "Reason": "理由", "Record payment": "登记缴费", "Reject": "驳回",
    "Self-paid": "个人自付", "Self-paid within the catalogue (yuan)": "医保目录内个人自付（元）",
    "Show members": "显示会员", "Statistics": "统计", "Status": "状态", "Submit": "提交", "Submit a claim": "申请互助金",
    "This certificate is not valid.": "该凭证无效。", "Total": "合计", "Total cost (yuan)": "医疗费用总额（元）",
    "Union": "工会", "Union staff scan this code to check the certificate.": "工会工作人员扫码可核验凭证。",
    "Valid certificate": "凭证有效", "Voucher no.": "凭证号",
    "You are enrolled. Your certificate is below.": "参保成功，参保凭证见下方。",
    "You are not enrolled in any plan.": "您尚未参加任何互助计划。", "coverage": "保障期",
    "first-time enrolees wait %(d)s days": "首次参保等待期 %(d)s 天", "yuan": "元",
    "yuan per person per year": "元/人/年",
    "Invoice photos (at least one)": "发票照片（至少一张，可直接拍照）",
    "1 to %(max_photos)s photos, JPG or PNG, up to 10 MB each.": "可选 1 至 %(max_photos)s 张，JPG 或 PNG 格式，每张不超过 10 MB。",
    "no photo": "无照片",
    # plan year cycle, worker's plan year, quote page, batch approval
    "%(n)s approved claims replayed.": "已回放 %(n)s 件已核准的申请。",
    "%(n)s members enrolled last year can be renewed; premium total %(t)s yuan.":
        "上一年度参保、可续保的会员 %(n)s 人，保费合计 %(t)s 元。",
    "%(n)s one-step inpatient claims would be approved, %(t)s yuan in total (caps applied); %(l)s claims would be left for review one by one.":
        "将审批通过 %(n)s 件一级审批的住院申请，合计 %(t)s 元（已按年度封顶核算）；%(l)s 件留待逐件审核。",
    "All": "全部", "All years": "全部年度", "Already received this plan year (yuan)": "本年度已获互助（元）",
    "Annual cap (yuan)": "年度封顶（元）",
    "Approved %(n)s claims, %(t)s yuan in total; %(l)s left for review one by one.":
        "已批量审批 %(n)s 件申请，合计 %(t)s 元；%(l)s 件留待逐件审核。",
    "As paid": "实际支付", "Back to the review queue": "返回审核列表", "Band": "分段", "Batch approval": "批量审批",
    "Benefit rules": "互助待遇", "Claims whose amount changes: %(n)s": "金额有变化的申请：%(n)s 件",
    "Confirm: approve %(n)s claims, %(t)s yuan": "确认：审批通过 %(n)s 件，合计 %(t)s 元",
    "Confirm: renew %(n)s members, %(t)s yuan": "确认：为 %(n)s 人续保，保费合计 %(t)s 元",
    "Copy to next year": "复制为新年度计划", "Coverage ends": "保障结束日期", "Coverage starts": "保障开始日期",
    "Deductible (yuan)": "起付线（元）",
    "Draft %(code)s created. Check its terms and rules, run the what-if, then publish.":
        "已生成草稿 %(code)s。请核对条款和待遇，运行测算后再发布。",
    "Draft saved. Run the what-if again before publishing.": "草稿已保存。发布前请重新运行测算。",
    "Edit the draft": "编辑草稿", "Enrolment open until %(d)s.": "参保截止日期：%(d)s。", "Enrolment window": "参保期",
    "Estimate": "测算", "Estimate a claim": "互助金测算", "Estimated payout: %(a)s yuan": "预计互助金：%(a)s 元",
    "Filter": "筛选", "From (yuan)": "起点（元）", "How often": "给付次数",
    "Inpatient aid this plan year: %(paid)s of %(cap)s yuan paid, %(left)s yuan left.":
        "本计划年度住院互助已获 %(paid)s 元，年度封顶 %(cap)s 元，剩余 %(left)s 元。",
    "Lump sum (yuan)": "定额（元）", "Lump sum, once per person (yuan)": "定额，每人一次（元）",
    "Mutual-aid plans": "互助计划", "No plan is open for enrolment now.": "目前没有开放参保的互助计划。",
    "No plans.": "暂无互助计划。", "Per event (yuan)": "每次定额（元）",
    "Plan published: enrolment is open for its window.": "计划已发布，参保期内可以参保。", "Plans": "互助计划",
    "Premium income": "保费收入", "Preview batch approval of small inpatient claims": "预览：批量审批小额住院申请",
    "Publish and open enrolment": "发布并开放参保",
    "Publishing needs a what-if run after the last change.": "发布前须在最后一次修改之后运行测算。",
    "Rate in percent": "比例（%）", "Renew last year's enrolees": "为上一年度参保会员续保", "Renewal preview": "续保预览",
    "Renewed %(n)s members; premium total %(t)s yuan.": "已为 %(n)s 名会员续保，保费合计 %(t)s 元。",
    "Renewed: no waiting period.": "续保会员，无等待期。", "Run the what-if on last year's claims": "用上一年度申请运行测算",
    "Save draft": "保存草稿", "Self-paid within the insurance catalogue (yuan)": "医保目录内个人自付（元）",
    "The same calculation as the public calculator and as a real claim; nothing is saved.":
        "与公开测算器和正式申请使用同一计算规则；测算不保存任何信息。",
    "To (yuan, empty = no upper end)": "终点（元，留空表示不设上限）", "Total payout": "互助金合计",
    "Under this plan": "按本计划", "Unknown action.": "未知的操作。", "Waiting period": "等待期",
    "Waiting period (days)": "等待期（天）",
    "Waiting period until %(d)s: admissions from the next day can be claimed.": "等待期至 %(d)s，次日起入院可申请互助。",
    "What-if: last year's approved claims under this plan": "测算：上一年度已核准的申请按本计划重新计算",
    "Year": "年度", "copied from %(code)s": "复制自 %(code)s", "enrolment closes": "参保截止日期",
    "enrolment opens": "参保开始日期", "once per person": "每人一次", "once per plan year": "每个计划年度一次",
    "Draft": "草稿", "Published": "已发布",
    'Review claim': '审核互助申请',
    'Claim': '互助申请',
    'Approval sheet (PDF)': '审批表（PDF）',
    'Name': '姓名',
    'ID number': '身份证号',
    'Enrolled on': '参保日期',
    'Waiting period ends': '等待期截至',
    'Treatment and invoice': '就诊与发票',
    'Total cost': '医疗费用总额',
    'Paid by medical insurance': '医保统筹支付',
    'Calculation': '核算',
    "This member's claims in plan year %(y)s": '该会员 %(y)s 计划年度的其他申请',
    'No other claims this year.': '本年度没有其他申请。',
    'Yearly cap': '年度上限',
    'paid': '已付',
    'remaining': '剩余',
    'Steps so far': '审批记录',
    'Adjusted amount (optional, not above the computed amount)': '调整金额（可选，不得高于计算金额）',
    'Reason (required to reject or adjust)': '理由（驳回或调整金额时必填）',
    'You may read this claim but the next decision is not yours (a large claim needs a second, different approver).': '您可以查阅本申请，但下一步不由您决定（大额申请须由另一位审批人终审）。',
    'Review the file': '查看材料并审批',
    'View': '查看',
    'The money is paid to your payee account:': '款项将打入您登记的收款账户：',
    'My payee account': '我的收款账户',
    # 我的办事 / worker status page (issue 13)
    'Mutual-aid claim No. %(n)s': '医疗互助申请 第%(n)s号',
    'What you can do: fix what the reason says and claim again; or, if you think the decision is wrong, call the hotline to appeal.': '您可以：按原因补正后重新申请；如认为结论有误，可拨打热线申诉。',
    'Claim again': '重新申请',
    'Call the hotline %(number)s': '拨打热线 %(number)s',
    'Steps': '办理进度',
    'to come': '待办理',
    'Questions? Ask': '有疑问可以找',
    'or': '或',
    'call the hotline %(number)s': '拨打热线 %(number)s',
    # 参保名单 grid (issue 12)
    'Enrolled members': '参保名单',
    'Self-enrolled': '本人参保',
    'By the union': '工会统一参保',
    'Waiting period until': '等待期至',
    'How': '参保方式',
    'No.': '编号',
    'Member name, member no. or union': '姓名、会员编号或工会',
    'No one is enrolled yet. Enrol the members of a union in one step.': '还没有人参保。可以为一个工会的会员一次性参保。',
    # issue 11: batch approval only from the page that shows each claim's evidence
    'Batch-approve selected small inpatient claims (evidence shown first)': '批量审批所选小额住院申请（先逐件核对证明材料）',
    # issue 12 (helper grid): premium batches in the list grid
    'Union, plan code, voucher no. or batch no.': '工会、计划编号、凭证号或批次号',
    'Premium paid': '已缴费',
    'Premium not paid yet': '未缴费',
    'No enrolment batch yet. Enrol members first; each enrolment makes a premium batch here.': '还没有参保批次。请先办理参保登记，每次参保会在这里生成一个保费批次。',
    'Enrol members': '参保登记',
    'Amount paid': '缴费金额',
    'Paid on': '缴费日期',
    'Export selected claims': '导出所选互助申请',
    'Plan code or name': '计划编号或名称',
    'No mutual-aid plan covers your unions yet. The union running the plan (usually the city union) creates it: ask its admin.':
        '还没有覆盖您所在工会的互助计划。互助计划由举办的工会（通常是市总工会）设立，请联系其管理员。',
    'Reject selected claims': '批量驳回互助申请', 'reject': '驳回', 'Reject selected (one reason)': '驳回所选（统一理由）',
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

    here = os.path.dirname(__file__)
    build(os.path.join(here, "locale/zh_Hans/LC_MESSAGES/django"), ZH)

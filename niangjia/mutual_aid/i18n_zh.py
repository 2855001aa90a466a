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

"""Regenerate the zh_Hans catalog of the relief app without gettext: extract msgids, translate, compile.

Run: .venv/bin/python niangjia/relief/locale/build_po.py
"""

import glob
import os
import re

import polib

HERE = os.path.dirname(__file__)
APP = os.path.dirname(HERE)

ZH = {
    "Active": "在档帮扶", "All categories": "全部类别", "All statuses": "全部状态",
    "Already received this year (yuan)": "本年度已获救助（元）", "Amount per household": "每户金额",
    "Application": "申请", "Applications": "申请审批", "Apply for relief": "申请帮扶", "Approve": "通过",
    "Approve and generate": "批准并生成发放", "Approved": "已批准",
    "Approved and generated %(n)s payments.": "已批准，生成 %(n)s 笔发放记录。",
    "Approved by district, awaiting city": "区级已批，待市级审批", "Borderline household": "困难边缘户",
    "By union": "按工会", "Calculate": "测算", "Campaigns": "专项救助", "Category": "类别",
    "Category standards": "类别救助标准", "Causes": "致困原因", "Check": "自测", "Child": "子女",
    "Chronic illness (long-term outpatient)": "重大疾病或慢性病长期门诊", "City approval": "市总审批",
    "Cost of a sudden event after insurance (yuan)": "突发事件支出（扣除保险、赔偿后，元）",
    "Deep hardship": "深度困难", "District approval": "区总审批", "Done": "已完成", "Done.": "已处理。",
    "Draft": "草稿", "Dynamic monitoring": "动态监测", "Education aid": "助学救助", "Education aid paid": "助学救助",
    "Employed": "在职", "Estimate": "测算金额",
    "Estimate temporary relief. Tier thresholds are example values of the configurable policy.":
        "临时救助测算。档位和金额为可配置政策的示例值，以工会审批为准。",
    "Estimated amount": "测算金额", "Estimated relief": "预计救助", "Evidence photos (invoice, medical record)":
        "证明材料照片（发票、病历）", "Exited": "已脱困", "Export Excel": "导出 Excel",
    "Export Excel (masked)": "导出 Excel（已脱敏）", "Files": "困难档案", "Files found": "档案数", "Filter": "筛选",
    "Generated": "已生成", "Granted": "核定救助", "Grassroots review": "基层初审", "Hardship files": "困难职工档案",
    "Hardship relief": "困难帮扶", "Hardship self-test": "困难职工家庭自测", "Head of household": "户主",
    "Helper": "帮扶责任人", "Hospitalisation, sudden event or accident": "住院、突发事件或意外伤害",
    "Household": "家庭", "Household annual disposable income (yuan)": "家庭年可支配收入（元）",
    "Household annual income": "家庭年收入", "Household annual income (yuan)": "家庭年收入（元）",
    "Households": "家庭", "Visit date": "走访日期", "Next visit": "下次走访", "Photos": "照片", "Households exited": "脱困户数", "Households on file not visited in 90 days":
        "90 天未走访的在档家庭", "Households relapsed": "返困户数", "Illness/disability-driven": "因病因残致困",
    "Infected": "感染", "Invoice date": "开票日期", "Invoice number": "发票号码", "Isolated": "隔离", "Kind": "类别",
    "Large recent medical cost": "近期大额医疗自付", "Living aid": "生活救助", "Living aid paid": "生活救助",
    "Lost job": "失业", "Medical aid paid": "医疗救助", "Monitoring": "动态监测", "My applications": "我的申请",
    "Name": "名称", "New campaign: a fixed amount to every matching file": "新建专项救助：向符合条件的每户发放固定金额",
    "Next page": "下一页", "No applications yet.": "还没有申请。", "Not eligible": "不符合条件",
    "Open file, not visited in 90 days": "在档且 90 天未走访",
    "See them all in the household list (sort, search, page)": "在困难户列表中查看全部（可排序、搜索、翻页）",
    "Nothing here.": "暂无记录。", "Nothing you type here is stored.": "您填写的内容不会被保存。", "Other": "其他",
    "Other people living with you": "共同生活的其他家庭成员人数", "Other special hardship": "其他特殊困难",
    "Paid": "已发放", "Parent": "父母", "Payments": "笔数", "People living together": "共同生活人数",
    "Person-times helped": "帮扶人次", "Preview": "预览",
    "Preview: %(n)s households, %(t)s yuan in total.": "预览：共 %(n)s 户，合计 %(t)s 元。",
    "Reason": "原因", "Region code": "地区代码", "Region code prefix (optional)": "地区代码前缀（可选）",
    "Reject": "驳回", "Rejected": "已驳回", "Relapsed": "返困", "Relative hardship": "相对困难",
    "Relief applications": "帮扶申请", "Relief calculator": "临时救助测算", "Relief reports": "帮扶统计",
    "Reports": "统计报表", "Retired": "已停用", "Reversal": "冲销", "Review date": "复核日期",
    "Reviewed by grassroots": "基层已初审", "Rigid expenditure this year: illness, disability, schooling (yuan)":
        "本年度刚性支出：医疗、残疾、子女上学等（元）", "Self": "本人", "Self-paid": "自付",
    "Self-paid amount (yuan)": "个人自付金额（元）", "Show": "查看", "Spouse": "配偶", "Status": "状态",
    "Steps": "审批进度", "Student": "学生", "Students in school (education aid only)": "在读学生人数（仅助学救助）",
    "Submit application": "提交申请", "Submitted": "已提交", "Sudden hardship": "意外致困",
    "Temporary relief": "临时救助", "Temporary relief: chronic illness": "临时救助：慢性病门诊",
    "Temporary relief: hospitalisation": "临时救助：住院/突发/意外", "Temporary relief: special hardship":
        "临时救助：其他特殊困难", "Their monthly income in total (yuan)": "他们的月收入合计（元）", "Total": "合计",
    "Total cost (yuan)": "总费用（元）", "Unable to work": "丧失劳动能力", "Unemployed": "失业", "Union": "工会",
    "Union subtree": "工会范围", "Unstable exit": "脱困不稳定", "Waiting for a decision": "待审批",
    "What happened": "情况说明", "Year": "年度",
    "Your application has been submitted. You will get a message at each step.": "申请已提交，每一步审批都会给您发消息。",
    "Your household (first application)": "家庭情况（首次申请填写）", "Your monthly income (yuan)": "本人月收入（元）",
    "address": "地址", "age": "年龄", "annual review date": "年度复核日期", "bank": "开户银行", "bank account": "银行账号",
    "category": "类别", "causes": "致困原因", "demo value": "示例值", "description": "情况说明", "diagnosis": "诊断",
    "disability": "残疾", "head of household": "户主", "household annual income": "家庭年收入",
    "invoice number": "发票号码", "kind": "类别", "monthly dibao": "月低保标准", "monthly income": "月收入",
    "name": "姓名", "reason": "原因", "region code": "地区代码", "relation": "与户主关系", "self-paid": "自付",
    "serious illness": "重病", "standard level": "建档标准层级", "status": "状态", "total cost": "总费用",
    "work status": "就业状态", "year": "年度", "yuan": "元", "Application status": "申请状态",
    "Activate": "启用",
    "Age": "年龄",
    "Applications changing tier": "档位变化的申请",
    "Approved, not yet in a batch": "已批准、尚未进入批次",
    "Bank account": "银行账号",
    "Bank file": "银行批量文件",
    "Change status": "变更状态",
    "Check the rule and open the file": "按认定规则核对并建档",
    "Clear": "解除",
    "Cost under the active version": "现行版本资金",
    "Cost under the draft": "草稿版本资金",
    "Create a batch of approved payments": "将已批准款项生成发放批次",
    "Disability": "残疾",
    "Due to illness": "因病", "Due to disability": "因残", "Due to schooling": "因学", "Due to disaster": "因灾",
    "Due to unemployment": "因失业", "Due to an accident": "因意外",
    "Draft a new version from this one": "以此为基础起草新版本",
    "Draft saved. Run the what-if before activating it.": "草稿已保存。启用前请先做模拟测算。",
    "Eligibility changes": "资格变化",
    "Every threshold and amount is data: draft a new version, run the what-if over the last 12 months, then activate.": "所有档位和金额都是可配置的数据：起草新版本，用近 12 个月的申请做模拟测算，再启用。",
    "Household monthly income": "家庭月收入",
    "Illness": "重病",
    "Illness / disability": "重病/残疾",
    "Last visit": "最近走访",
    "Mark paid": "标记已发放",
    "Monitoring flags": "监测预警",
    "Monthly income": "月收入",
    "Note": "备注",
    "Open a file": "建档",
    "Payment batches": "发放批次",
    "People": "人数",
    "Policies": "政策版本",
    "Policy activated.": "政策已启用。",
    "Raise flag": "标记预警",
    "Record visit": "记录走访",
    "Relation": "关系",
    "Rigid expenditure": "刚性支出",
    "Run what-if": "模拟测算",
    "Save draft": "保存草稿",
    "Sudden event cost": "突发事件支出",
    "Tier changes": "档位变化",
    "Visit notes": "走访情况",
    "Visits": "走访记录",
    "What-if result": "模拟测算结果",
    "Work status": "就业状态",
    "active": "有效",
    "cleared": "已解除",
    "example values, configurable": "示例值，可配置",
    "next": "下次",
    "Approved. Payments are being generated in the background.": "已批准，发放记录正在后台生成（见“已生成”列）。",
    "Imported %(n)s files.": "已导入 %(n)s 份档案。", "Import files from Excel (all rows or none)":
        "从 Excel 导入档案（任何一行有错则整份不导入）", "Download template": "下载模板", "Line": "行号", "Import": "导入",
    "Show in full (recorded)": "查看完整号码（将被记录）", "Reverse": "冲销",
    "Dibao table": "低保标准", "Monthly dibao (yuan per person)": "月低保标准（元/人）", "Demo value": "示例值",
    "Save": "保存",
    "Evidence": "证明材料", "Upload": "上传",
    "Draft a new version: tier table": "起草新版本：档位表", "Tier": "档位", "From ratio (per cent)": "起始比例（%）",
    "Relief": "救助金额",
    "Does any of these apply?": "是否有以下情形？",
    "Start the filing workflow": "按流程申请建档", "Filing application": "建档申请", "Notice from": "公示开始",
    "The household signed the means-check consent": "家庭已签署经济状况核对授权书",
    "Result of the check with civil affairs": "与民政部门核对的结果",
    "Objections during the notice (if any)": "公示期异议（如有）", "Next step": "下一步",
    "Home visit done": "已入户调查", "Means check recorded": "已核对", "Public notice": "公示中",
    "New household": "新建家庭", "Address": "地址", "Save household": "保存家庭",
    "Apply on the worker's behalf": "代职工申请", "Students": "在读学生人数",
    "Application submitted on the worker's behalf.": "已代职工提交申请。",
    'Relief application No. %(n)s': '帮扶申请 第%(n)s号',
    'Not approved': '未通过',
    'What you can do: fix what the reason says and apply again; or, if you think the decision is wrong, call the hotline to appeal.': '您可以：按原因补正材料后重新申请；如认为结论有误，可拨打热线申诉。',
    'Fix and apply again': '补正后重新申请',
    "the estimate is 0: the costs you entered are below the policy's first tier. The union checks your documents and may still help in other ways.": '测算为 0：您填写的费用未达到政策最低一档。工会会核实材料，也可能通过其他方式帮扶。',
    'What you sent': '您提交的材料',
    'Invoice': '发票',
    'City approval (larger amounts)': '市总工会审批（大额时）',
    'to come': '待办理',
    'Questions? Ask': '有疑问可以找',
    'or': '或',
    'call the hotline %(number)s': '拨打热线 %(number)s',
    'Call the hotline %(number)s': '拨打热线 %(number)s',
    "Approved payments are paid through payout batches: one person prepares a batch, another releases it, then the bank file is exported and the bank's results are recorded.": '已批准的款项通过代发批次发放：一人制作批次，另一人复核放款，然后导出银行文件并登记银行回单结果。',
    'Approved, not yet paid': '已批准，未发放',
    'Four eyes: you created this campaign; another approver must approve it.': '双人复核：此专项救助由您创建，须由另一位审批人批准。',
    'I have checked: %(n)s households, %(t)s yuan in total, paid from %(b)s.': '我已核对：共 %(n)s 户，合计 %(t)s，资金来源：%(b)s。',
    'Payout batches': '代发批次',
    'You are not a union member yet. Join first (about 3 working days), then apply here.': '您还不是会员，先入会（约 3 个工作日），入会后再来申请。',
    'Join the union': '我要入会',
    'In urgent need?': '情况紧急？',
    'Living aid and education aid are for households on the hardship files. Your household is not on file yet: you can apply for temporary relief below, or take the self-test and ask your union to open a file.': '生活救助和助学救助只面向已建档的困难职工家庭。您家还没有建档：可以先申请下面的临时救助，或做一下困难自测，再请工会为您建档。',
    'households on file only': '仅限建档家庭',
    'All years': '全部年度',
    'Code': '编号',
    'Version': '版本',
    'Head of household, household no. or union': '户主、家庭编号或工会',
    'Import monthly income records': '导入月收入记录',
    "No dibao standard is recorded. An admin adds each region's yearly amount below.": '还没有低保标准。请管理员在下方逐个地区录入年度标准。',
    "No dibao standard is recorded. Ask an admin to add each region's yearly amount.": '还没有低保标准。请联系管理员逐个地区录入年度标准。',
    'No head holds two household records. Nothing to merge.': '没有户主重复建档，无需合并。',
    'No relief policy yet. The reference policies are loaded with the demo data; an admin drafts a new version from an existing one.': '还没有帮扶政策。参考政策随演示数据导入；管理员可在已有政策基础上起草新版本。',
    'Policy name, code or region code': '政策名称、编号或地区代码',
    'Records': '家庭记录数',
    'Records to merge': '待合并的家庭记录',
    'Region code or note': '地区代码或备注',
}


ZH.update({
    # category-standard draft form
    "months of dibao": "个月低保", "yuan": "元", "not granted": "不享受",
    "share of the personal (self-paid) cost": "按个人自付", "share of the total hardship cost": "按困难总支出",
    "Education aid (per student)": "助学救助（每名学生）", "Medical aid": "医疗救助", "Medical aid (percent)": "医疗救助比例（%）",
    "Medical aid at most (yuan)": "医疗救助最高（元）", "Provincial approval from (yuan)": "报省级审批起点（元）",
    "National approval from (yuan)": "报全国审批起点（元）", "Several kinds in one year": "一年可享受多种救助",
    "Version name": "版本名称", "Effective from": "生效日期",
    "Deep hardship: below (× dibao)": "深度困难：人均月收入低于（× 低保）",
    "Relative hardship: below (× dibao)": "相对困难：人均月收入低于（× 低保）",
    "Sudden hardship: loss above (percent of annual income)": "意外致困：净支出超过家庭年收入的（%）",
    "Draft a new version: category standards": "起草新版本：类别救助标准（表单）",
    "Who qualifies (per-capita monthly income against the local dibao)": "认定条件（人均月收入与当地低保比较）",
    "What each category may receive in a year": "各类别每年救助标准",
    "Leave an amount empty when the category does not get that kind of aid. Medical approval thresholds send larger amounts to the provincial or national union.":
        "某类别不享受某项救助时，金额留空。医疗救助达到审批起点的，须报省级或全国总工会审批。",
    "A draft must pass the what-if before it can be activated.": "草稿须先运行影响测算，才能启用。",
    # exclusions when opening a file
    "Exclusions: ask each one": "排除性条件（逐项询问）",
    "A household to which any of these applies is not filed. The answers are kept with the file.":
        "符合其中任何一项的家庭不予建档；各项回答随档案保存。",
    "Does not apply": "不符合", "Applies": "符合",
    # issue 12 (helper grid)
    'Households reached': '覆盖户数',
    'Campaign name or union': '专项名称或工会',
    'No campaign yet. Fill in the form above (name, amount per household, union) and preview which households it would reach.': '还没有专项救助。请在上方填写名称、每户金额和工会范围，先预览将覆盖哪些家庭。',
    'Approved on': '批准日期',
    'Head of household, purpose or union': '户主、用途或工会',
    'Nothing is waiting to be paid. Approved relief appears here until it goes into a payout batch.': '没有待发放的款项。批准的救助在编入发放批次前显示在这里。',
})


ZH.update({
    # issue 9: places, dibao year, invoice year, exit rule, duplicate heads
    "Calculated for your union, %(org)s, with the standards of %(year)s.":
        "按您所在工会（%(org)s）所在地区和 %(year)s 年标准计算。",
    "Where do you work?": "您在哪里工作？",
    "Standards of %(year)s.": "按 %(year)s 年标准计算。",
    "No place has relief standards for this year yet. Please ask your union.": "本年度暂无可用的救助标准，请咨询工会。",
    "Relief counts against the year on the invoice date.": "救助按发票开票日期所在年度计算额度。",
    "Invoice date": "开票日期",
    "No dibao standard for %(year)s yet in:": "以下地区 %(year)s 年尚未录入低保标准：",
    "using %(y)s: %(a)s yuan": "暂按 %(y)s 年 %(a)s 元",
    "none at all": "没有任何年度的标准",
    "Maintain the dibao table": "去维护低保标准",
    "A household leaves the files after 6 consecutive months with per-capita income above dibao (policies §1). "
    "Open the household to exit its file.":
        "家庭人均收入连续 6 个月高于当地低保标准即可脱困（政策第 1 节）。请进入家庭页面办理脱困。",
    "Columns: household no., month (YYYY-MM), household income of the month, rigid expenditure of the month, "
    "people living together.": "列：家庭编号、月份（YYYY-MM）、家庭月收入、当月刚性支出、共同生活人数。",
    "Duplicate heads": "重复户主", "Duplicate heads of household": "重复户主的家庭档案",
    "Excel import": "Excel 导入", "Home visit": "入户走访",
    "Exit by approver's override: the 6-month rule did not hold": "审批人破例脱困：未满足连续 6 个月高于低保的条件",
    "Exit proposed: 6 months above dibao": "建议脱困（连续 6 个月高于低保）",
    "Exit rule (6 consecutive months above dibao)": "脱困条件（连续 6 个月人均收入高于低保）",
    "Exits proposed by monitoring": "动态监测建议脱困的家庭",
    "Household income this month (yuan)": "本月家庭收入（元）",
    "Rigid expenditure this month (yuan)": "本月刚性支出（元）",
    "Import monthly income records from Excel (any row with an error refuses the whole file)":
        "从 Excel 导入月收入记录（任何一行有错则整份不导入）",
    "Imported %(n)s monthly income records.": "已导入 %(n)s 条月收入记录。",
    "Income": "收入", "Income and exits": "收入与脱困", "Keep": "保留", "Merge": "合并",
    "Merged into another household's file": "已并入其他家庭档案", "Merged into household %(id)s.": "已合并到家庭 %(id)s。",
    "Month": "月份", "Monthly income and exits": "月收入与脱困", "Monthly income records": "月收入记录",
    "No exit is proposed now. Proposals appear after the nightly monitoring run once six months of income are "
    "recorded.": "目前没有建议脱困的家庭。录满 6 个月收入后，每晚的动态监测会在此列出建议。",
    "No head holds two household records.": "没有户主重复建立家庭档案。",
    "No monthly income recorded yet: enter it at the next visit.": "尚无月收入记录：请在下次走访时填写。",
    "One person may head only one household in the whole tree; otherwise each record gets its own yearly caps. "
    "Merge each group into one household: files, applications, payments, year totals, visits, flags and income "
    "records move with it.": "同一人在全市只能作为一个家庭的户主，否则每个家庭档案各算一份年度救助上限。请把每组合并为一户："
                              "档案、申请、发放记录、年度累计、走访、预警和月收入记录随之并入。",
    "Only admins can merge households.": "只有管理员可以合并家庭档案。", "Open files": "在档档案",
    "Override: exit although the rule does not hold (reason required)": "破例：未满足条件仍办理脱困（须填写原因）",
    "Paid against caps": "已计入上限的救助", "Since": "起始", "Source": "来源",
    "The same campaign paid both records: %(n)s payment(s) to reverse.": "同一专项救助向两户都发放了：有 %(n)s 笔需要冲销。",
    "Why": "原因", "household income of the month": "当月家庭收入", "month": "月份",
    "people living together": "共同生活人数", "rigid expenditure of the month": "当月刚性支出",
    # shared grid strings on the relief pages
    "All": "全部", "Approve selected": "批量通过", "Return selected": "批量退回",
    "Decide relief applications together": "批量审批帮扶申请", "File no.": "档案号",
    "Head of household, application no. or invoice no.": "户主姓名、申请号或发票号",
    "Head of household, file no. or union": "户主姓名、档案号或工会", "Head of household, no. or union": "户主姓名、编号或工会",
    "No applications wait for you. Applications members send online appear here.":
        "没有等待您处理的申请。会员在线提交的申请会出现在这里。",
    "No hardship files yet. Import them from Excel below or open one from a household.":
        "还没有困难档案。可在下方从 Excel 导入，或在家庭页面建档。",
    "No households yet. Add one with “New household” below.": "还没有家庭。请在下方“新建家庭”添加。",
    "No.": "编号", "approve": "通过", "reject": "驳回",
})


def extract() -> set[str]:
    ids: set[str] = set()
    for f in glob.glob(os.path.join(APP, "templates", "relief", "*.html")):
        s = open(f, encoding="utf-8").read()
        ids |= set(re.findall(r'{% translate "([^"]+)"', s)) | set(re.findall(r"{% translate '([^']+)'", s))
        for body in re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", s, flags=re.S):
            ids.add(re.sub(r"{{ *(\w+) *}}", r"%(\1)s", body))
    for f in glob.glob(os.path.join(APP, "*.py")):
        ids |= set(re.findall(r'\b_\("([^"]+)"\)', open(f, encoding="utf-8").read()))
    return ids


def main() -> None:
    ids = extract()
    missing = sorted(i for i in ids if i not in ZH)
    if missing:
        raise SystemExit(f"untranslated: {missing}")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_Hans",
                   "Project-Id-Version": "niangjia-relief"}
    for msgid in sorted(ids):
        po.append(polib.POEntry(msgid=msgid, msgstr=ZH[msgid]))
    out = os.path.join(HERE, "zh_Hans", "LC_MESSAGES")
    po.save(os.path.join(out, "django.po"))
    po.save_as_mofile(os.path.join(out, "django.mo"))
    os.sys.stdout.write(f"{len(ids)} messages\n")


if __name__ == "__main__":
    main()

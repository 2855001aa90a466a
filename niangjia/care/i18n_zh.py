"""zh_Hans translations of this app's UI msgids; `python -m niangjia.care.i18n_zh` writes .po and .mo."""

ZH = {
    "Active front-line members": "在册一线职工", "Add": "加入名单", "Allocate": "下拨", "Amount": "金额",
    "Autumn school aid (金秋助学)": "金秋助学", "Budget": "预算", "By union": "按工会", "Campaign": "活动",
    "Campaign created.": "活动已创建。", "Care & greetings": "送温暖", "Care campaigns": "送温暖活动",
    "Cash": "现金", "Cash and goods": "现金和物品", "Chosen by staff": "工作人员选定",
    "Columns 姓名, 身份证号; the whole file is refused if any row is wrong.": "列：姓名、身份证号；有一行出错则整份不导入。",
    "Confirm receipt": "确认签收", "Confirmed": "已签收", "Create": "创建", "End": "结束", "Excel import": "Excel 导入",
    "Export to Excel": "导出 Excel", "Front-line member": "一线职工", "Goods": "物品",
    "Heads of active hardship files": "在档困难职工（户主）", "Import": "导入",
    "Kind": "类别", "Log in to see the care the union sends you.": "登录后查看工会给您的慰问。", "Name": "名称",
    "New campaign": "新建活动", "Not yet confirmed": "待签收", "Nothing yet.": "暂无慰问记录。",
    "Passed down": "继续下拨", "Per person": "每人标准", "Period": "活动期间", "Person-times": "人次",
    "Received": "收到预算", "Record signed paper receipt": "登记纸质签收", "Saved.": "已保存。",
    "Select recipients": "选择慰问对象", "Start": "开始", "Summer coolness (送清凉)": "送清凉",
    "Thank you, receipt confirmed.": "已确认签收，谢谢。", "Total budget": "总预算",
    "Unconfirmed deliveries": "未签收的慰问", "Union": "工会", "Used": "已发放",
    "Visits and greetings (慰问)": "走访慰问", "Winter warmth (送温暖)": "送温暖", "amount per person": "每人标准",
    "end": "结束日期", "form": "发放形式", "goods": "物品", "kind": "类别", "name": "名称", "start": "开始日期",
    "total budget": "总预算", "yuan": "元",
    "Hardship file": "困难职工档案", "Model worker in difficulty": "困难劳模",
    "Model workers in difficulty (with an active hardship file)": "困难劳模（劳模且在困难职工档案中）",
    "Added %(count)s recipients.": "已加入 %(count)s 名慰问对象。",
    "From the budget of (and members of)": "使用哪个工会的预算（及其会员）", "Recipients to add": "慰问对象（按规则选出）",
    "Amount each (blank: the standard)": "每人金额（留空按标准）",
    # list grids (issue 12)
    "Recipient": "慰问对象", "Recipients": "慰问名单", "Chosen by": "来源", "Status": "状态", "All": "全部",
    "signed on paper": "纸质签收", "Photo of the signed receipt": "签收单照片",
    "Campaign or union name": "活动或工会名称",
    "No care campaigns yet. Create the first one with the form below.": "还没有慰问活动。用下面的表单创建第一个活动。",
    "No recipients yet. Add them by rule or import them from Excel above.": "还没有慰问对象。可以按上面的规则加入，或从 Excel 导入。",
    "Name, member no. or union": "姓名、会员编号或工会",
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

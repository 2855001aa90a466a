"""zh_Hans translations of this app's UI msgids; `python -m niangjia.mutual_aid.i18n_zh` writes .po and .mo."""

ZH = {
    "Active": "有效", "Cancelled": "已退保", "Awaiting bank transfer": "待银行转账", "Paid": "已发放",
    "Inpatient": "住院", "Serious illness": "重大疾病", "Front-line infection": "一线感染",
    "Submitted": "已提交，待审核", "First approval done": "初审通过，待终审",
    "Approved, awaiting payment": "已审批，待发放", "Rejected": "未通过", "Approved": "已审批",
    "plan code": "计划编号", "name": "名称", "premium per person": "每人保费", "second approval above": "超过此金额需两人审批",
    "hospital": "医院", "admission / event date": "入院（事故）日期", "discharge date": "出院日期",
    "invoice number": "发票号", "diagnosis": "诊断",
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

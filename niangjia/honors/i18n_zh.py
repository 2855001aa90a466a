"""zh_Hans translations of this app's UI msgids; `python -m niangjia.honors.i18n_zh` writes .po and .mo."""

ZH = {
    "blind review": "盲评", "highest and lowest dropped": "去掉最高分和最低分", "Close scoring and show results": "结束评分并公布结果",
    "Export panel results (Excel)": "导出结果（Excel）", "Criteria": "评分维度", "Panel results": "评审结果", "Rank": "名次",
    "Entry": "参评项目", "Entrant": "申报单位", "Judges counted": "有效评分人数", "Recused": "回避", "Score": "得分",
    "Recusals": "回避情况", "Panel judge": "评委", "Reason for recusal": "回避原因", "added by staff": "工作人员指定", "No recusals.": "没有需要回避的。",
    "Judges": "评委", "Affiliation": "身份", "Sheets submitted": "已提交评分", "Audit sheet (PDF)": "评分表（PDF）",
    "out of %(m)s": "满分 %(m)s", "My scoring panels": "我的评审", "You are not a judge on any panel.": "您目前没有参加评审。",
    "Submit scores": "提交评分", "Save, submit later": "暂存，稍后提交", "Back to the list": "返回列表", "Entry %(c)s": "参评项目 %(c)s",
    "weight %(w)s per cent, scored 0 to %(m)s": "权重 %(w)s%%，0–%(m)s 分",
    "Submitted at %(t)s; it can no longer be changed.": "已于 %(t)s 提交，不能再修改。", "Scoring panels": "评审打分",
    "Judges score entries on weighted criteria; a judge with a declared relation to an entrant (policies §15) never sees that entry; results show once scoring is closed.":
        "评委按加权维度打分；与申报单位有申报关系的评委（回避规定）看不到该项目；评分结束后才显示结果。",
    "Entries you have a declared relation with are not shown to you (recusal). Other judges' scores stay hidden until scoring closes.":
        "与您有申报关系的项目不会显示给您（回避）。评分结束前看不到其他评委的分数。",
    "Sheet submitted": "已提交", "To score": "待评分", "No entries to score.": "没有需要评分的项目。",
    "Panels waiting for my scores": "待我评分", "Scoring in progress": "评分中", "Scoring closed": "评分已结束",
    "panel organiser": "组织单位", "panel title": "评审名称", "date of the activity": "评审日期",
    "drop the highest and lowest total": "去掉最高分和最低分", "Worked for it": "曾在该单位工作",
    "Director or supervisor of it": "担任该单位董事、监事", "Controlling shareholder or actual controller": "控股股东或实际控制人",
    "Family of its legal representative": "法定代表人的亲属", "Another relation that may affect fairness": "其他可能影响公正的关系",
    "Submitted.": "已提交。", "Saved.": "已保存。", "No.": "编号", "Panel title": "评审名称", "Organising union": "组织单位",
    "Phase": "阶段", "Entries": "参评项目数", "Panel title or no.": "评审名称或编号",
    "No panels yet. The demo has one: 9 service projects, 28 judges.": "还没有评审。",
    "Scoring is closed; the results are below.": "评分已结束，结果如下。",
    # award rounds
    "Award rounds": "评优评先", "Year": "年度", "Round": "评选", "Award": "奖项", "Stage": "阶段", "Nominations": "推荐人数",
    "Nominations are checked live against the composition rules (for example industrial workers at least 35 per cent, migrant workers at least 10 per cent, non-public enterprises at least 35 per cent); a public notice takes objections before the final list.":
        "每添加一条推荐都会按构成要求核对（例如产业工人 ≥ 35%、农民工 ≥ 10%、非公有制企业 ≥ 35%）；确定最终名单前须公示并处理异议。",
    "No award rounds yet.": "还没有评选。", "Composition": "名单构成", "met": "符合", "%(n)s more needed": "还差 %(n)s 名",
    "%(n)s too many": "超出 %(n)s 名", "Public notice page": "公示页面", "Start the public notice": "开始公示",
    "Fix the final list": "确定最终名单", "Nomination places per union": "各单位推荐名额", "Objections to check": "待核查的异议",
    "Upheld: withdraw the nomination": "异议成立，撤销推荐", "Not upheld": "异议不成立", "Nominee": "推荐对象",
    "Nominating union": "推荐单位", "Categories": "类别", "Evidence": "证明材料", "No nominations yet.": "还没有推荐。",
    "Nominate": "推荐", "Nominee's employer": "工作单位", "Deeds": "主要事迹", "Evidence (PDF or images)": "证明材料（PDF 或图片）",
    "Finding": "核查结论", "public notice %(a)s to %(b)s": "公示期 %(a)s 至 %(b)s", "The final list.": "最终名单。",
    "Object to this nomination": "对该推荐提出异议", "Send the objection": "提交异议", "(log in first)": "（请先登录）",
    "Nobody is on the list.": "名单为空。",
    "Public notice from %(a)s to %(b)s. Anyone with facts showing a nominee does not qualify may object, under their own name; %(o)s checks every objection.":
        "公示期 %(a)s 至 %(b)s。如有事实证明推荐对象不符合条件，可以实名提出异议；%(o)s将逐条核查。",
    "nominated by %(o)s": "%(o)s推荐", "Choose the nominating union.": "请选择推荐单位。", "Nominated.": "已推荐。",
    "The public notice has started.": "已开始公示。", "The final list is fixed.": "最终名单已确定。",
    "Your objection is recorded; the union will check it and answer you.": "异议已记录，工会核查后会答复您。",
    "May Day Labour Certificate": "五一劳动奖状", "May Day Labour Medal": "五一劳动奖章", "Workers' Pioneer": "工人先锋号",
    "Local title": "本地荣誉", "Taking nominations": "推荐中", "Public notice": "公示中", "Final list": "已确定名单",
    "awarding union": "评选单位", "round title": "评选名称", "year": "年度", "award": "奖项",
    "days of public notice": "公示天数", "Nominated": "已推荐", "Objection being checked": "异议核查中",
    "Withdrawn": "已撤销", "On the final list": "已入选", "nominating union": "推荐单位", "nominee": "推荐对象",
    "nominee employer": "工作单位", "deeds": "主要事迹",
    # staff forms
    "Add an entry, a judge or a recusal": "添加参评项目、评委或回避", "Add the entry": "添加项目", "No declared relation": "无申报关系",
    "Add the judge": "添加评委", "Recuse": "回避", "Project": "项目名称", "Entrant organisation": "申报单位",
    "Credit code": "统一社会信用代码", "Legal representative": "法定代表人", "Judge mobile": "评委手机号", "Full name": "姓名",
    "Declared relation": "申报的关系", "Organisation or person": "单位或人员", "New panel": "新建评审", "Union": "工会",
    "Date of the activity": "评审日期", "Blind review (judges see codes, not names)": "盲评（评委只看到编号，看不到名称）",
    "Drop the highest and lowest total": "去掉最高分和最低分", "Criteria (weights add up to 100)": "评分维度（权重合计 100）",
    "Create the panel": "创建评审", "Criterion": "维度", "Weight (per cent)": "权重（%）", "Maximum score": "满分",
    "Add a model worker": "添加劳模", "Add to the registry": "加入名册", "Workplace": "工作单位",
    "Honour, e.g. 省劳动模范": "荣誉称号，如 省劳动模范", "Honour level": "级别", "Awarding body": "授予机关",
    "New mentor pair": "新建师徒结对", "Pair them": "结对", "Mentor mobile": "师傅手机号", "Apprentice mobile": "徒弟手机号",
    "From": "开始", "To": "结束", "Goals of the pair": "结对目标", "Declare a relation (recusal)": "申报关系（回避）",
    "Ended on (empty if it still holds)": "关系结束日期（仍存在则不填）", "Declare": "申报", "Organisation": "单位",
    "Credit code (if known)": "统一社会信用代码（如知道）", "For family: the legal representative": "亲属关系：法定代表人姓名",
    "New award round": "新建评选", "The national composition rules are filled in; staff adjust them per round.": "已按全国五一劳动奖的构成要求预置，可按本次评选调整。",
    "Create the round": "创建评选", "Round title": "评选名称", "Days of public notice": "公示天数",
    "Weights and maximum scores must be numbers.": "权重和满分须为数字。", "Choose the union and the date of the activity.": "请选择工会并填写评审日期。",
    "Declared. Entries this relation touches are no longer shown to you.": "已申报。与该关系相关的项目不再向您显示。",
    "Choose the union and enter the year.": "请选择工会并填写年度。", "Choose the union and both dates.": "请选择工会并填写起止日期。",
    # mentorship
    "Mentor and apprentice": "师徒结对", "Approved by the mentor": "师傅已确认", "Approve the task": "确认完成",
    "Waiting for the mentor": "待师傅确认", "I have done it": "我已完成", "Task to do": "待完成", "No tasks yet.": "还没有任务。",
    "Add the task": "添加", "Send the review": "提交评价", "You are not in a mentor pair.": "您目前没有师徒结对。",
    "A task for the apprentice": "给徒弟布置的任务", "A few words": "说几句", "Mentor %(m)s, apprentice %(a)s": "师傅 %(m)s，徒弟 %(a)s",
    "%(year)s review of my apprentice": "%(year)s 年度评价徒弟", "%(year)s review of my mentor": "%(year)s 年度评价师傅",
    "Mentor pairs": "师徒结对", "Mentor": "师傅", "Apprentice": "徒弟", "Pair period": "结对期限",
    "Tasks approved": "已确认任务", "Mentor rated": "徒弟评师傅", "Apprentice rated": "师傅评徒弟",
    "Mentorship completed": "按期出师", "End the pair": "终止结对", "No mentor pairs yet.": "还没有师徒结对。",
    # model-worker registry
    "Model-worker registry": "劳模名册", "Export the registry (Excel)": "导出名册（Excel）",
    "Name, workplace or title": "姓名、单位或称号", "Difficult model workers only": "只看困难劳模",
    "Search the registry": "查询", "Honours": "荣誉", "Care records": "关爱记录", "Difficult model worker": "困难劳模",
    "Nobody in the registry yet.": "名册中还没有人。", "hardship file no. %(n)s": "困难职工档案第 %(n)s 号",
    "No care recorded yet.": "还没有关爱记录。", "Year of care": "年度", "Kind of care": "关爱类型", "Amount, yuan": "金额（元）",
    "Note": "备注", "Record care": "记录关爱", "Hardship file no.": "困难档案编号", "Mark as a difficult model worker": "标记为困难劳模",
    "union keeping the record": "管理工会", "full name of the model worker": "劳模姓名", "workplace": "工作单位",
    "difficult model worker": "困难劳模", "National": "全国", "Provincial": "省级", "City": "市级",
    "Under way": "结对中", "Completed early": "提前出师", "Ended without completing": "已终止", "pair union": "所属工会",
    # issue 12 (helper grid)
    'Difficult model workers': '困难劳模',
    'Nobody in the registry yet. Add a model worker with the form above.': '名册中还没有劳模。请用上面的表单添加。',    'Round title or union': '评选名称或工会',
    'No award rounds yet. Open “New award round” above to start one.': '还没有评选。请点开上面的“新建评选”开始。',
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

"""zh_Hans translations of the contest msgids (网上练兵); merged into the app catalog by i18n_zh.py."""

ZH = {
    # models
    "bank title": "题库名称", "Single choice": "单选题", "Multiple choice": "多选题", "True or false": "判断题",
    "Fill in the blank": "填空题", "question kind": "题型", "category": "分类", "question": "题目", "answer": "答案",
    "contest title": "竞赛名称", "questions per paper": "每份试卷题数", "time limit (seconds)": "答题时限（秒）",
    "attempts per person": "每人答题次数", "attempts in the contest": "竞赛总答题人次", "opens at": "开始时间",
    "closes at": "结束时间", "certificates for the top": "前多少名获证书", "In progress": "答题中",
    "Finished": "已交卷", "Submitted": "主动交卷", "Time ran out": "超时自动交卷",
}

"""Registrations of the contest half of the app (audit labels), called from TrainingConfig.ready()."""


def ready() -> None:
    from niangjia.core import audit_labels
    from niangjia.training import todo_contests

    todo_contests.register()
    audit_labels.register(
        actions={"training.bank_import": "导入题库", "training.contest_create": "新建网上练兵竞赛",
                 "training.attempt_finish": "竞赛交卷", "training.flag_patterns": "检查雷同答卷",
                 "training.flag_review": "复核雷同答卷", "training.results_publish": "发布竞赛成绩"},
        objects={"training.questionbank": "题库", "training.contest": "网上练兵竞赛", "training.attempt": "竞赛答卷"},
    )

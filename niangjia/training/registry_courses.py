"""What the cloud classroom contributes to core's registries (audit labels, 我的办事), called from
TrainingConfig.ready()."""


def register() -> None:
    from niangjia.core import audit_labels, my_business
    from niangjia.training import selectors

    audit_labels.register(
        actions={"training.course_create": "新建课程", "training.course_status": "课程状态变更",
                 "training.lesson_add": "新增课时", "training.video_upload": "上传课程视频",
                 "training.poster": "上传视频封面", "training.certificate_issue": "颁发结业证书",
                 "training.certificate_revoke": "撤销结业证书"},
        objects={"training.course": "课程", "training.lesson": "课时", "training.certificate": "结业证书"},
        links={"training.course": "training:course_manage"},
    )
    my_business.register("training_courses", selectors.my_business_items)

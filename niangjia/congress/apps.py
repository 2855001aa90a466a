from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "niangjia.congress"
    label = "congress"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from niangjia.congress import selectors_proposals, services_retention, todo
        from niangjia.core import audit_labels, my_business
        from niangjia.core.services import retention

        retention.register("congress.secret_receipt", days=services_retention.RECEIPT_DAYS,
                           purge=services_retention.purge_secret_ballot_receipts,
                           what="无记名投票的已投票凭据（仅记录某代表已投票），自表决结束之日起计")
        todo.register()
        my_business.register("congress", selectors_proposals.my_business_items)
        audit_labels.register(
            actions={
                "congress.check_in": "职代会签到", "congress.motion_create": "新建议题", "congress.motion_open": "开始表决",
                "congress.motion_close": "结束表决并计票", "congress.ballot": "记名投票", "congress.sitting_start": "开始会议",
                "congress.proposal_create": "提出提案", "congress.proposal_second": "附议提案",
                "congress.proposal_submit": "提交提案", "congress.proposal_review": "审查提案",
                "congress.proposal_assign": "交办提案", "congress.proposal_answer": "答复提案",
                "congress.proposal_rate": "评价提案答复", "congress.proposal_follow_up": "督办提案",
                "congress.proposal_archive": "提案归档", "congress.department_add": "新增答复部门",
                "congress.delegates_from_election": "按选举结果产生代表",
            },
            objects={"congress.sitting": "职代会会议", "congress.motion": "议题", "congress.proposal": "提案",
                     "congress.department": "部门"},
            links={"congress.proposal": "congress:proposal"})

        from niangjia.core import purposes

        purposes.register(purposes.Purpose(
            code="congress", record="职工代表信息", data="姓名、代表团（组）、签到和记名表决记录；无记名表决只记是否已投票",
            purpose="召开职工代表大会：确认代表资格、计算到会人数和表决结果",
            basis="履行职代会制度所必需（《企业民主管理规定》）",
            retention=lambda: "会议记录长期保存；无记名投票的已投票凭据自表决结束起 "
                              f"{retention.periods()['congress.secret_receipt']} 天后删除"))

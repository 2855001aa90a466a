from django.apps import AppConfig


class BargainingConfig(AppConfig):
    name = "niangjia.bargaining"
    label = "bargaining"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from niangjia.bargaining import todo
        from niangjia.core import audit_labels

        audit_labels.register(
            actions={"bargaining.start": "登记集体协商要约", "bargaining.answer": "记录要约回应",
                     "bargaining.representative_add": "增加协商代表", "bargaining.representative_remove": "移除协商代表",
                     "bargaining.talks_start": "开始协商", "bargaining.round_add": "新增协商轮次",
                     "bargaining.minutes": "填写协商纪要", "bargaining.minutes_sign": "首席代表签署纪要",
                     "bargaining.position": "提出工资方案", "bargaining.draft": "形成集体合同草案",
                     "bargaining.submit_to_congress": "集体合同草案提交职代会", "bargaining.congress_result": "记录职代会表决结果",
                     "bargaining.sign": "集体合同签字", "bargaining.file": "集体合同报送审查",
                     "bargaining.objection": "记录审查异议", "bargaining.effective": "集体合同生效",
                     "bargaining.expire": "集体合同到期", "bargaining.opinion": "职工提出协商意见",
                     "bargaining.attach": "上传协商文件", "bargaining.workers_vote_open": "合同草案提交全体职工表决",
                     "bargaining.worker_ballot": "职工对合同草案投票", "bargaining.workers_vote_close": "全体职工表决计票",
                     "bargaining.headcount": "填写企业职工人数", "bargaining.ask": "职工要求工会发起协商",
                     "bargaining.region_params": "保存地区工资参数"},
            objects={"bargaining.negotiation": "集体协商", "bargaining.agreement": "集体合同",
                     "bargaining.staffheadcount": "企业职工人数", "bargaining.regionwageparams": "地区工资参数"},
            links={"bargaining.negotiation": "bargaining:detail"},
            # The side a step was taken by (`side`, `by`, `from_side`).
            values={"union": "工会方", "employer": "企业方", "both": "双方"},
            fields={"employer": "企业方"},  # talks_start counts the representatives per side
        )
        todo.register()
        from niangjia.core import purposes

        purposes.register(purposes.Purpose(
            code="bargaining", record="集体协商意见与代表信息",
            data="协商代表的姓名和职务；职工提出的意见",
            purpose="开展工资集体协商、记录双方立场和职工意见、形成集体合同",
            basis="履行《集体合同规定》所必需", shared_with="协商代表和职代会",
            retention="集体合同及协商记录长期保存"))

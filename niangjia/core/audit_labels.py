"""How the audit trail reads to people: Chinese action and object names, changes as "字段: 旧值 → 新值", personal
data masked, a link to the object. Apps add their own names with `register(actions=..., objects=..., links=...)`
in AppConfig.ready(); the names below cover what exists today so the page reads well before they do.
"""

from django.urls import NoReverseMatch, reverse

from niangjia.core import pii

ACTIONS: dict[str, str] = {
    "account.password_change": "修改密码", "account.register": "注册账户", "account.unlock": "解锁账户",
    "api.token_create": "创建接口令牌", "audit.export": "导出操作日志", "export.download": "下载导出文件", "api.token_revoke": "吊销接口令牌",
    "care.allocate": "下拨慰问预算", "care.campaign_create": "创建慰问活动", "care.receipt_confirm": "确认慰问签收",
    "care.receipt_paper": "登记纸质签收", "care.recipients_add": "添加慰问对象",
    "member.export": "导出会员名单", "member.import": "导入会员名单", "member.join_apply": "提交入会申请",
    "member.join_approve": "通过入会申请", "member.join_reject": "退回入会申请", "member.left": "登记会员离会",
    "member.model_worker": "设置劳模标记", "member.transfer_apply": "提交转会申请",
    "member.transfer_approve": "通过转会申请", "member.transfer_reject": "退回转会申请",
    "mutual_aid.claim_approve": "核定互助理赔", "mutual_aid.claim_batch_approve": "批量核定互助理赔",
    "mutual_aid.claim_first_approve": "初审互助理赔", "mutual_aid.claim_reject": "退回互助理赔",
    "mutual_aid.claim_submit": "提交互助理赔", "mutual_aid.enrol_batch": "批量参保", "mutual_aid.payout_batch": "生成互助金发放批次",
    "mutual_aid.payout_paid": "登记互助金已发放", "mutual_aid.plan_copy": "复制互助计划", "mutual_aid.plan_edit": "修改互助计划",
    "mutual_aid.plan_publish": "发布互助计划", "mutual_aid.plan_renew": "续期互助计划", "mutual_aid.plan_what_if": "测算互助计划",
    "mutual_aid.premium_paid": "登记保费已缴", "mutual_aid.self_enrol": "会员自助参保",
    "org.create": "新建组织", "org.rename": "组织更名", "org.move": "移动组织", "pii.reveal": "查看完整个人信息",
    "relief.apply": "提交帮扶申请", "relief.approve": "通过帮扶申请", "relief.review": "初审通过帮扶申请",
    "relief.reject": "退回帮扶申请", "relief.batch_create": "生成帮扶发放批次", "relief.batch_paid": "登记帮扶资金已发放",
    "relief.campaign_approve": "批准帮扶活动", "relief.campaign_create": "创建帮扶活动", "relief.campaign_run": "执行帮扶活动",
    "relief.dibao_set": "设置低保标准", "relief.file_application_step": "办理建档步骤", "relief.file_apply": "提交建档申请",
    "relief.file_import": "导入困难职工档案", "relief.file_open": "建立困难职工档案", "relief.file_status": "变更档案状态",
    "relief.flag_clear": "解除监测预警", "relief.flag_raise": "标记监测预警", "relief.household_create": "新建困难家庭",
    "relief.household_evidence": "上传家庭证明材料", "relief.policy_activate": "启用帮扶政策", "relief.policy_draft": "起草帮扶政策",
    "relief.reverse": "冲正帮扶发放", "relief.visit": "登记走访",
    "rights.appointment_book": "预约咨询", "rights.appointment_cancel": "取消预约", "rights.article_save": "保存知识库文章",
    "rights.case_assignee": "分派维权工单", "rights.case_intake": "登记维权工单", "rights.case_open": "创建维权工单",
    "rights.case_rate": "评价维权工单", "rights.case_reply": "回复维权工单", "rights.counsellor_active": "启用/暂停志愿者",
    "rights.counsellor_register": "登记志愿者", "rights.deadlines_save": "保存办理时限", "rights.duty_add": "添加值班",
    "rights.duty_remove": "移除值班", "rights.holiday_delete": "删除节假日", "rights.holiday_save": "保存节假日",
    "rights.letter_deliver": "送达监督文书", "rights.letter_follow_up": "跟进监督文书", "rights.letter_issue": "签发监督文书",
    "rights.letter_pdf": "生成监督文书PDF", "rights.letter_response": "登记文书回复", "rights.mediation_agreement": "签订调解协议",
    "rights.mediation_confirm": "确认调解协议", "rights.mediation_paper_signature": "登记调解协议纸面签字", "rights.mediation_open": "受理劳动争议调解", "rights.mediation_refer": "转交调解",
    "rights.mediation_session": "登记调解会谈", "rights.session_note_read": "查阅咨询记录",
    "rights.session_note_read_denied": "查阅咨询记录被拒", "rights.session_note_write": "填写咨询记录",
    "rights.session_note_write_denied": "填写咨询记录被拒", "rights.signal_report": "报告用工风险", "rights.sla_save": "保存服务时限",
    "rights.slot_publish": "发布咨询时段", "rights.supervisor_clear": "取消督办人", "rights.supervisor_set": "设置督办人",
    "rights.synonyms_delete": "删除同义词", "rights.synonyms_save": "保存同义词", "role.grant": "授予角色", "role.revoke": "收回角色",
}
OBJECTS: dict[str, str] = {
    "core.member": "会员", "core.org": "组织", "core.user": "账户", "core.joinrequest": "入会申请",
    "core.transferrequest": "转会申请", "core.orgrole": "角色", "relief.application": "帮扶申请", "relief.household": "困难家庭",
    "relief.hardshipfile": "困难职工档案", "relief.policy": "帮扶政策", "relief.paymentbatch": "帮扶发放批次",
    "relief.campaign": "帮扶活动", "relief.disbursement": "帮扶发放", "mutual_aid.claim": "互助理赔", "mutual_aid.plan": "互助计划",
    "mutual_aid.enrolment": "参保", "mutual_aid.payoutbatch": "互助金发放批次", "rights.case": "维权工单",
    "rights.mediation": "劳动争议调解", "rights.supervisionletter": "监督文书", "rights.appointment": "咨询预约",
    "care.campaign": "慰问活动", "care.recipient": "慰问对象",
}
LINKS: dict[str, str] = {
    "core.member": "core:member_detail", "core.org": "core:org_detail", "relief.household": "relief:household",
    "rights.case": "rights:staff_case", "rights.supervisionletter": "rights:letter", "rights.mediation": "rights:mediation",
"care.campaign": "care:campaign",
}
FIELDS: dict[str, str] = {
    "reason": "理由", "level": "审批层级", "status": "状态", "q": "关键词", "rows": "行数", "org_id": "工会", "amount": "金额",
    "field": "字段", "role": "角色", "name": "名称", "old": "原值", "new": "新值", "count": "数量", "total": "合计",
    "title": "称号", "model_worker": "劳模", "note": "备注", "kind": "类别", "year": "年度", "from": "从", "to": "到",
    "approved_amount": "核定金额", "category": "类别", "answer_due": "答复期限", "number": "编号",
    "self_paid": "自付金额", "quoted": "测算金额", "members": "成员", "plan": "计划", "batch": "批次", "file": "档案",
    "household": "家庭", "case": "工单", "month": "月份", "since": "从", "until": "到",
    # An export's record (core.exports.record_download) and the audit log's own filters.
    "subject": "导出内容", "filters": "筛选条件", "who": "操作人", "action": "动作", "object_type": "对象类型",
    "object_id": "对象编号",
}
# Codes that summaries carry as values, shown by their Chinese names.
VALUES: dict[str, str] = {
    "hospitalization": "住院", "chronic": "慢性病", "special": "特殊困难", "education": "助学", "living": "生活救助",
    "submitted": "已提交", "reviewed": "已初审", "district_approved": "区级已批", "approved": "已通过", "rejected": "已退回",
    "active": "有效", "exited": "已脱困", "relapsed": "返困", "pending": "待审核", "transferred": "已转出", "left": "已离会",
    "new": "新建", "assigned": "已分派", "in_progress": "处理中", "resolved": "已解决", "closed": "已关闭",
    "paid": "已发放", "reversed": "已冲正", "grassroots": "基层", "district": "区（县）", "city": "市", "street": "街道",
    "staff": "工作人员", "approver": "审批人", "admin": "管理员", "social_worker": "社工", "lawyer": "志愿律师",
    "psychologist": "心理咨询师", "inpatient": "住院", "serious_illness": "重大疾病", "frontline_infection": "一线感染",
    "accidental_injury": "意外伤害", "first_approved": "已初审", "deep": "深度困难", "relative": "相对困难",
    "sudden": "意外致困", "opinion": "意见书", "suggestion": "建议书", "bank_account": "银行账号",
    "pdf": "PDF", "xlsx": "Excel", "csv": "CSV",
}
# Words the domain apps' services put in audit summaries and their action codes: named here once so the audit page
# never shows a raw key (niangjia/tests/test_audit_labels_complete.py scans every audit.record call).
_FIELDS_APPS = {
    "abstain": "弃权", "accepted": "已接受", "active": "启用", "after": "修改后", "after_refusal": "拒绝后",
    "amount_each": "每人金额", "applicants": "报名人数", "approved": "已核定", "at": "时间", "attachment": "附件",
    "attachments": "附件", "audience": "发送范围", "auto": "自动", "awarded": "授予", "bank": "银行账户", "before": "修改前",
    "budget": "预算", "by": "操作人", "bytes": "字节数", "campaign": "活动", "capacity": "名额", "capped": "封顶",
    "certified": "已认证", "channel": "渠道", "chief": "首席代表", "choice": "选择", "claims": "诉求", "co": "协办部门", "code": "编码",
    "computed": "计算金额", "confirmed": "已确认", "congress_motion": "职代会议题", "contact_shared": "已同意提供联系方式",
    "corrected": "已更正", "course": "课程", "coverage": "保障", "created": "新建", "cycle": "团购周期", "day": "日期",
    "decision": "决定", "delegate": "代表", "delegates_total": "应到人数", "device": "设备", "document": "单据", "due": "期限",
    "effective_on": "生效日期", "elected": "当选", "employed": "已就业", "employers": "企业数", "enrol": "参保", "entrant": "参评对象",
    "event": "活动", "exists": "已存在", "exit_proposed": "建议脱困", "expires_at": "到期时间", "fast_start": "开始过快",
    "files": "文件", "filing_due": "报送期限", "first_response_days": "首次响应天数", "flagged": "已标记", "flags": "标记",
    "followups": "跟进次数", "format": "格式", "from_parent": "原上级组织", "from_side": "提出方", "granted": "已授予",
    "grantor": "委托人", "group": "代表团（组）", "health_limits": "健康限制", "helper": "帮扶责任人", "holder": "受托人", "hours": "时长",
    "how": "方式", "id_number": "身份证号", "include_subtree": "含下级组织", "income": "收入", "increase_pct": "增幅（%）",
    "inserted": "新增", "instalment": "分期", "invoice_no": "发票号", "is_workday": "是否工作日", "items": "明细", "judge": "评委",
    "kept": "保留", "kind_of_work": "工种", "late": "逾期", "lead": "主办部门", "length": "长度", "limit": "限购数量",
    "linked_memberships": "关联会籍", "locks": "锁定次数", "member": "会员", "method": "方式", "min": "最低数量", "mode": "方式",
    "motion": "议题", "mutual": "双向选择", "names": "姓名", "new_member": "新会籍", "no": "反对", "nominee": "被推荐人",
    "objection_end": "异议期截止", "occasion": "节日/事由", "old_member": "原会籍", "on": "日期", "order": "订单",
    "orgs_moved": "移动组织数", "outcome": "结果", "override": "人工调整", "paid": "已发放", "parent": "上级组织", "party": "当事方",
    "passed": "通过", "period": "期间", "phone": "手机号", "photos": "照片", "places": "名额", "policy": "政策", "position": "位置",
    "positions": "岗位", "premium": "保费", "premium_total": "保费合计", "present": "实到人数", "price": "价格",
    "proxies_enabled": "允许委托", "public": "公开", "purpose": "用途", "quantity": "数量", "questions": "题目数",
    "ranked": "参与排名", "rating": "评价", "reasons": "理由", "received_on": "收到日期", "recipients": "接收人",
    "rectified": "已整改", "ref": "参考号", "refused": "拒绝", "region": "地区", "reply_due": "答复期限",
    "resolution_days": "办结天数", "returned": "退回", "reverses": "冲正对象", "review_status": "复核状态", "reviewed_on": "复核日期",
    "root": "根组织", "round": "轮次", "rules": "规则", "salary": "薪资", "sale": "抢购", "score": "得分", "seats": "名额",
    "seconders": "附议人", "seconds": "秒数", "secret": "无记名", "seed": "抽签种子", "sent_back": "退回重办", "shift": "班次",
    "short": "缺货", "side": "一方", "signed_on": "签署日期", "sitting": "会议", "slot": "时段", "source": "来源", "staff": "工作人员",
    "stage": "阶段", "starts_at": "开始时间", "stock": "库存", "supervisor": "督办人", "supplier": "供应商", "task": "任务",
    "tied": "票数相同", "time_limit": "限时", "to_parent": "新上级组织", "unfilled": "空缺名额", "union": "工会", "units": "件数",
    "unread": "未读", "upheld": "成立", "user": "账户", "user_id": "账户", "uscc": "统一社会信用代码", "version": "版本", "via": "方式",
    "wage": "工资", "waiting_days": "等待期（天）", "was": "原为", "was_locked_until": "原锁定至", "without_reason": "无理由",
    "workers_covered": "覆盖职工数", "yes": "赞成", "left_for_review": "留待复核",
    "min_candidate_pct": "最低差额率（%）", "handling_grade": "办理评级", "best": "最佳提案", "changes": "修改内容",
    "workers_total": "职工总数", "closes_on": "截止日期", "vote": "表决", "replaces": "替代版本",
    "fair": "招聘会", "posts": "岗位数", "verified": "直接审核通过",
}
_ACTIONS_APPS = {
    "account.close": "注销账户", "account.locked": "账户被锁定", "account.login_code": "验证码登录",
    "account.password_reset": "重置密码", "account.verify_identity": "实名认证", "congress.delegates_import": "导入职工代表",
    "congress.proxies": "设置委托投票", "congress.proxy": "登记委托投票", "congress.proxy_remove": "撤销委托投票",
    "correction.decide": "处理更正申请", "correction.request": "提出更正申请", "events.draw": "公开抽签", "honors.care": "登记劳模关怀",
    "honors.finalize": "确定最终名单", "honors.nominate": "提交推荐", "honors.objection": "提出公示异议",
    "honors.objection_decide": "处理公示异议", "honors.pair_close": "结束师徒结对", "honors.pair_create": "建立师徒结对",
    "honors.publicity": "发布公示", "honors.quota": "分配推荐名额", "honors.registry_add": "登记劳模",
    "honors.registry_difficult": "标记困难劳模", "honors.round_create": "创建评选", "honors.task_approve": "认可带徒任务",
    "honors.withdraw": "撤回推荐", "job.download": "下载后台任务结果", "job.start": "启动后台任务", "payee.account_change": "修改收款账户",
    "payee.account_confirm": "确认收款账户", "payout.batch_create": "生成发放批次", "payout.batch_release": "放行发放批次",
    "payout.results_import": "导入银行回单", "pii.self_export": "导出本人数据", "relief.household_merge": "合并重复家庭",
    "relief.income_record": "登记家庭收入", "rights.call_event": "热线通话", "rights.call_event_refused": "热线通话被拒",
    "rights.case_message": "工单留言", "rights.case_overdue_notice": "工单逾期提醒",
    "rights.mediation_missed_payment": "登记调解协议未履行", "rights.risk_change": "调整风险等级",
    "congress.min_candidate_pct": "设置最低差额率", "congress.proposal_best": "评选最佳提案",
    "congress.proposal_grade": "评定提案办理等级",
}
FIELDS.update(_FIELDS_APPS)
ACTIONS.update(_ACTIONS_APPS)
SENSITIVE = ("id_number", "phone", "mobile", "bank", "account_no", "diagnosis", "password", "token", "address")


def register(*, actions: dict | None = None, objects: dict | None = None, links: dict | None = None,
             fields: dict | None = None, values: dict | None = None) -> None:
    ACTIONS.update(actions or {})
    FIELDS.update(fields or {})
    VALUES.update(values or {})
    OBJECTS.update(objects or {})
    LINKS.update(links or {})


def action_label(code: str) -> str:
    return ACTIONS.get(code, "其他操作")


def object_label(object_type: str) -> str:
    return OBJECTS.get(object_type, "记录") if object_type else ""


def object_url(object_type: str, object_id: str) -> str:
    name = LINKS.get(object_type)
    if not name or not str(object_id).isdigit():
        return ""
    try:
        return reverse(name, args=[int(object_id)])
    except NoReverseMatch:
        return ""


def _mask(key: str, value) -> str:
    text = "" if value is None else str(value)
    if "phone" in key or "mobile" in key:
        return pii.mask_phone(text)
    if "id_number" in key:
        return pii.mask_id_number(text)
    if "bank" in key or "account" in key:
        return pii.mask_bank_account(text)
    return "（已隐藏）" if text else ""


def _value(key: str, value) -> str:
    if any(s in key for s in SENSITIVE):
        return _mask(key, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or value == "":
        return "（空）"
    if isinstance(value, list | tuple):
        return "、".join(_value(key, v) for v in value)
    if isinstance(value, str) and value in VALUES:
        return VALUES[value]
    return str(value)


def changes(summary: dict | None) -> list[str]:
    """{"status": ["new", "closed"], "reason": "材料不全"} → ["状态: new → closed", "理由: 材料不全"]."""
    out = []
    for key, value in (summary or {}).items():
        label = FIELDS.get(key, key)
        if isinstance(value, dict) and set(value) >= {"old", "new"}:
            out.append(f"{label}: {_value(key, value['old'])} → {_value(key, value['new'])}")
        elif isinstance(value, list | tuple) and len(value) == 2 and key.endswith(("_change", "status")):
            out.append(f"{label}: {_value(key, value[0])} → {_value(key, value[1])}")
        elif isinstance(value, dict):
            out.append(f"{label}: " + "；".join(f"{FIELDS.get(k, k)} {_value(k, v)}" for k, v in value.items()))
        else:
            out.append(f"{label}: {_value(key, value)}")
    return out


def readable(event) -> dict:
    actor = event.actor
    return {
        "event": event,
        "action": action_label(event.action),
        "object": object_label(event.object_type),
        "object_id": event.object_id,
        "url": object_url(event.object_type, event.object_id),
        "changes": changes(event.summary if isinstance(event.summary, dict) else {}),
        "actor": str(actor) if actor else "系统",
    }

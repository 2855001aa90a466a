"""Demo of skill contests (网上练兵): the platform's demo bank (48 questions in 4 categories, all four kinds,
rows in the Excel import format) and one open contest of the demo city union. Created once; called from
training/demo.py."""

import datetime as dt


def _q(kind, cat, text, answer, *options, points="1"):
    row = {"题型": kind, "分类": cat, "题目": text, "答案": answer, "分值": points}
    row.update({f"选项{'ABCDEF'[i]}": o for i, o in enumerate(options)})
    return row


LAW, SAFETY, UNION, HEALTH = "劳动法律法规", "安全生产", "工会知识", "职业健康"

DEMO_QUESTIONS = [
    _q("单选", LAW, "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付几倍的工资？",
       "B", "一倍", "二倍", "三倍", "不需支付"),
    _q("单选", LAW, "劳动合同期限三个月以上不满一年的，试用期不得超过多长时间？", "A", "一个月", "二个月", "三个月", "六个月"),
    _q("单选", LAW, "国家实行劳动者每日工作时间不超过几小时的工时制度？", "C", "六小时", "七小时", "八小时", "十小时"),
    _q("单选", LAW, "劳动争议申请仲裁的时效期间为多长？", "D", "三个月", "六个月", "二年", "一年"),
    _q("多选", LAW, "下列哪些情形下，劳动者可以随时通知用人单位解除劳动合同？", "ABC",
       "未按照劳动合同约定提供劳动保护", "未及时足额支付劳动报酬", "未依法为劳动者缴纳社会保险费", "单位调整了食堂菜谱"),
    _q("多选", LAW, "用人单位安排劳动者延长工作时间，下列关于加班费的说法正确的有？", "ACD",
       "工作日延长工作时间支付不低于工资的150%", "休息日安排工作一律支付200%且不得补休",
       "休息日安排工作又不能安排补休的支付不低于200%", "法定休假日安排工作支付不低于300%"),
    _q("判断", LAW, "用人单位可以扣押劳动者的居民身份证作为入职担保。", "错"),
    _q("判断", LAW, "女职工生育享受不少于九十八天的产假。", "对"),
    _q("判断", LAW, "劳动者在试用期内被证明不符合录用条件的，用人单位可以解除劳动合同。", "对"),
    _q("填空", LAW, "《中华人民共和国劳动合同法》规定，建立劳动关系，应当订立____劳动合同。", "书面"),
    _q("填空", LAW, "劳动争议发生后，当事人可以向本单位劳动争议____委员会申请调解。", "调解"),
    _q("填空", LAW, "用人单位支付劳动者的工资不得低于当地____工资标准。", "最低"),
    _q("单选", SAFETY, "安全生产工作坚持什么方针？", "A", "安全第一、预防为主、综合治理", "效益优先、兼顾安全",
       "先生产后安全", "谁主管谁负责"),
    _q("单选", SAFETY, "发现火灾时，应立即拨打的报警电话是？", "C", "110", "120", "119", "122"),
    _q("单选", SAFETY, "使用干粉灭火器灭火时，应对准火焰的什么部位喷射？", "B", "上部", "根部", "中部", "任意部位"),
    _q("单选", SAFETY, "进入有限空间作业前，必须首先进行什么？", "D", "签到", "照相", "清点工具", "通风和气体检测"),
    _q("多选", SAFETY, "“三违”行为指的是哪些？", "ABC", "违章指挥", "违章作业", "违反劳动纪律", "违反交通规则"),
    _q("多选", SAFETY, "从业人员在安全生产方面享有的权利包括？", "ABD", "知情权和建议权", "拒绝违章指挥和强令冒险作业",
       "随意停工休息", "紧急情况下停止作业和撤离"),
    _q("判断", SAFETY, "特种作业人员必须经专门的安全作业培训，取得相应资格，方可上岗作业。", "对"),
    _q("判断", SAFETY, "电气设备着火时，可以直接用水扑救。", "错"),
    _q("判断", SAFETY, "高处作业是指在坠落高度基准面2米以上（含2米）有可能坠落的高处进行的作业。", "对"),
    _q("填空", SAFETY, "生产经营单位的____是本单位安全生产第一责任人。", "主要负责人|法定代表人"),
    _q("填空", SAFETY, "安全色中表示禁止、停止的颜色是____色。", "红|红色"),
    _q("填空", SAFETY, "每年的____月是全国“安全生产月”。", "6|六"),
    _q("单选", UNION, "中华全国总工会成立于哪一年？", "B", "1921年", "1925年", "1949年", "1978年"),
    _q("单选", UNION, "工会会员按月缴纳的会费为本人工资收入的多少？", "A", "0.5%", "1%", "2%", "5%"),
    _q("单选", UNION, "建立工会组织的企业，按每月全部职工工资总额的多少向工会拨缴经费？", "C", "0.5%", "1%", "2%", "5%"),
    _q("单选", UNION, "基层工会委员会每届任期为几年？", "D", "一年", "二年", "十年", "三年或者五年"),
    _q("多选", UNION, "工会的基本职责包括哪些？", "ABC", "维护职工合法权益", "竭诚服务职工群众", "参与民主管理",
       "代替企业经营决策"),
    _q("多选", UNION, "职工代表大会的职权包括？", "ACD", "审议企业发展规划", "任免企业全部中层干部",
       "审议通过集体合同草案", "评议监督企业领导人员"),
    _q("判断", UNION, "企业、事业单位、社会组织职工二十五人以上的，应当建立基层工会委员会。", "对"),
    _q("判断", UNION, "用人单位可以因职工参加工会活动而降低其工资。", "错"),
    _q("判断", UNION, "工会主席、副主席任期未满时，不得随意调动其工作。", "对"),
    _q("填空", UNION, "每年的5月1日是国际____节。", "劳动"),
    _q("填空", UNION, "《中华人民共和国工会法》规定，工会是中国共产党领导的____自愿结合的工人阶级群众组织。", "职工"),
    _q("填空", UNION, "集体合同由工会代表____一方与用人单位订立。", "职工"),
    _q("单选", HEALTH, "职业病诊断应当由哪类机构承担？", "B", "任何医院", "取得资质的医疗卫生机构", "用人单位医务室",
       "社区诊所"),
    _q("单选", HEALTH, "长时间操作电脑，每工作一小时宜休息多长时间？", "A", "10至15分钟", "1分钟", "不需要休息", "1小时"),
    _q("单选", HEALTH, "接触噪声的劳动者应佩戴什么个人防护用品？", "C", "安全帽", "防护眼镜", "耳塞或耳罩", "绝缘手套"),
    _q("单选", HEALTH, "用人单位应当为从事接触职业病危害作业的劳动者组织什么检查？", "D", "入学检查", "驾驶体检",
       "婚前检查", "上岗前、在岗期间和离岗时的职业健康检查"),
    _q("多选", HEALTH, "高温天气作业，预防中暑的措施包括？", "ABD", "调整作息时间", "供应防暑降温饮料", "连续延长作业时间",
       "发放高温津贴"),
    _q("多选", HEALTH, "下列属于法定职业病种类的有？", "ABC", "尘肺病", "职业性噪声聋", "职业性化学中毒", "普通感冒"),
    _q("判断", HEALTH, "劳动者有权了解工作场所产生或者可能产生的职业病危害因素。", "对"),
    _q("判断", HEALTH, "疑似职业病病人在诊断、医学观察期间，用人单位可以解除劳动合同。", "错"),
    _q("判断", HEALTH, "职业健康检查费用由用人单位承担。", "对"),
    _q("填空", HEALTH, "我国《职业病防治法》规定，职业病防治工作坚持____为主、防治结合的方针。", "预防"),
    _q("填空", HEALTH, "心肺复苏时，成人胸外按压的频率为每分钟____次至120次。", "100|一百"),
    _q("填空", HEALTH, "用人单位应当建立、健全职业卫生____制度和操作规程。", "管理"),
]

DEMO_CONTEST = "2026年全市职工安全生产与劳动法律知识网上练兵"


def seed(stdout) -> None:
    from django.utils import timezone

    from niangjia.core.models import Org, OrgRole
    from niangjia.training import services_contests as services
    from niangjia.training.models import Contest

    bank = services.ensure_demo_bank()
    city = Org.objects.filter(parent=None, level="city").order_by("pk").first()
    if city is None or Contest.objects.filter(org=city, title=DEMO_CONTEST).exists():
        return
    staff = OrgRole.objects.filter(org=city).select_related("user").first()
    contest = Contest.objects.create(
        org=city, title=DEMO_CONTEST, bank=bank, question_count=20,
        draw={LAW: 5, SAFETY: 5, UNION: 5, HEALTH: 5}, time_limit_seconds=15 * 60, max_attempts_per_person=3,
        opens_at=timezone.now(), closes_at=timezone.now() + dt.timedelta(days=60), certificate_top_n=10,
        created_by=staff.user if staff else None)
    stdout.write(f"training: demo bank ({len(DEMO_QUESTIONS)} questions) and contest #{contest.pk} "
                 f"“{DEMO_CONTEST}” (20 questions, 15 minutes, 3 attempts each)\n")

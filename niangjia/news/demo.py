"""Demo notices of the city federation: two public ones (a notice and a policy digest), one pushed to the staff
of every union with part of it read, and one scheduled for next week. Created once."""

import datetime as dt
import random

PUBLIC_NOTICE = "关于做好2027年元旦春节期间困难职工送温暖工作的通知"
DIGEST = "2026年惠企稳岗政策汇编（第四期）"
STAFF_NOTICE = "关于报送2026年度工会经费收支情况的通知"
SCHEDULED = "关于开展2027年职工疗休养报名工作的预通知"


def seed(stdout) -> None:
    from django.db import transaction
    from django.utils import timezone

    from niangjia.core.models import Org, User
    from niangjia.news import services
    from niangjia.news.models import Notice, ReadReceipt

    city = Org.objects.filter(level="city").order_by("id").first()
    admin = User.objects.filter(org_roles__role="admin", org_roles__org=city).first() if city else None
    if city is None or admin is None or Notice.objects.filter(title=PUBLIC_NOTICE).exists():
        return
    now = timezone.now()
    with transaction.atomic():
        services.create_notice(
            admin, org_id=city.pk, audience_org_id=city.pk, kind="notice", title=PUBLIC_NOTICE, is_public=True,
            summary="各级工会摸清困难职工底数，元旦春节前把慰问金和慰问品送到职工手中。",
            body=("各区总工会、产业工会，各基层工会：\n\n"
                  "为做好2027年元旦春节期间困难职工送温暖工作，现将有关事项通知如下：\n"
                  "一、摸清底数。以在档困难职工、困难劳模和因病因灾临时困难职工为重点，逐户走访核实。\n"
                  "二、精准慰问。慰问金按市总工会规定的标准发放，严禁以慰问名义发放购物卡。\n"
                  "三、及时报送。请于2027年1月15日前通过工作台报送慰问名单和发放情况。\n\n"
                  "职工如有困难，可在“娘家”首页点“困难帮扶”申请，或拨打职工服务热线 12351。"),
            remind_after_days=3, publish_now=True)
        services.create_notice(
            admin, org_id=city.pk, audience_org_id=city.pk, kind="digest", title=DIGEST, is_public=True,
            summary="社保费减免与缓缴、稳岗返还、以工代训补贴、职业技能提升补贴的申请条件和办理渠道。",
            body=("一、失业保险稳岗返还：上年度未裁员或裁员率不高于规定比例的参保企业可申请。\n"
                  "二、以工代训补贴：吸纳登记失业人员并开展以工代训的企业，按人按月补贴。\n"
                  "三、职业技能提升补贴：取得职业资格证书或职业技能等级证书的参保职工可申请。\n"
                  "四、办理渠道：各地人社部门网上办事大厅；工会可协助职工和企业咨询。"),
            remind_after_days=0, publish_now=True)
        staff_notice = services.create_notice(
            admin, org_id=city.pk, audience_org_id=city.pk, kind="notice", title=STAFF_NOTICE, audience="staff",
            body="请各级工会于12月20日前报送本年度工会经费收支情况表（附件格式见工作台“报表”）。",
            remind_after_days=3, publish_now=True)
        # About half of the unions' staff have read it, so the read-rate table has something to show.
        rng = random.Random(2026)
        receipts = list(ReadReceipt.objects.filter(notice=staff_notice).values_list("pk", flat=True))
        read = [pk for pk in receipts if rng.random() < 0.5]
        ReadReceipt.objects.filter(pk__in=read).update(read_at=now - dt.timedelta(hours=3))
        Notice.objects.filter(pk=staff_notice.pk).update(read_count=len(read))
        services.create_notice(
            admin, org_id=city.pk, audience_org_id=city.pk, kind="notice", title=SCHEDULED,
            body="2027年职工疗休养报名将于下周在“活动报名”开放，一线职工优先。", publish_at=now + dt.timedelta(days=7),
            remind_after_days=3)
    stdout.write("news: 4 demo notices (2 public, 1 to union staff, 1 scheduled)\n")

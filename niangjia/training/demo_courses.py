"""Demo of the cloud classroom: three published courses of the demo city union, one with a real 12-second
MP4 lesson (generated once with ffmpeg's test pattern and a 440 Hz tone, committed under demo_media/, 180 KB)
and its poster frame. Created once; called from training/demo.py."""

import hashlib
from pathlib import Path

MEDIA = Path(__file__).resolve().parent / "demo_media"
COURSES = [
    ("安全生产基础（车间篇）", "safety", "beginner", "安全 安全帽 劳保 电工 车间",
     "安全帽、劳保用品和车间用电的基本常识，一线职工必修。",
     [("第一课 安全帽的正确佩戴", "video", ""),
      ("第二课 劳动保护用品", "text", "劳动保护用品（劳保用品）是保护职工在生产过程中人身安全与健康的防护装备。\n"
       "用人单位应当免费发放符合国家标准的劳保用品，并教育职工正确佩戴使用。")]),
    ("劳动合同那些事", "law", "beginner", "劳动合同 工资 加班 维权 法律",
     "签合同、试用期、加班费和工资拖欠时怎么办。",
     [("签订书面劳动合同", "text", "建立劳动关系，应当订立书面劳动合同。已建立劳动关系、未同时订立书面劳动合同的，"
       "应当自用工之日起一个月内订立。"),
      ("加班费怎么算", "text", "工作日延长工作时间支付不低于工资的 150%；休息日安排工作又不能安排补休的支付不低于 200%；"
       "法定休假日安排工作支付不低于 300%。")]),
    ("家政服务员入门", "skills", "beginner", "家政 保洁 育婴 养老 护理 技能",
     "家政服务的职业规范、保洁与照护基础，适合转岗再就业。",
     [("职业规范与礼仪", "text", "守时守信、尊重客户隐私、服务前后沟通确认。"),
      ("居家保洁要点", "text", "由上到下、由里到外；不同区域的抹布分色使用。")]),
]


def seed(stdout) -> None:
    from django.core.files.base import ContentFile

    from niangjia.core.models import Org
    from niangjia.training.models import Course, Lesson

    city = Org.objects.filter(parent=None, level="city").order_by("pk").first()
    if city is None or Course.objects.filter(org=city, title=COURSES[0][0]).exists():
        return
    video = (MEDIA / "lesson.mp4").read_bytes()
    poster = (MEDIA / "poster.jpg").read_bytes()
    for title, category, level, keywords, summary, lessons in COURSES:
        course = Course.objects.create(title=title, category=category, level=level, keywords=keywords,
                                       summary=summary, org=city, status="published")
        for position, (lesson_title, kind, body) in enumerate(lessons, start=1):
            lesson = Lesson(course=course, title=lesson_title, kind=kind, body=body, position=position)
            if kind == "video":
                sha = hashlib.sha256(video).hexdigest()
                lesson.video.save(f"{sha}.mp4", ContentFile(video), save=False)
                lesson.poster.save(f"{hashlib.sha256(poster).hexdigest()}.jpg", ContentFile(poster), save=False)
                lesson.video_size, lesson.video_sha256, lesson.duration_seconds = len(video), sha, 12
            lesson.save()
    stdout.write(f"training: {len(COURSES)} demo courses of {city.name} (one 12 s MP4 lesson)\n")

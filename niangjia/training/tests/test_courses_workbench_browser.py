"""Browser, on the workbench (1280 px): staff create a course, add a video lesson, upload the MP4 through the
page's chunked uploader (64 KB chunks here, so the file goes in several), publish it and see the statistics
chart."""

import pytest
from django.test import override_settings

from niangjia.training.models import Course, Lesson, VideoUpload
from niangjia.training.tests.courses_fixtures import DEMO_MP4


@pytest.mark.django_db(transaction=True)
@override_settings(NIANGJIA_VIDEO_CHUNK_BYTES=64 * 1024)
def test_staff_upload_a_video_in_chunks_and_publish(browser, live_server, tree, make_user):
    make_user(phone="13800000031", roles=[(tree.district_a, "staff")])
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    desk.set_default_timeout(30_000)
    desk.goto(f"{live_server.url}/login/")
    desk.fill("input[name=phone]", "13800000031")
    desk.fill("input[name=password]", "Test-pass-2020")
    desk.click("button[type=submit]")
    desk.wait_for_url(lambda url: "/login/" not in url)
    desk.goto(f"{live_server.url}/training/workbench/")
    desk.click("[data-testid=course-new]")
    desk.fill("input[name=title]", "叉车安全操作")
    desk.select_option("select[name=category]", "safety")
    desk.select_option("select[name=org]", str(tree.district_a.pk))
    desk.fill("input[name=keywords]", "叉车 安全")
    desk.click("[data-testid=course-save]")
    desk.wait_for_selector("[data-testid=manage-title]")
    desk.fill("input[name=title]", "第一课 叉车点检")
    desk.select_option("select[name=kind]", "video")
    desk.click("[data-testid=lesson-add]")
    desk.wait_for_selector("[data-testid=manage-lesson]")
    desk.set_input_files("form[data-video-upload] input[type=file]", str(DEMO_MP4))
    desk.click("form[data-video-upload] button[type=submit]")
    desk.wait_for_selector("[data-testid=video-ready]")
    lesson = Lesson.objects.get(title="第一课 叉车点检")
    assert lesson.duration_seconds == 12 and lesson.video_size == DEMO_MP4.stat().st_size
    assert VideoUpload.objects.get().status == "done"
    assert "12 秒" in desk.inner_text("[data-testid=video-ready]")
    desk.click("[data-testid=publish]")
    desk.wait_for_selector("[data-testid=course-status]:has-text('已发布')")
    assert Course.objects.get(title="叉车安全操作").status == "published"
    desk.goto(f"{live_server.url}/training/workbench/stats/")
    desk.wait_for_selector("#chart-courses canvas")
    desk.context.close()

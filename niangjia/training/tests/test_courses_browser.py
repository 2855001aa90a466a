"""Browser, on a 390 px phone: a worker watches a video lesson, stops, continues on another device from where
they stopped, finishes the course and gets a certificate that the public check page confirms."""

import pytest

from niangjia.training.models import Certificate, LessonProgress
from niangjia.training.tests.courses_fixtures import make_course

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "zh-CN", "device_scale_factor": 2}


def _login(page, live_server, phone):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=phone]", phone)
    page.fill("input[name=password]", "Test-pass-2020")
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def _play(page):
    page.wait_for_function("() => document.getElementById('nj-player').readyState >= 1")
    page.evaluate("() => { const v = document.getElementById('nj-player'); v.muted = true; return v.play(); }")


@pytest.mark.django_db(transaction=True)
def test_watch_resume_on_another_device_and_get_a_certificate(browser, live_server, tree, make_member):
    course = make_course(tree.district_a)
    video, text = course.lessons.order_by("position")
    make_member(tree.union_a, name="王小明", phone="13800000021")

    phone = browser.new_context(**PHONE).new_page()
    phone.set_default_timeout(30_000)
    _login(phone, live_server, "13800000021")
    phone.goto(f"{live_server.url}/training/")
    phone.click("[data-testid=course-card]")
    phone.click("[data-testid=enroll]")
    phone.wait_for_selector("[data-testid=progress-summary]")
    phone.click(f"a[href='/training/lessons/{video.pk}/']")
    _play(phone)
    phone.wait_for_function("() => document.getElementById('nj-player').currentTime >= 4")
    phone.evaluate("() => document.getElementById('nj-player').pause()")
    phone.wait_for_function("() => parseInt(document.getElementById('nj-player').dataset.saved || '0', 10) >= 4")
    stopped = LessonProgress.objects.get(lesson=video).position_seconds
    assert stopped >= 4
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways scrolling on the phone
    phone.context.close()

    # Another device: the lesson continues where the worker stopped.
    tablet = browser.new_context(**PHONE).new_page()
    tablet.set_default_timeout(30_000)
    _login(tablet, live_server, "13800000021")
    tablet.goto(f"{live_server.url}/training/lessons/{video.pk}/")
    assert f"第 {stopped} 秒继续" in tablet.inner_text("[data-testid=resume-note]")
    tablet.wait_for_function(f"() => document.getElementById('nj-player').currentTime >= {stopped - 1}")
    _play(tablet)
    tablet.wait_for_selector("[data-testid=lesson-status][data-state=completed]", timeout=40_000)
    assert LessonProgress.objects.get(lesson=video).completed_at is not None

    # The text lesson, then the certificate.
    tablet.click("[data-testid=next-lesson]")
    tablet.click("[data-testid=lesson-done]")
    tablet.wait_for_selector("[data-testid=certificate]")
    cert = Certificate.objects.get()
    assert cert.number in tablet.inner_text("[data-testid=certificate]")
    with tablet.expect_response(lambda r: "/pdf/" in r.url) as pdf:
        tablet.evaluate("url => fetch(url)", tablet.get_attribute("[data-testid=certificate-pdf]", "href"))
    assert pdf.value.headers["content-type"] == "application/pdf"

    # What the QR code opens: the public check page, for anyone.
    visitor = browser.new_context(**PHONE).new_page()
    visitor.goto(f"{live_server.url}/training/certificates/verify/{cert.verify_token}/")
    assert "真实有效" in visitor.inner_text("[data-testid=verify-result]")
    assert visitor.inner_text("[data-testid=verify-number]") == cert.number
    visitor.context.close()
    tablet.context.close()

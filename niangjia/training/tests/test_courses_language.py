"""Every classroom page a worker or staff member sees is in Chinese: no English words in the visible text."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from niangjia.training.models import Certificate
from niangjia.training.services_courses import save_progress
from niangjia.training.tests.courses_fixtures import make_course

ALLOWED = {"PDF", "MP4", "Excel", "JPG", "PNG", "YKT", "MB", "KB"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "title", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_words(html: str) -> set[str]:
    parser = _Text()
    parser.feed(html)
    return {w for w in re.findall(r"[A-Za-z]{3,}", " ".join(parser.parts)) if w not in ALLOWED}


@pytest.fixture
def finished(tree, make_member):
    course = make_course(tree.district_a)
    worker = make_member(tree.union_a).user
    video, text = course.lessons.order_by("position")
    t = timezone.now() - dt.timedelta(minutes=5)
    for pos in (0, 10, 12):
        save_progress(actor=worker, lesson_id=video.pk, position_seconds=pos, now=t + dt.timedelta(seconds=pos))
    save_progress(actor=worker, lesson_id=text.pk, position_seconds=0, finished=True)
    return course, worker


def test_worker_and_staff_pages_have_no_english(tree, make_user, finished):
    course, worker = finished
    cert = Certificate.objects.get()
    video, text = course.lessons.order_by("position")
    me = Client()
    me.force_login(worker)
    staff = Client()
    staff.force_login(make_user(roles=[(tree.district_a, "staff")]))
    pages = [(me, "/training/"), (me, f"/training/courses/{course.pk}/"), (me, f"/training/lessons/{video.pk}/"),
             (me, f"/training/lessons/{text.pk}/"), (me, "/training/mine/"),
             (Client(), f"/training/certificates/verify/{cert.verify_token}/"), (Client(), "/training/certificates/verify/x/"),
             (staff, "/training/workbench/"), (staff, "/training/workbench/courses/new/"),
             (staff, f"/training/workbench/courses/{course.pk}/"), (staff, "/training/workbench/certificates/"),
             (staff, "/training/workbench/stats/")]
    for client, url in pages:
        r = client.get(url)
        assert r.status_code in (200, 404), url
        assert english_words(r.content.decode()) == set(), url

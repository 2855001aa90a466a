"""The demo job fair: 163 verified employers with valid credit codes, 1,280 searchable posts, one fair; a second
run changes nothing."""

import pytest

from niangjia.core import demo as core_demo
from niangjia.core.validators import validate_uscc
from niangjia.jobs import demo, selectors
from niangjia.jobs.models import Employer, JobFair, Position

pytestmark = pytest.mark.django_db


def test_demo_has_163_employers_1280_posts_and_one_fair_and_is_idempotent():
    core_demo.seed(members_total=20)
    demo.seed()
    demo.seed()
    assert Employer.objects.count() == 163 and Position.objects.count() == 1280 and JobFair.objects.count() == 1
    fair = JobFair.objects.get()
    assert fair.kind == "spring_breeze" and fair.employers.count() == 163
    assert not Employer.objects.exclude(status="verified").exists()
    for code in Employer.objects.values_list("uscc", flat=True):
        validate_uscc(code)
    assert Employer.objects.values("name").distinct().count() == 163
    assert Position.objects.filter(public_welfare=True).exists()
    assert not Position.objects.filter(title_tokens="").exists()
    first = Employer.objects.get(account__isnull=False)
    assert first.account.phone == "13800000007"
    hits = selectors.search_posts(q="保洁", limit=5)
    assert len(hits) == 5 and all("保洁" in h["title"] or "清洁" in h["title"] for h in hits)

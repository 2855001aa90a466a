import datetime as dt
import io

from django.utils import timezone

from niangjia.relief import demo
from niangjia.relief.models import DibaoStandard, HardshipFile, Household, Policy


def test_demo_seed_is_idempotent(tree, make_member):
    for i in range(12):
        make_member(tree.union_a if i % 2 else tree.union_b, name=f"演示{i}")
    out = io.StringIO()
    demo.seed(out)
    assert Household.objects.count() == 12
    assert Policy.objects.filter(status="active").count() == 3
    assert DibaoStandard.objects.filter(region_code="500000", year=2020, is_demo=True).exists()
    # the demo city (3301xx) has its own temporary policy and a dibao for the current year
    year = timezone.localdate().year
    own = Policy.objects.get(code="SFS-LSJZ")
    assert own.region_code == "330100" and own.status == "active" and "示范市" in own.name
    assert own.effective_from == dt.date(year, 1, 1)
    assert DibaoStandard.objects.filter(region_code="330100", year=year).exists()
    files = HardshipFile.objects.count()
    demo.seed(out)
    assert Household.objects.count() == 12
    assert HardshipFile.objects.count() == files
    assert "relief:" in out.getvalue()

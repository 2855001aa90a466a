import io

from niangjia.relief import demo
from niangjia.relief.models import DibaoStandard, HardshipFile, Household, Policy


def test_demo_seed_is_idempotent(tree, make_member):
    for i in range(12):
        make_member(tree.union_a if i % 2 else tree.union_b, name=f"演示{i}")
    out = io.StringIO()
    demo.seed(out)
    assert Household.objects.count() == 12
    assert Policy.objects.filter(status="active").count() == 2
    assert DibaoStandard.objects.filter(region_code="500000", year=2020, is_demo=True).exists()
    files = HardshipFile.objects.count()
    demo.seed(out)
    assert Household.objects.count() == 12
    assert HardshipFile.objects.count() == files
    assert "relief:" in out.getvalue()

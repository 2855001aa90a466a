import io

import pytest

from niangjia.rights import demo
from niangjia.rights.models import Counsellor, DutyShift, KnowledgeArticle, Slot, Synonym

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent(tree, make_user):
    make_user(roles=[(tree.district_a, "staff")])
    make_user(roles=[(tree.district_a, "psychologist")])
    out = io.StringIO()
    demo.seed(out)
    counts = [m.objects.count() for m in (KnowledgeArticle, Synonym, DutyShift, Counsellor, Slot)]
    assert counts[0] >= 30
    assert all(counts)
    demo.seed(out)
    assert [m.objects.count() for m in (KnowledgeArticle, Synonym, DutyShift, Counsellor, Slot)] == counts
    assert "待法律审核" in out.getvalue()

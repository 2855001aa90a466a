"""Supervision letters and mediation agreements print with signature and seal blocks: the issuing union, the date
in the one Chinese format (2026年12月1日) and a seal area; the agreement has a box per party."""

import datetime as dt

import pytest
from django.utils import timezone
from reportlab.platypus import KeepTogether, Paragraph, Table

from niangjia.core import pdf
from niangjia.rights.services import letters, mediation


def _flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
        elif isinstance(item, KeepTogether):
            yield from _flatten(item._content)
        elif isinstance(item, Table):
            for row in item._cellvalues:
                yield from _flatten(list(row))
        else:
            yield item


@pytest.fixture
def captured(monkeypatch):
    stories = []
    real = pdf.build

    def build(title, story):
        stories.append(list(_flatten(story)))
        return real(title, story)  # still drawn: the seal area's drawing code runs

    monkeypatch.setattr(pdf, "build", build)
    return stories


def _texts(story):
    return [f.getPlainText() for f in story if isinstance(f, Paragraph)]


def test_chinese_date_has_no_leading_zeros():
    assert pdf.chinese_date(dt.date(2026, 12, 1)) == "2026年12月1日"
    assert pdf.chinese_date(dt.date(2027, 1, 9)) == "2027年1月9日"


def test_letter_has_the_unions_seal_block(people, captured):
    t = people.tree
    letter = letters.issue(people.staff, org=t.district_a, kind="opinion", recipient_name="湖滨商贸有限公司",
                           issues="拖欠工资", legal_basis="《劳动合同法》第三十条", rectification="足额支付")
    data = letters.render_pdf(people.staff, letter_id=letter.pk)
    assert data.startswith(b"%PDF-")
    story = captured[-1]
    seals = [f for f in story if isinstance(f, pdf.SealArea)]
    assert len(seals) == 1 and seals[0].label == "盖章处"
    texts = _texts(story)
    today = timezone.localdate()
    assert any(t.district_a.name in x and pdf.chinese_date(today) in x for x in texts)


def test_agreement_has_party_boxes_and_the_mediation_unions_seal(people, captured, make_user):
    t = people.tree
    m = mediation.open_mediation(people.staff, org=t.district_a, worker=people.worker, worker_name="王师傅",
                                 employer_name="湖滨商贸有限公司", employer_uscc=t.union_a.uscc,
                                 claims=[("拖欠工资", "1000")])
    claim = m.claims.get()
    mediation.record_agreement(people.staff, mediation_id=m.pk, terms="一次付清", agreed={claim.pk: "1000"},
                               instalments=[(dt.date(2030, 1, 9), "1000")])
    assert mediation.render_agreement_pdf(people.staff, mediation_id=m.pk).startswith(b"%PDF-")
    story = captured[-1]
    texts = _texts(story)
    for party in ("申请人（职工）（签字）：", "被申请人（用人单位）（盖章）：", "调解员（签字）："):
        assert party in texts
    assert any("调解组织（盖章）" in x and t.district_a.name in x for x in texts)
    assert any("2030年1月9日前支付 1000.00 元" in x for x in texts)
    # the employer's box and the union's 落款 each have a seal area
    assert len([f for f in story if isinstance(f, pdf.SealArea)]) == 2

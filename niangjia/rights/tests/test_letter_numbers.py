"""Letter numbers follow the official pattern (上总工意〔2026〕3号), per union, kind and year, without gaps — also
when two staff issue at the same moment (PostgreSQL race) and when an issue fails."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from niangjia.conftest import requires_postgres
from niangjia.core.errors import Invalid
from niangjia.rights import rules
from niangjia.rights.models import LetterSequence, SupervisionLetter
from niangjia.rights.services import letters


@pytest.mark.parametrize(("name", "kind", "year", "seq", "number"), [
    ("上海市总工会", "opinion", 2026, 3, "上总工意〔2026〕3号"),
    ("上城区总工会", "opinion", 2026, 1, "上城总工意〔2026〕1号"),
    ("西湖区总工会", "suggestion", 2027, 12, "西湖总工建〔2027〕12号"),
    ("湖滨商贸有限公司工会", "opinion", 2026, 2, "湖滨工意〔2026〕2号"),
])
def test_number_pattern(name, kind, year, seq, number):
    assert rules.letter_number(name, kind, year, seq) == number


def _issue(actor, org, kind="opinion", **extra):
    fields = {"recipient_name": "湖滨商贸有限公司", "issues": "未足额支付加班工资。", "legal_basis": "《劳动法》第四十四条",
              "rectification": "补发加班工资。"} | extra
    return letters.issue(actor, org=org, kind=kind, **fields)


@pytest.mark.django_db
def test_sequence_per_union_kind_and_year_and_no_gap_after_a_refusal(people):
    t = people.tree
    year = timezone.localdate().year
    first = _issue(people.staff, t.district_a)
    with pytest.raises(Invalid):
        _issue(people.staff, t.district_a, issues="")  # refused: takes no number
    second = _issue(people.staff, t.district_a)
    suggestion = _issue(people.staff, t.district_a, kind="suggestion")
    assert [first.number[-4:], second.number[-4:]] == [f"{year}〕1号"[-4:], f"{year}〕2号"[-4:]]
    assert first.number.endswith(f"意〔{year}〕1号") and second.number.endswith(f"意〔{year}〕2号")
    assert suggestion.number.endswith(f"建〔{year}〕1号")
    assert str(t.district_a.pk) not in first.number.split("〔")[0]  # no internal id
    assert LetterSequence.objects.get(org=t.district_a, kind="opinion", year=year).last == 2


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_consecutive_numbers(people):
    workers = 6
    barrier = threading.Barrier(workers)
    outcomes = []

    def attempt():
        try:
            barrier.wait(timeout=10)
            outcomes.append(_issue(people.staff, people.tree.district_a).number)
        except Exception as exc:  # surfaced in the assertion below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    year = timezone.localdate().year
    numbers = sorted(SupervisionLetter.objects.values_list("number", flat=True))
    assert sorted(outcomes) == numbers
    assert sorted(int(n.split("〕")[1].rstrip("号")) for n in numbers) == list(range(1, workers + 1))
    assert all(f"〔{year}〕" in n for n in numbers)

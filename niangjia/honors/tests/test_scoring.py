"""Panel scoring through the services and pages: a conflicted judge never sees the entry (list, page, guessed id,
scores), scores are fixed once submitted, totals are reproducible, results show only after closing, scope holds."""

from decimal import Decimal

import pytest
from django.test import Client

from niangjia.core.errors import Conflict as ConflictError
from niangjia.core.errors import Invalid, NotFound
from niangjia.honors import selectors, services
from niangjia.honors.models import Conflict, Score


def _score_all(panel, entries, judges, table):
    crit = list(panel.criteria.all())
    for (j, e), values in table.items():
        services.save_scores(judges[j].user, panel_id=panel.pk, entry_id=entries[e].pk,
                             values={c.pk: Decimal(v) for c, v in zip(crit, values, strict=True)}, submit=True)


def test_conflicted_judge_never_sees_the_entry(panel_setup):
    panel, entries, judges = panel_setup
    conflict = Conflict.objects.get()
    assert (conflict.judge_id, conflict.entry_id) == (judges[0].pk, entries[1].pk)
    assert "近 3 年" in conflict.reason
    shown = [e.pk for e in selectors.entries_for_judge(judge=judges[0])]
    assert shown == [entries[0].pk, entries[2].pk]
    with pytest.raises(NotFound):
        services.save_scores(judges[0].user, panel_id=panel.pk, entry_id=entries[1].pk, values={}, submit=False)
    c = Client()
    c.force_login(judges[0].user)
    assert entries[1].title not in c.get(f"/honors/panels/{panel.pk}/").content.decode()
    assert c.get(f"/honors/panels/{panel.pk}/entries/{entries[1].pk}/").status_code == 404


def test_a_late_declaration_recuses_and_removes_scores(panel_setup):
    panel, entries, judges = panel_setup
    _score_all(panel, entries, judges, {(1, 2): (8, 8, 8, 8)})
    services.declare_relation(judges[1].user, panel_id=panel.pk, kind="family", person="负责人C")
    assert not Score.objects.filter(judge=judges[1], entry=entries[2]).exists()
    assert entries[2].pk not in [e.pk for e in selectors.entries_for_judge(judge=judges[1])]


def test_scores_fixed_once_submitted_and_bad_values_refused(panel_setup):
    panel, entries, judges = panel_setup
    crit = list(panel.criteria.all())
    user = judges[1].user
    with pytest.raises(Invalid):
        services.save_scores(user, panel_id=panel.pk, entry_id=entries[0].pk, values={crit[0].pk: "11"})
    with pytest.raises(Invalid):
        services.save_scores(user, panel_id=panel.pk, entry_id=entries[0].pk, values={crit[0].pk: "abc"})
    with pytest.raises(Invalid):
        services.save_scores(user, panel_id=panel.pk, entry_id=entries[0].pk, values={crit[0].pk: "NaN"})
    services.save_scores(user, panel_id=panel.pk, entry_id=entries[0].pk, values={crit[0].pk: "8"})
    with pytest.raises(Invalid):  # not every criterion scored yet
        services.save_scores(user, panel_id=panel.pk, entry_id=entries[0].pk, values={}, submit=True)
    assert not Score.objects.filter(value=Decimal("11")).exists()
    _score_all(panel, entries, judges, {(1, 0): (8, 8, 8, 8)})
    with pytest.raises(ConflictError):
        services.save_scores(user, panel_id=panel.pk, entry_id=entries[0].pk, values={crit[0].pk: "9"})


def test_results_are_reproducible_and_exclude_recused_judges(panel_setup, city_admin):
    panel, entries, judges = panel_setup
    _score_all(panel, entries, judges, {
        (0, 0): (10, 10, 10, 10), (1, 0): (8, 7, 9, 6), (2, 0): (5, 5, 5, 5), (3, 0): (9, 9, 9, 9),
        (1, 1): (8.5, 7, 9, 6.5), (2, 1): (7, 7, 7, 7), (3, 1): (6, 6, 6, 6),
    })
    c = Client()
    c.force_login(city_admin)
    assert 'data-testid="results"' not in c.get(f"/honors/workbench/{panel.pk}/").content.decode()
    services.close_panel(city_admin, panel_id=panel.pk)
    results = {r.entry.code: r for r in selectors.results(panel=panel)}
    # A: 100, 73 (16+21+18+18), 50, 90 → mean 78.25. B (judge 0 recused): 75.5, 70, 60 → 68.50. C: nobody → no total.
    assert results["01"].total == Decimal("78.25") and results["01"].rank == 1
    assert results["02"].total == Decimal("68.50") and len(results["02"].judge_totals) == 3
    assert results["02"].recused == 1 and results["03"].total is None
    html = c.get(f"/honors/workbench/{panel.pk}/").content.decode()
    assert "78.25" in html and "68.50" in html
    pdf = c.get(f"/honors/workbench/{panel.pk}/judges/{judges[0].pk}/sheet/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with pytest.raises(ConflictError):
        _score_all(panel, entries, judges, {(1, 2): (8, 8, 8, 8)})


def test_another_district_cannot_reach_the_panel(panel_setup, tree, make_user):
    panel, entries, judges = panel_setup
    other = Client()
    other.force_login(make_user(roles=[(tree.district_b, "admin")]))
    for url in (f"/honors/workbench/{panel.pk}/", f"/honors/workbench/{panel.pk}/export/",
                f"/honors/workbench/{panel.pk}/judges/{judges[0].pk}/sheet/"):
        assert other.get(url).status_code == 404
    assert "服务项目评审" not in other.get("/honors/workbench/").content.decode()
    stranger = Client()
    stranger.force_login(make_user())
    assert stranger.get(f"/honors/panels/{panel.pk}/").status_code == 404

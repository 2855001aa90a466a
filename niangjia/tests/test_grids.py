"""Keyword search on the rights case list (number, employer, title), through the shared grid."""

from django.urls import reverse

from niangjia.tests.test_todo import _case


def test_case_list_keyword_search(client, tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    a, b = _case(tree.union_a, "k1", 5), _case(tree.union_a, "k2", 5)
    _case(tree.union_b, "k3", 5)
    client.force_login(staff)
    url = reverse("rights:workbench")
    for q, shown, hidden in ((a.number, a.number, b.number), ("某公司k2", b.number, a.number),
                             ("欠薪k1", a.number, b.number)):
        html = client.get(url, {"q": q}).content.decode()
        assert shown in html and hidden not in html, q
    html = client.get(url, {"q": f"WQ-T-{tree.union_b.pk}-k3"}).content.decode()
    assert 'data-testid="grid-empty"' in html  # another district's case is not found by number either
    html = client.get(url, {"sort": "-due", "size": "50", "status": "new"}).content.decode()
    assert 'name="size"' in html and a.number in html

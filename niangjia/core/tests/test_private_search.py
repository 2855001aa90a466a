"""Full ID numbers and mobile numbers never appear in a URL: searches post, and an ID or mobile number is
carried by a session token (qt) in the redirect, the pagination, sort and export links."""

import re

import pytest
from django.test import Client
from django.utils.http import urlencode


@pytest.fixture
def staff_client(client, tree, make_user):
    client.force_login(make_user(roles=[(tree.district_a, "staff")]))
    return client


def post_form(client, url, data):
    """As a browser sends a search form: urlencoded."""
    return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")


def hrefs(body):
    return re.findall(r'(?:href|action)="([^"]*)"', body)


def test_member_search_by_id_number_keeps_it_out_of_urls(staff_client, tree, make_member):
    member = make_member(tree.union_a, name="赵师傅")
    make_member(tree.union_a, name="钱师傅")
    response = post_form(staff_client, "/workbench/members/", {"_nj_search": "1", "q": member.id_number, "status": ""})
    assert response.status_code == 303
    location = response["Location"]
    assert member.id_number not in location and "qt=" in location
    page = staff_client.get(location)
    body = page.content.decode()
    assert "赵师傅" in body and "钱师傅" not in body
    assert all(member.id_number not in url and member.id_number[-6:] not in url for url in hrefs(body))
    # The export link carries the token too, and exports the same one member.
    export = next(u for u in hrefs(body) if "/export" in u)
    assert member.id_number not in export and "qt=" in export
    # Another session cannot use the token.
    other = Client()
    other.force_login(staff_client.session.get("_auth_user_id") and page.wsgi_request.user)
    body = other.get(location).content.decode()
    assert "钱师傅" in body  # the token means nothing there: the unfiltered list


def test_member_search_by_mobile_and_by_name(staff_client, tree, make_member):
    member = make_member(tree.union_a, name="孙师傅")
    response = post_form(staff_client, "/workbench/members/", {"_nj_search": "1", "q": member.phone})
    assert member.phone not in response["Location"]
    assert "孙师傅" in staff_client.get(response["Location"]).content.decode()
    # A name is not personal data of that kind: it stays an ordinary, shareable query.
    response = post_form(staff_client, "/workbench/members/", {"_nj_search": "1", "q": "孙"})
    assert "q=%E5%AD%99" in response["Location"]


def test_locked_accounts_search_by_mobile(client, tree, make_user, make_member):
    member = make_member(tree.union_a, name="李师傅")
    client.force_login(make_user(roles=[(tree.district_a, "admin")]))
    response = post_form(client, "/workbench/accounts/", {"_nj_search": "1", "phone": member.user.phone})
    assert response.status_code == 303 and member.user.phone not in response["Location"]
    assert client.get(response["Location"]).status_code == 200


def test_search_forms_post(staff_client):
    body = staff_client.get("/workbench/members/").content.decode()
    form = re.search(r'<form[^>]*nj-grid-toolbar[^>]*>', body).group(0)
    assert 'method="post"' in form

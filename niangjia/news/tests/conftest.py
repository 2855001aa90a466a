import pytest


@pytest.fixture
def city_admin(tree, make_user):
    return make_user(roles=[(tree.city, "admin")], name="市总管理员")


@pytest.fixture
def publish(city_admin, tree):
    from niangjia.news import services

    def _publish(title="关于报送经费收支情况的通知", *, actor=None, org=None, audience_org=None, **kw):
        actor = actor or city_admin
        org = org or tree.city
        kw.setdefault("publish_now", True)
        return services.create_notice(actor, org_id=org.pk, audience_org_id=(audience_org or org).pk, kind="notice",
                                      title=title, body="请各单位于月底前报送。", **kw)

    return _publish

"""Login with a mobile number, and the lock after repeated failures explained in Chinese."""

from niangjia.core.models import User


def test_login_and_lock(client, db, settings):
    User.objects.create_user("13912345678", "Right-pass-1", display_name="小王")
    response = client.post("/login/", {"phone": "13912345678", "password": "Right-pass-1"})
    assert response.status_code == 302
    client.logout()
    for _ in range(settings.NIANGJIA_LOGIN_MAX_FAILURES - 1):
        body = client.post("/login/", {"phone": "13912345678", "password": "wrong-pass"}).content.decode()
        assert "手机号或密码不对" in body
    body = client.post("/login/", {"phone": "13912345678", "password": "wrong-pass"}).content.decode()
    assert "已暂时锁定" in body
    # Even the right password is refused while locked.
    body = client.post("/login/", {"phone": "13912345678", "password": "Right-pass-1"}).content.decode()
    assert "已暂时锁定" in body
    assert "_auth_user_id" not in client.session


def _register(client, phone, password="Good-pass-1"):
    """Register through the page as a person would: ask for the SMS code, read it from the outbox, submit."""
    import re

    from niangjia.core.models import OutboxItem

    client.post("/register/", {"phone": phone, "action": "send"})
    text = OutboxItem.objects.filter(message__isnull=True).order_by("-id").first().text
    code = re.search(r"(\d{6})", text).group(1)
    return client.post("/register/", {"phone": phone, "password": password, "password2": password, "code": code,
                                      "action": "register"})


def test_register_verify_pages_refuse_bad_input(client, db):
    body = client.post("/register/", {"phone": "12345", "password": "abcdefgh1", "password2": "abcdefgh1"}).content.decode()
    assert "11 位手机号" in body
    assert User.objects.count() == 0
    _register(client, "13900000001")
    body = client.post("/me/verify/", {"real_name": "李四", "id_number": "110105194912310021"}).content.decode()
    assert "校验位" in body
    body = client.post("/me/verify/", {"real_name": "李四", "id_number": "110105203001010011"}).content.decode()
    assert "晚于今天" in body
    assert User.objects.get().verified_at is None


def test_duplicate_registration_same_id_number_page(client, db):
    for phone in ("13900000001", "13900000002"):
        _register(client, phone)
        body = client.post("/me/verify/", {"real_name": "李四", "id_number": "11010519491231002X"}).content.decode()
        client.logout()
    assert "已经被另一个账号认证过" in body
    assert User.objects.filter(verified_at__isnull=False).count() == 1

"""The encryption envelope never trusts the plaintext's shape (issue 10, "Bad input never crashes").

Cases:
- text that looks like ciphertext ("v1:...", "v2:...", a real ciphertext copied from another row) is
  encrypted like any other text and reads back exactly as typed;
- rows written by the first format (v1, no key id) are still read; a v1-looking row that does not
  authenticate is the plaintext the old field stored verbatim;
- old keys decrypt during a rotation, the current key encrypts; a value under an unknown key is an error,
  never silently shown.
"""

import base64
import os
import secrets

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import connection

from niangjia.core import pii
from niangjia.core.models import Member


def _raw(member_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM core_member WHERE id = %s", [member_id])
        return cursor.fetchone()[0]


def _write_raw(member_id: int, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_member SET phone = %s WHERE id = %s", [value, member_id])


def _legacy_v1(plaintext: str, key_b64: str) -> str:
    """The first format, byte for byte: v1:<base64(nonce || ciphertext+tag)>, AAD b"niangjia-pii"."""
    nonce = os.urandom(12)
    sealed = AESGCM(base64.b64decode(key_b64)).encrypt(nonce, plaintext.encode(), b"niangjia-pii")
    return "v1:" + base64.b64encode(nonce + sealed).decode()


@pytest.mark.parametrize("typed", ["v1:高血压", "v1:", "v2:", "v2:deadbeef:AAAA", "v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
def test_ciphertext_shaped_text_is_encrypted_and_reads_back(tree, make_member, typed):
    member = make_member(tree.union_a)
    member.phone = typed
    member.save(update_fields=["phone"])
    raw = _raw(member.pk)
    assert raw != typed and pii.is_current(raw)
    assert Member.objects.get(pk=member.pk).phone == typed


def test_a_copied_ciphertext_is_only_text(tree, make_member, settings):
    victim = make_member(tree.union_a, phone="13812345678")
    copier = make_member(tree.union_a)
    for stolen in (_raw(victim.pk), _legacy_v1("13812345678", settings.NIANGJIA_PII_KEY)):
        copier.phone = stolen
        copier.save(update_fields=["phone"])
        assert Member.objects.get(pk=copier.pk).phone == stolen  # not the victim's number
    assert Member.objects.get(pk=victim.pk).phone == "13812345678"


def test_first_format_rows_are_still_read(tree, make_member, settings):
    member = make_member(tree.union_a)
    _write_raw(member.pk, _legacy_v1("13800001111", settings.NIANGJIA_PII_KEY))
    assert Member.objects.get(pk=member.pk).phone == "13800001111"
    # the old field stored a typed "v1:..." verbatim; it is that text
    _write_raw(member.pk, "v1:糖尿病")
    assert Member.objects.get(pk=member.pk).phone == "v1:糖尿病"


def test_old_keys_decrypt_new_key_encrypts(tree, make_member, settings):
    member = make_member(tree.union_a, phone="13800002222")
    before = _raw(member.pk)
    old_key = settings.NIANGJIA_PII_KEY
    settings.NIANGJIA_PII_KEY = base64.b64encode(secrets.token_bytes(32)).decode()
    with pytest.raises(pii.UndecryptableError):
        Member.objects.get(pk=member.pk)
    settings.NIANGJIA_PII_OLD_KEYS = old_key
    loaded = Member.objects.get(pk=member.pk)
    assert loaded.phone == "13800002222"
    loaded.save(update_fields=["phone"])
    after = _raw(member.pk)
    assert after != before and pii.is_current(after) and not before.startswith(after[:12])

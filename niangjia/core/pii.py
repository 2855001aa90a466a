"""Personal data at rest: AES-GCM encryption, HMAC blind indexes and display masks.

Ciphertext is stored as text `v1:<base64(nonce || ciphertext+tag)>`. The blind index is
HMAC-SHA256 over the normalised value with a separate key, so a person can be found by ID number
or phone without decrypting the table, and the index reveals nothing without the key.
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models

PREFIX = "v1:"


@lru_cache(maxsize=4)
def _aead(key_b64: str) -> AESGCM:
    key = base64.b64decode(key_b64)
    if len(key) != 32:
        raise ValueError("NIANGJIA_PII_KEY must be 32 bytes, base64-encoded")
    return AESGCM(key)


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(12)
    sealed = _aead(settings.NIANGJIA_PII_KEY).encrypt(nonce, plaintext.encode("utf-8"), b"niangjia-pii")
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    raw = base64.b64decode(token[len(PREFIX) :])
    return _aead(settings.NIANGJIA_PII_KEY).decrypt(raw[:12], raw[12:], b"niangjia-pii").decode("utf-8")


def blind_index(value: str, *, purpose: str) -> str:
    """Deterministic keyed digest of a normalised value; `purpose` separates ID numbers from phones."""
    normalised = value.strip().upper().replace(" ", "")
    key = base64.b64decode(settings.NIANGJIA_INDEX_KEY)
    return hmac.new(key, f"{purpose}:{normalised}".encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column holding AES-GCM ciphertext; Python code sees the plaintext.

    Encrypted columns cannot be filtered or ordered on: use the matching blind-index column.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if value.startswith(PREFIX):
            return value
        return encrypt(value)


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    return value[:3] + "****" + value[-4:] if len(value) >= 11 else "*" * len(value)


def mask_bank_account(value: str | None) -> str:
    if not value:
        return ""
    digits = value.replace(" ", "")
    return "**** **** **** " + digits[-4:] if len(digits) > 4 else "*" * len(digits)


def mask_name(value: str | None) -> str:
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1) if len(value) > 1 else value


MASKS = {"id_number": mask_id_number, "phone": mask_phone, "bank_account": mask_bank_account}

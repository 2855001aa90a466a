"""Personal data at rest: AES-GCM encryption, HMAC blind indexes and display masks.

Envelope: text `v2:<key id>:<base64(nonce || ciphertext+tag)>`, the key id (8 hex digits of the key's
SHA-256) and the version bound into the authenticated data. Every value written is encrypted, whatever it
looks like: the field never trusts the plaintext's shape, so a diagnosis typed as `v1:...` or `v2:...` is
encrypted like any other text (before, a value starting with the prefix was stored as it was). Reading
decides by authenticated decryption, not by the prefix alone.

Older rows may hold the first format, `v1:<base64(nonce || ciphertext+tag)>` (no key id). They are still
read; a `v1:` value that does not authenticate under any key is a plaintext the old field stored verbatim,
and is returned as that text. `manage.py rotate_pii_keys` rewrites every row in the current format.

Keys: `NIANGJIA_PII_KEY` encrypts; `NIANGJIA_PII_OLD_KEYS` (comma-separated) only decrypt, during a key
rotation. The blind index is HMAC-SHA256 over the normalised value with `NIANGJIA_INDEX_KEY`, so a person
can be found by ID number or phone without decrypting the table, and the index reveals nothing without
the key.
"""

import base64
import binascii
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models

PREFIX = "v2:"
LEGACY_PREFIX = "v1:"
_LEGACY_AAD = b"niangjia-pii"


class UndecryptableError(ValueError):
    """A stored value in the current envelope that no configured key opens: a wrong or missing key."""


@lru_cache(maxsize=8)
def _aead(key_b64: str) -> AESGCM:
    key = base64.b64decode(key_b64)
    if len(key) != 32:
        raise ValueError("NIANGJIA_PII_KEY must be 32 bytes, base64-encoded")
    return AESGCM(key)


@lru_cache(maxsize=8)
def key_id(key_b64: str) -> str:
    return hashlib.sha256(base64.b64decode(key_b64)).hexdigest()[:8]


def _keys() -> list[str]:
    """The encryption key first, then the old keys still accepted for reading."""
    old = getattr(settings, "NIANGJIA_PII_OLD_KEYS", "") or ""
    if isinstance(old, str):
        old = [k.strip() for k in old.split(",") if k.strip()]
    return [settings.NIANGJIA_PII_KEY, *[k for k in old if k != settings.NIANGJIA_PII_KEY]]


def _aad(kid: str) -> bytes:
    return f"niangjia-pii:v2:{kid}".encode()


def encrypt(plaintext: str) -> str:
    key = settings.NIANGJIA_PII_KEY
    kid = key_id(key)
    nonce = os.urandom(12)
    sealed = _aead(key).encrypt(nonce, plaintext.encode("utf-8"), _aad(kid))
    return f"{PREFIX}{kid}:" + base64.b64encode(nonce + sealed).decode("ascii")


def _open(aead: AESGCM, body: str, aad: bytes) -> str | None:
    try:
        raw = base64.b64decode(body, validate=True)
        if len(raw) < 12 + 16:
            return None
        return aead.decrypt(raw[:12], raw[12:], aad).decode("utf-8")
    except (InvalidTag, binascii.Error, ValueError):
        return None


def try_decrypt(token: str) -> str | None:
    """The plaintext when `token` authenticates under a configured key, else None."""
    if token.startswith(PREFIX):
        kid, sep, body = token[len(PREFIX):].partition(":")
        if not sep:
            return None
        for key in _keys():
            if key_id(key) == kid:
                return _open(_aead(key), body, _aad(kid))
        return None
    if token.startswith(LEGACY_PREFIX):
        for key in _keys():
            plain = _open(_aead(key), token[len(LEGACY_PREFIX):], _LEGACY_AAD)
            if plain is not None:
                return plain
    return None


def decrypt(token: str) -> str:
    plain = try_decrypt(token)
    if plain is None:
        raise UndecryptableError("not a value encrypted under a configured NIANGJIA_PII_KEY")
    return plain


def read_stored(value: str) -> str:
    """What a stored column value means: decrypted, or (first format only) a plaintext stored verbatim."""
    plain = try_decrypt(value)
    if plain is not None:
        return plain
    if value.startswith(PREFIX):
        raise UndecryptableError(
            f"a personal-data value was encrypted under key {value[3:11]!r}, which is not configured "
            "(NIANGJIA_PII_KEY / NIANGJIA_PII_OLD_KEYS)")
    # The first field stored any text starting with "v1:" unencrypted; that text is the value.
    return value


def is_current(value: str) -> bool:
    """True when a stored value is already in the current envelope under the current key."""
    return value.startswith(f"{PREFIX}{key_id(settings.NIANGJIA_PII_KEY)}:")


def blind_index(value: str, *, purpose: str, key: str | None = None) -> str:
    """Deterministic keyed digest of a normalised value; `purpose` separates ID numbers from phones."""
    normalised = value.strip().upper().replace(" ", "")
    raw_key = base64.b64decode(key or settings.NIANGJIA_INDEX_KEY)
    return hmac.new(raw_key, f"{purpose}:{normalised}".encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column holding AES-GCM ciphertext; Python code sees the plaintext.

    Encrypted columns cannot be filtered or ordered on: use the matching blind-index column. Declare that
    column with `blind_index=("phone_index", "phone")` so that a key rotation can rebuild it.
    """

    def __init__(self, *args, blind_index: tuple[str, str] | None = None, **kwargs):
        # Not part of deconstruct(): it changes nothing in the database, only what rotate_pii_keys rebuilds.
        self.blind_index = blind_index
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return read_stored(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        # Always encrypt: a value that merely looks like ciphertext is still someone's text.
        return encrypt(value)


# Blind-index columns that copy another row's index (e.g. a claim's person_index = Member.id_index):
# (app_label.ModelName, field, purpose). Apps add theirs with register_index_copy(); rotate_pii_keys maps
# them from old to new index values.
INDEX_COPIES: list[tuple[str, str, str]] = []


def register_index_copy(model_label: str, field: str, purpose: str) -> None:
    if (model_label, field, purpose) not in INDEX_COPIES:
        INDEX_COPIES.append((model_label, field, purpose))


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

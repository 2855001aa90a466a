"""Checksummed identifiers of the People's Republic of China.

- GB 11643-1999: citizen identity number (公民身份号码), 18 characters, ISO 7064 MOD 11-2.
- GB 32100-2015: unified social credit code (统一社会信用代码), 18 characters, MOD 31.
- Mainland mobile numbers: 11 digits starting 13-19.
Each check returns the normalised value or raises ValidationError with a Chinese message.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
# Province-level codes of GB/T 2260 (plus 71 Taiwan, 81/82 Hong Kong/Macao, 83 Taiwan residents' permits).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
REGION_PATTERN = re.compile(r"^\d{6}$")


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def birth_date_of(id_number: str) -> dt.date:
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def validate_id_number(value: str, *, today: dt.date | None = None) -> str:
    number = (value or "").strip().upper().replace(" ", "")
    if not number:
        raise ValidationError(_("Please enter the ID number."), code="id_required")
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("The ID number must be 18 characters: 17 digits followed by a digit or X."), code="id_format"
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(_("The first two digits of the ID number are not a valid province code."), code="id_region")
    try:
        birth = birth_date_of(number)
    except ValueError:
        raise ValidationError(_("The birth date in the ID number is not a real date."), code="id_birth") from None
    today = today or dt.date.today()  # noqa: DTZ011 - a calendar date, not a moment
    if birth > today:
        raise ValidationError(_("The birth date in the ID number is in the future."), code="id_future")
    if birth.year < 1800:
        raise ValidationError(_("The birth date in the ID number is too early."), code="id_birth")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(
            _("The ID number's check digit is wrong. Please check each digit again."), code="id_checksum"
        )
    return number


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    code = (value or "").strip().upper().replace(" ", "")
    if len(code) != 18 or not USCC_PATTERN.match(code):
        raise ValidationError(
            _("The unified social credit code must be 18 characters of digits and capital letters (no I, O, S, V, Z)."),
            code="uscc_format",
        )
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(_("The unified social credit code's check character is wrong."), code="uscc_checksum")
    return code


def validate_mobile(value: str) -> str:
    phone = re.sub(r"[\s-]", "", value or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not MOBILE_PATTERN.match(phone):
        raise ValidationError(
            _("Please enter an 11-digit mainland mobile number starting with 1."), code="mobile_format"
        )
    return phone


def validate_region_code(value: str) -> str:
    code = (value or "").strip()
    if not REGION_PATTERN.match(code) or code[:2] not in PROVINCE_CODES:
        raise ValidationError(_("The region code must be a 6-digit administrative division code."), code="region")
    return code


def normalise_mobile(value: str) -> str:
    """The number as stored (no spaces or dashes, no +86), without judging whether it is valid."""
    phone = re.sub(r"[\s-]", "", value or "")
    return phone[3:] if phone.startswith("+86") else phone

"""Validators against public test vectors and the refusals the issue lists."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from niangjia.core import validators as v

TODAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the example printed in GB 11643-1999
        "440524188001010014",  # the second example of the standard
        "11010519491231002x",  # lower-case x is accepted and normalised
        " 110105 19491231 002X ",  # spaces are tolerated
    ],
)
def test_valid_id_numbers(number):
    assert v.validate_id_number(number, today=TODAY) == number.strip().replace(" ", "").upper()


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("", "id_required"),
        ("11010519491231002", "id_format"),  # 17 characters
        ("1101051949123100XX", "id_format"),
        ("11010519491231002Y", "id_format"),
        ("110105194912310021", "id_checksum"),  # wrong check digit
        ("99010519491231002X", "id_region"),  # 99 is no province
        ("110105194902300011", "id_birth"),  # 30 February
        ("110105203001010011", "id_future"),  # born in 2030
    ],
)
def test_invalid_id_numbers(number, code):
    with pytest.raises(ValidationError) as exc:
        v.validate_id_number(number, today=TODAY)
    assert exc.value.code == code
    assert exc.value.messages[0]


def test_future_birth_with_a_correct_checksum_is_refused():
    first17 = "11010520300101001"
    number = first17 + v.id_check_char(first17)
    with pytest.raises(ValidationError) as exc:
        v.validate_id_number(number, today=TODAY)
    assert exc.value.code == "id_future"


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91440300708461136T", "91350100m000100y43"])
def test_valid_usccs(code):
    assert v.validate_uscc(code) == code.upper()


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y44", "uscc_checksum"),
        ("91350100M000100Y4", "uscc_format"),
        ("91350100M0001O0Y43", "uscc_format"),  # letter O is not in the GB 32100 alphabet
        ("91A50100M000100Y43", "uscc_format"),  # region part must be digits
    ],
)
def test_invalid_usccs(code, error):
    with pytest.raises(ValidationError) as exc:
        v.validate_uscc(code)
    assert exc.value.code == error


@pytest.mark.parametrize("phone", ["13800138000", "+86 138-0013-8000", "19912345678"])
def test_valid_mobiles(phone):
    assert v.validate_mobile(phone) == phone.replace("+86", "").replace(" ", "").replace("-", "")


@pytest.mark.parametrize("phone", ["12800138000", "1380013800", "010-12345678", "abc", "138001380001"])
def test_invalid_mobiles(phone):
    with pytest.raises(ValidationError):
        v.validate_mobile(phone)

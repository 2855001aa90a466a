"""Bank card validation: a table of real-format numbers. Check digits here are computed by an independent
Luhn written out in the test (sum of digits of doubled every-second digit from the right), not by the code."""

import pytest

from niangjia.core.banking import BankCardError, check_card_number, luhn_ok


def luhn_complete(partial: str) -> str:
    """partial + the Luhn check digit, as ISO/IEC 7812-1 Annex B describes it."""
    digits = [int(c) for c in partial + "0"]
    total = 0
    for pos, d in enumerate(reversed(digits), start=1):
        if pos % 2 == 0:
            d = sum(divmod(d * 2, 10))
        total += d
    return partial + str((10 - total % 10) % 10)


UNIONPAY_19 = luhn_complete("622202020011223344")  # ICBC debit (622202), 19 digits
UNIONPAY_16 = luhn_complete("622848001234567")  # ABC debit (622848), 16 digits
CCB_19 = luhn_complete("621700123456789012")  # CCB (621700), 19 digits
VISA_TEST = "4111111111111111"  # the well-known test PAN
MASTERCARD_TEST = "5555555555554444"


def wrong_last(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def swapped(number: str) -> str:
    """Two neighbouring different digits swapped (Luhn catches every such swap except 09/90)."""
    for i in range(len(number) - 2):
        a, b = number[i], number[i + 1]
        if a != b and {a, b} != {"0", "9"}:
            return number[:i] + b + a + number[i + 2:]
    raise AssertionError("no swappable pair")


@pytest.mark.parametrize("text", [UNIONPAY_19, UNIONPAY_16, CCB_19, VISA_TEST, MASTERCARD_TEST,
                                  " ".join([UNIONPAY_19[:4], UNIONPAY_19[4:8], UNIONPAY_19[8:12], UNIONPAY_19[12:]]),
                                  VISA_TEST[:4] + "-" + VISA_TEST[4:]])
def test_valid_cards(text):
    assert check_card_number(text) == text.replace(" ", "").replace("-", "")


def test_full_width_digits_from_a_phone_keyboard_are_accepted():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in UNIONPAY_19)
    assert check_card_number(full_width) == UNIONPAY_19


@pytest.mark.parametrize(("text", "message"), [
    ("", "请填写银行卡号"),
    ("   ", "请填写银行卡号"),
    ("6222O20200112233445", "只能填写数字"),  # letter O for zero
    ("٦٢٢٢٠٢٠٢٠٠١١٢٢٣٣٤٤٥", "只能填写数字"),  # Arabic-Indic digits are digits, but no bank's
    (luhn_complete("62220202001122"), "应为 16–19 位数字，您填写了 15 位"),
    (luhn_complete("6222020200112233445"), "您填写了 20 位"),
    (wrong_last(UNIONPAY_19), "校验不通过"),
    (swapped(UNIONPAY_19), "校验不通过"),
    (wrong_last(VISA_TEST), "校验不通过"),
])
def test_refused_cards_say_why_in_chinese(text, message):
    with pytest.raises(BankCardError) as exc:
        check_card_number(text)
    assert message in str(exc.value)


def test_independent_luhn_agrees_on_known_numbers():
    assert luhn_complete("411111111111111") == VISA_TEST
    assert luhn_complete("555555555555444") == MASTERCARD_TEST
    assert luhn_ok(UNIONPAY_19) and not luhn_ok(wrong_last(UNIONPAY_19))

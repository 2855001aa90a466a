"""Bank card numbers (pure: no Django). Chinese debit cards (银联 62…) and Visa/Mastercard numbers are
16–19 digits whose last digit is a Luhn (ISO/IEC 7812-1) check digit, so one mistyped digit or two
swapped neighbours are caught before the bank returns the payment."""

import re
import unicodedata

MIN_DIGITS, MAX_DIGITS = 16, 19
_SEPARATORS = re.compile(r"[\s\-]+")


class BankCardError(ValueError):
    """A Chinese reason why the text is not a usable card number."""


def luhn_check_digit(partial: str) -> int:
    """The digit that makes `partial + digit` pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def luhn_ok(digits: str) -> bool:
    return len(digits) >= 2 and digits.isascii() and digits.isdigit() and luhn_check_digit(digits[:-1]) == int(digits[-1])


def normalise_card_number(text: str | None) -> str:
    """Spaces and dashes (as printed on the card or copied from a bank app) removed; full-width digits
    from a phone keyboard made ASCII."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text or ""))


def check_card_number(text: str | None) -> str:
    """The card number as digits only, or BankCardError with a message a worker can act on."""
    digits = normalise_card_number(text)
    if not digits:
        raise BankCardError("请填写银行卡号。")
    if not (digits.isascii() and digits.isdigit()):
        raise BankCardError("银行卡号只能填写数字（空格可以保留），请对照银行卡重新填写。")
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        raise BankCardError(f"银行卡号应为 {MIN_DIGITS}–{MAX_DIGITS} 位数字，您填写了 {len(digits)} 位，请核对。")
    if not luhn_ok(digits):
        raise BankCardError("银行卡号校验不通过，可能有数字抄错或顺序颠倒，请对照银行卡逐位核对。")
    return digits


def check_holder(text: str | None) -> str:
    holder = " ".join((text or "").split())
    if not holder:
        raise BankCardError("请填写户名（开户人姓名）。")
    if len(holder) > 60:
        raise BankCardError("户名过长，请核对。")
    return holder


def check_bank_name(text: str | None, label: str = "开户银行") -> str:
    value = " ".join((text or "").split())
    if not value:
        raise BankCardError(f"请填写{label}。")
    if len(value) > 120:
        raise BankCardError(f"{label}过长，请核对。")
    return value

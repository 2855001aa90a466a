"""Field types for django-ninja schemas that every app shares.

`Yuan`: an amount in yuan for a request schema. A plain `Decimal` field accepts "1E+30" or "NaN" and the
first `quantize` downstream raises (a 500); `Yuan` runs core.money.parse_yuan instead, so the client gets
a 422 with the Chinese reason, and the view receives a Decimal with two places. `SignedYuan` allows
negatives (adjustments).
"""

from decimal import Decimal
from typing import Annotated

from pydantic import PlainValidator, WithJsonSchema

from niangjia.core.money import MoneyError, parse_yuan

_SCHEMA = WithJsonSchema({"type": "string", "pattern": r"^-?\d{1,10}(\.\d{1,2})?$", "examples": ["1234.56"]})


def _validator(allow_negative: bool):
    def validate(value):
        try:
            return parse_yuan(value, "金额", allow_negative=allow_negative)
        except MoneyError as exc:
            raise ValueError(str(exc)) from None

    return validate


Yuan = Annotated[Decimal, PlainValidator(_validator(False)), _SCHEMA]
SignedYuan = Annotated[Decimal, PlainValidator(_validator(True)), _SCHEMA]

"""统一社会信用代码 (USCC) check digit per GB 32100-2015, for one code and for a Polars column.

The 18 characters are drawn from 31 symbols (digits and capital letters without I, O, Z, S, V); the
18th is the check digit over the first 17, with weights 3**i mod 31.
"""

from __future__ import annotations

import re

import polars as pl

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, position, 31) for position in range(17))
USCC_PATTERN = re.compile(f"^[{ALPHABET}]{{18}}$")

_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}


def check_digit(body: str) -> str:
    """The check character for the first 17 characters of a USCC.

    >>> check_digit("91330621MA2BC1234")
    'B'
    >>> check_digit("91330621MA2BC123")
    Traceback (most recent call last):
    ...
    ValueError: a USCC body has 17 characters of 0-9 and A-Y without I, O, Z, S, V
    """
    if len(body) != 17 or any(symbol not in _VALUE for symbol in body):
        raise ValueError("a USCC body has 17 characters of 0-9 and A-Y without I, O, Z, S, V")
    total = sum(_VALUE[symbol] * weight for symbol, weight in zip(body, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    """Whether ``code`` is 18 symbols of the USCC alphabet ending with the right check digit.

    >>> is_valid_uscc("91330621MA2BC1234B")
    True
    >>> is_valid_uscc("91330621MA2BC1234C")
    False
    >>> is_valid_uscc("91330621ma2bc1234b")
    False
    """
    return bool(USCC_PATTERN.match(code)) and check_digit(code[:17]) == code[17]


def valid_uscc_expr(column: pl.Expr) -> pl.Expr:
    """Vectorised ``is_valid_uscc`` over a String column (null is not valid).

    >>> frame = pl.DataFrame({"uscc": ["91330621MA2BC1234B", "91330621MA2BC1234C", "x", None]})
    >>> frame.select(valid_uscc_expr(pl.col("uscc")))["uscc"].to_list()
    [True, False, False, False]
    """
    shaped = column.str.contains(USCC_PATTERN.pattern)
    symbols = [column.str.slice(position, 1) for position in range(18)]
    values = [symbol.replace_strict(_VALUE, default=0, return_dtype=pl.Int32) for symbol in symbols]
    total = pl.sum_horizontal(value * weight for value, weight in zip(values, WEIGHTS, strict=False))
    expected = ((31 - total % 31) % 31).replace_strict(dict(enumerate(ALPHABET)), return_dtype=pl.String)
    return pl.when(shaped).then(expected == symbols[17]).otherwise(False).alias(column.meta.output_name())

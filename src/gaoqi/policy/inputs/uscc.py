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
SMALL_BATCH = 64


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
    return column.map_batches(valid_uscc_series, return_dtype=pl.Boolean)


def valid_uscc_series(codes: pl.Series) -> pl.Series:
    """``is_valid_uscc`` for a whole Series, in a few vectorised steps.

    The 18 symbols are read as two base-36 integers (12 and 6 symbols) and taken apart with integer
    arithmetic, which is much faster than slicing out each symbol. A handful of codes (one enterprise
    evaluated on a page) is checked one by one: that skips a query's fixed cost.
    """
    if codes.len() <= SMALL_BATCH:
        return pl.Series(codes.name, [code is not None and is_valid_uscc(code) for code in codes], pl.Boolean)
    frame = codes.to_frame("code").select(
        pl.col("code").str.contains(USCC_PATTERN.pattern).fill_null(False).alias("shaped"),
        *(
            pl.col("code").str.slice(start, 12).str.to_integer(base=36, strict=False).alias(f"part{start}")
            for start in (0, 12)
        ),
    )
    frame = frame.with_columns(_base36_symbol(position).alias(f"symbol{position}") for position in range(18))
    values = [_BASE36_TO_VALUE.gather(pl.col(f"symbol{position}")) for position in range(18)]
    total = pl.sum_horizontal(value * weight for value, weight in zip(values, WEIGHTS, strict=False))
    valid = pl.col("shaped") & ((31 - total % 31) % 31 == values[17]).fill_null(False)
    return frame.select(valid.alias(codes.name)).to_series()


def _base36_symbol(position: int) -> pl.Expr:
    part, width = ("part0", 12) if position < 12 else ("part12", 6)
    return (pl.col(part) // 36 ** (width - 1 - position % 12)) % 36


# USCC value of each base-36 digit (I, O, S, V and Z never pass the shape check; they map to 0).
_BASE36_TO_VALUE = pl.lit(
    pl.Series([_VALUE.get(digit, 0) for digit in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"], dtype=pl.Int64)
)

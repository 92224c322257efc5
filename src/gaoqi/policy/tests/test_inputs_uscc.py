"""The vectorised USCC check (a column of more than a handful of codes) agrees with the scalar one on
odd input: other lengths, bytes outside the alphabet, multi-byte characters, blanks and nulls."""

from __future__ import annotations

import random

import polars as pl

from gaoqi.policy.inputs.uscc import ALPHABET, SMALL_BATCH, check_digit, is_valid_uscc, valid_uscc_series

ODD = [
    None,
    "",
    " " * 18,
    "91330621MA2BC1234B ",  # 19 bytes
    "91330621MA2BC123é",  # 18 bytes, 17 characters
    "９１330621MA2BC1234B",  # full-width digits
    "91330621MA2BC1234\x00",
    "91330621MA2BC1234\xff",
    "I1330621MA2BC1234B",
    "913306210000000000",
    "000000000000000000",
    "YYYYYYYYYYYYYYYYYY",
]


def test_odd_codes_in_a_large_column_are_checked_like_one_code() -> None:
    rng = random.Random(3)
    codes: list[str | None] = list(ODD)
    while len(codes) <= 4 * SMALL_BATCH:
        body = "".join(rng.choice(ALPHABET) for _ in range(17))
        last = check_digit(body) if rng.random() < 0.5 else rng.choice(ALPHABET + "IOSVZa ")
        codes.append(body + last)
    column = pl.Series("uscc", codes)
    checked = valid_uscc_series(column)
    assert checked.name == "uscc"
    assert checked.to_list() == [code is not None and is_valid_uscc(code) for code in codes]
    assert 0 < checked.sum() < len(codes)

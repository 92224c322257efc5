"""Code lists the reader checks against: GB/T 4754-2017 sections and the high-tech subfields."""

from __future__ import annotations

from functools import cache
from typing import cast

from gaoqi.policy.params import PARAMETER_DIR, read_file

TECH_FIELDS_PARAMETER = "hnte.tech_fields"

# GB/T 4754-2017 section letter -> (first division, last division), policy-facts §9.1.
SECTION_DIVISIONS: dict[str, tuple[int, int]] = {
    "A": (1, 5),
    "B": (6, 12),
    "C": (13, 43),
    "D": (44, 46),
    "E": (47, 50),
    "F": (51, 52),
    "G": (53, 60),
    "H": (61, 62),
    "I": (63, 65),
    "J": (66, 69),
    "K": (70, 70),
    "L": (71, 72),
    "M": (73, 75),
    "N": (76, 79),
    "O": (80, 82),
    "P": (83, 83),
    "Q": (84, 85),
    "R": (86, 90),
    "S": (91, 96),
    "T": (97, 97),
}
INDUSTRY_CODE_PATTERN = r"^[A-T][0-9]{2,4}$"


@cache
def tech_field_codes() -> frozenset[str]:
    """The subfield codes (``"4.3"``) of 国家重点支持的高新技术领域 that a record may name: every code
    the national parameter ``hnte.tech_fields`` lists on any of its dates (the one list of them in the
    engine; whether a field counts on a given date is the HNTE rule's business, not the reader's)."""
    parameter = next(p for p in read_file(PARAMETER_DIR / "hnte.yaml") if p.name == TECH_FIELDS_PARAMETER)
    return frozenset(code for _effective, codes in parameter.values for code in cast("list[str]", codes))

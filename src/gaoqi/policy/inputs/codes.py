"""Code lists the reader checks against: GB/T 4754-2017 sections and the 52 high-tech subfields."""

from __future__ import annotations

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

# 国家重点支持的高新技术领域: subfields per field 1-8, policy-facts §3 (8 fields, 52 subfields).
TECH_SUBFIELD_COUNTS: dict[int, int] = {1: 8, 2: 7, 3: 2, 4: 6, 5: 8, 6: 4, 7: 8, 8: 9}
TECH_FIELDS: frozenset[str] = frozenset(
    f"{field}.{subfield}" for field, count in TECH_SUBFIELD_COUNTS.items() for subfield in range(1, count + 1)
)

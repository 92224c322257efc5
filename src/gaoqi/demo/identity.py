"""Made-up identities: USCCs with valid check digits, company and person names, phones, addresses.

Every name is assembled from syllable lists, so it resembles a local company without being one.
"""

from __future__ import annotations

import random

from gaoqi.policy.inputs.uscc import check_digit

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

_BRAND_SYLLABLES = tuple(
    "华恒盛鑫达丰源泰宏瑞永锦绣美嘉信隆昌兴汇荣通福康宝新亿天金海润博雅悦禾晟翔凯诚杰鸿睿纶彩越兰亭望远星辰"
)
_SURNAMES = tuple("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓沈钱俞金陆")
_GIVEN = tuple("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂建国华文斌海燕红立峰晨浩宇欣")
_ROADS = (
    "工业路",
    "创业路",
    "科技大道",
    "兴业路",
    "新区大道",
    "振兴路",
    "富民路",
    "纺都路",
    "开发路",
    "滨海大道",
)
_COMPANY_FORMS = ("有限公司", "有限公司", "有限公司", "股份有限公司", "科技有限公司")


def _org_code(rng: random.Random) -> str:
    """A nine-character organisation code (GB 11714) with its check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    check = 11 - sum(int(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(rng: random.Random, division_code: str) -> str:
    """A USCC of an enterprise (registration authority 9, kind 1) in ``division_code``."""
    body = "91" + division_code + _org_code(rng)
    return body + check_digit(body)


def brand(rng: random.Random) -> str:
    """A two-syllable trade name such as 恒锦."""
    first, second = rng.sample(_BRAND_SYLLABLES, 2)
    return first + second


def company_name(rng: random.Random, prefix: str, trade_name: str, business: str) -> str:
    """绍兴柯桥恒锦纺织有限公司 style: region prefix, trade name, line of business, legal form."""
    form = rng.choice(_COMPANY_FORMS)
    if form == "科技有限公司" and business.endswith("科技"):
        form = "有限公司"
    return f"{prefix}{trade_name}{business}{form}"


def person_name(rng: random.Random) -> str:
    """A common two- or three-character Chinese personal name."""
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(_SURNAMES) + given


def fake_phone(rng: random.Random) -> str:
    """A mobile-looking number with ``0000`` in the middle block, so it belongs to nobody real."""
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}0000{rng.randint(0, 9999):04d}"


def address(rng: random.Random, town_name: str) -> str:
    """A street address inside ``town_name``."""
    return f"{town_name}{rng.choice(_ROADS)}{rng.randint(1, 2999)}号"


def patent_number(rng: random.Random, year: int, kind_digit: int) -> str:
    """A CNIPA patent number ``ZL`` + 12 digits + check (weights 2..9 cycling, modulo 11, X for 10)."""
    digits = f"{year}{kind_digit}{rng.randint(0, 9_999_999):07d}"
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    check = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return f"ZL{digits}.{'X' if check == 10 else check}"

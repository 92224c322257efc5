"""An enterprise's IP, transformed achievements, R&D institutions, certificates and incidents."""

from __future__ import annotations

import random
from datetime import date, timedelta

from gaoqi.demo.archetypes import Archetype
from gaoqi.demo.identity import patent_number
from gaoqi.demo.profiles import IndustryProfile
from gaoqi.demo.records import (
    AchievementData,
    CertificateData,
    IncidentData,
    InstitutionData,
    IPAssetData,
)

_IP_COUNTS = {
    "none": (0, 0, 0, 0),
    "few": (0, 0, 0, 3),
    "class2": (0, 0, 2, 8),
    "mixed": (0, 3, 5, 15),
    "class1": (1, 3, 3, 10),
    "strong": (2, 8, 5, 20),
}
"""Per IP strength: least and most class I items, least and most class II items."""
_PATENT_YEARS = {"invention": 20, "utility_model": 10, "design": 15}
_PATENT_DIGIT = {"invention": 1, "utility_model": 2, "design": 3}
_INSTITUTION_KINDS = {
    "enterprise": ("企业研发中心", "技术部"),
    "municipal": ("市级企业研究开发中心", "市级企业技术中心"),
    "provincial": ("省级高新技术企业研究开发中心", "省级企业研究院", "省级企业技术中心"),
    "national": ("国家企业技术中心", "国家级工程技术研究中心"),
}
_INCIDENTS = {
    "safety": "生产车间发生安全事故，已责令停产整改",
    "quality": "产品质量抽检不合格，已立案调查",
    "environment": "废水超标排放，被生态环境部门处罚",
    "credit": "未按期报送年度报告，列入经营异常名录",
}


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def ip_portfolio(
    rng: random.Random,
    kind: Archetype,
    profile: IndustryProfile,
    registered_on: date,
    today: date,
    trade_name: str,
    hnte_years: list[int],
) -> list[IPAssetData]:
    """IP items of the archetype's strength; class II items granted before an HNTE year were used in it."""
    low1, high1, low2, high2 = _IP_COUNTS[kind.ip]
    first_grant = registered_on + timedelta(days=min(180, (today - registered_on).days // 2))
    class2_kind = "software_copyright" if profile.key == "software" else "utility_model"
    kinds = ["invention"] * rng.randint(low1, high1) + [class2_kind] * rng.randint(low2, high2)
    if kind.ip != "none" and rng.random() < 0.3:
        kinds.append("design")
    if rng.random() < 0.4:
        kinds.append("trademark")
    if (
        profile.key in ("optoelectronics", "integrated_circuits")
        and kind.ip in ("class1", "strong")
        and rng.random() < 0.4
    ):
        kinds.append("ic_layout")
    items = []
    for item_kind in kinds:
        granted = _between(rng, first_grant, today - timedelta(days=20))
        items.append(_ip_item(rng, item_kind, granted, today, profile, trade_name, hnte_years))
    return items


def _ip_item(
    rng: random.Random,
    kind: str,
    granted: date,
    today: date,
    profile: IndustryProfile,
    trade_name: str,
    hnte_years: list[int],
) -> IPAssetData:
    product, process = rng.choice(profile.products), rng.choice(profile.processes)
    if kind in _PATENT_YEARS:
        filed = granted - timedelta(days=rng.randint(150, 900 if kind == "invention" else 300))
        number = patent_number(rng, filed.year, _PATENT_DIGIT[kind])
        expires = add_years(filed, _PATENT_YEARS[kind] if kind != "design" or filed.year >= 2021 else 10)
        title = {
            "invention": f"一种{product}的{process}方法",
            "utility_model": f"一种用于{product}生产的{process}装置",
            "design": f"{product}（{rng.choice(('Ⅰ型', 'Ⅱ型', '经典款', '新款'))}）",
        }[kind]
    elif kind == "software_copyright":
        number, expires = f"{granted.year}SR{rng.randint(0, 9_999_999):07d}", add_years(granted, 50)
        title = f"{trade_name}{product}软件V{rng.randint(1, 3)}.0"
    elif kind == "ic_layout":
        number, expires = (
            f"BS.{granted.year % 100:02d}{rng.randint(0, 9_999_999):07d}",
            add_years(granted, 10),
        )
        title = f"{product}驱动芯片布图设计"
    else:
        number, expires = f"第{rng.randint(10_000_000, 69_999_999)}号", add_years(granted, 10)
        title = f"“{trade_name}”商标"
    used = [year for year in hnte_years if year >= granted.year + 1]
    return IPAssetData(
        kind=kind,
        number=number,
        title=title,
        granted_on=granted,
        expires_on=expires,
        status="valid" if expires > today else "expired",
        acquisition=rng.choices(("self_developed", "transfer", "gift", "merger"), (85, 12, 1, 2))[0],
        co_owners="" if rng.random() < 0.96 else f"{rng.choice(profile.business)}研究院",
        hnte_used_year=used[0]
        if used and kind in ("utility_model", "design", "software_copyright")
        else None,
        supports_main_product=kind != "trademark" and rng.random() < 0.95,
    )


def achievements(
    rng: random.Random, count: int, profile: IndustryProfile, today: date
) -> list[AchievementData]:
    """``count`` achievements transformed over the last three years."""
    result = []
    for _ in range(count):
        day = _between(rng, date(today.year - 3, 1, 1), date(today.year - 1, 12, 31))
        form = rng.choices(("self_implemented", "transfer", "licence", "joint", "equity"), (80, 6, 5, 8, 1))[
            0
        ]
        title = f"{rng.choice(profile.products)}{rng.choice(profile.processes)}技术产业化"
        result.append(AchievementData(title=title, year=day.year, form=form, transformed_on=day))
    return result


def institutions(
    rng: random.Random, level: str, trade_name: str, registered_on: date, today: date
) -> list[InstitutionData]:
    """The enterprise's R&D institutions, ending with one at ``level`` (none for ``none``)."""
    ladder = ("enterprise", "municipal", "provincial", "national")
    if level == "maybe":
        level = rng.choice(("none", "none", "enterprise", "municipal"))
    if level == "none":
        return []
    start = registered_on + timedelta(days=365)
    result = []
    for step in ladder[: ladder.index(level) + 1]:
        recognised = _between(rng, start, today - timedelta(days=30))
        start = recognised
        name = f"{trade_name}{rng.choice(_INSTITUTION_KINDS[step])}"
        result.append(
            InstitutionData(name=name, level=step, kind=name[len(trade_name) :], recognised_on=recognised)
        )
    return result


def hnte_certificates(rng: random.Random, state: str, today: date, province: str) -> list[CertificateData]:
    """HNTE certificates: a valid one spread over its three years (so some expire soon), or an expired one."""
    if state == "none":
        return []
    days_back = rng.randint(1, 3 * 365 - 2) if state == "valid" else rng.randint(3 * 365 + 10, 5 * 365)
    issued = today - timedelta(days=days_back)
    result = [_hnte(rng, issued, province)]
    if rng.random() < 0.5:
        result.append(_hnte(rng, add_years(issued, -3), province))
    return result


def _hnte(rng: random.Random, issued: date, province: str) -> CertificateData:
    number = f"GR{issued.year}{province}{rng.randint(0, 99_999):05d}"
    return CertificateData(kind="hnte", number=number, issued_on=issued, expires_on=add_years(issued, 3))


def tech_sme_registrations(
    rng: random.Random, today: date, division: str, since: date
) -> list[CertificateData]:
    """Tech-SME registration numbers for some of the last three years and this year."""
    result = []
    for year in range(max(since.year + 1, today.year - 3), today.year + 1):
        issued = date(year, rng.randint(3, 9), rng.randint(1, 28))
        if rng.random() < 0.75 and issued <= today:
            number = f"{year}{division}0{rng.randint(1, 9)}{rng.randint(0, 999_999):06d}"
            result.append(
                CertificateData(
                    kind="tech_sme",
                    number=number,
                    issued_on=issued,
                    expires_on=date(year + 1, 3, 31),
                    year=year,
                )
            )
    return result


def tier_certificate(rng: random.Random, kind: str, today: date, division: str) -> CertificateData:
    """A 小巨人 or 领军 recognition issued in the last two years."""
    issued = today - timedelta(days=rng.randint(30, 700))
    return CertificateData(
        kind=kind,
        number=f"{division}-{kind[:2].upper()}-{issued.year}-{rng.randint(1, 99):03d}",
        issued_on=issued,
    )


def incidents(rng: random.Random, major: bool, today: date) -> list[IncidentData]:
    """A major incident in the last year when ``major``; otherwise, rarely, a minor older one."""
    if not major and rng.random() > 0.03:
        return []
    kind = rng.choice(tuple(_INCIDENTS)[:3] if major else tuple(_INCIDENTS))
    days_back = rng.randint(20, 330) if major else rng.randint(400, 1500)
    return [
        IncidentData(
            kind=kind,
            severity="major" if major else "other",
            occurred_on=today - timedelta(days=days_back),
            description=_INCIDENTS[kind],
        )
    ]

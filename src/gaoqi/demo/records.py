"""Plain data of a generated district: what the generator returns and the loader writes.

No Django here: the records are frozen dataclasses whose field names match the model fields, so the
loader can pass them on as keyword arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class TownRef:
    """A town or street of the region, as read from the reference table."""

    code: str
    name: str


@dataclass(frozen=True)
class SegmentRef:
    """A local industry segment of the region."""

    code: str
    name: str


@dataclass(frozen=True)
class RegionRef:
    """What the generator needs to know about the region: towns, segments and high-tech fields."""

    towns: tuple[TownRef, ...]
    segments: tuple[SegmentRef, ...] = ()
    tech_fields: frozenset[str] = frozenset()
    name_prefix: str = ""

    @property
    def division_code(self) -> str:
        """The six-digit administrative division code, taken from the town codes."""
        return self.towns[0].code[:6]


@dataclass(frozen=True)
class FiscalYearData:
    """One fiscal year; ``figures`` maps model field names to amounts in 万元 or head counts."""

    year: int
    figures: dict[str, Decimal | None]


@dataclass(frozen=True)
class IPAssetData:
    kind: str
    number: str
    title: str
    granted_on: date
    expires_on: date
    status: str
    acquisition: str
    co_owners: str = ""
    hnte_used_year: int | None = None
    supports_main_product: bool = True


@dataclass(frozen=True)
class AchievementData:
    title: str
    year: int
    form: str
    transformed_on: date


@dataclass(frozen=True)
class InstitutionData:
    name: str
    level: str
    kind: str
    recognised_on: date


@dataclass(frozen=True)
class CertificateData:
    kind: str
    number: str
    issued_on: date
    expires_on: date | None = None
    year: int | None = None


@dataclass(frozen=True)
class IncidentData:
    kind: str
    severity: str
    occurred_on: date
    description: str


@dataclass(frozen=True)
class EnterpriseData:
    """One generated enterprise with everything in its file."""

    archetype: str
    uscc: str
    name: str
    former_names: tuple[str, ...]
    registered_on: date
    town_code: str
    industry_code: str
    tech_field: str | None
    segment_code: str | None
    address: str
    legal_representative: str
    contact_name: str
    contact_phone: str
    contact_email: str
    standards_drafted: bool = False
    national_award_top3_5y: bool = False
    led_standard_5y: bool = False
    ic_or_mother_machine: bool = False
    rd_management: dict[str, int] | None = None
    expert_points: dict[str, int] | None = None
    fiscal_years: tuple[FiscalYearData, ...] = ()
    ip_assets: tuple[IPAssetData, ...] = ()
    achievements: tuple[AchievementData, ...] = ()
    institutions: tuple[InstitutionData, ...] = ()
    certificates: tuple[CertificateData, ...] = ()
    incidents: tuple[IncidentData, ...] = field(default=())

"""Shared fixtures of the import tests: an officer, a few enterprises, uploading a real file, and a
snapshot of everything an import may write (to assert that a refused file changed nothing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files import File

from gaoqi.accounts.models import Role, User
from gaoqi.core.audit_models import AuditEntry
from gaoqi.enterprises.models import Certificate, Enterprise, FieldSource, FiscalYear, IPAsset
from gaoqi.enterprises.tests.builders import make_enterprise, uscc_for
from gaoqi.exchange.models import ImportBatch
from gaoqi.exchange.pipeline import new_batch

SNAPSHOT_MODELS = (Enterprise, FiscalYear, IPAsset, Certificate, FieldSource, AuditEntry)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GAOQI_AUTO_EVALUATE = False


@pytest.fixture
def officer(db: Any) -> User:
    """A bureau officer (may import)."""
    return User.objects.create_user("officer", role=Role.BUREAU_OFFICER)


@pytest.fixture
def firms(db: Any) -> list[Enterprise]:
    """Three enterprises with serials 1, 2, 3."""
    return [make_enterprise(serial) for serial in (1, 2, 3)]


@pytest.fixture
def upload(officer: User) -> Callable[..., ImportBatch]:
    """Store a file as a batch: ``upload(path, kind, department="tax", unit="万元")``."""

    def store(
        path: Path, kind: str, department: str = "tax", unit: str = "万元", user: Any = None
    ) -> ImportBatch:
        with path.open("rb") as stream:
            return new_batch(
                File(stream), path.name, kind=kind, department=department, unit=unit, user=user or officer
            )

    return store


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model an import writes, to compare before and after."""
    return {model.__name__: sorted(model.objects.values_list()) for model in SNAPSHOT_MODELS}


HEADER = ["统一社会信用代码", "年度", "销售收入", "总收入", "高新技术产品收入", "职工总数", "科技人员数"]


def indicator_row(serial: int, year: int = 2024, **values: Any) -> list[Any]:
    """A row under ``HEADER`` with plausible 万元 figures; ``values`` override by field name."""
    figures = {
        "sales_revenue": 3000,
        "total_revenue": 3200,
        "hitech_revenue": 2000,
        "employees": 120,
        "scitech_staff": 20,
        **values,
    }
    names = ("sales_revenue", "total_revenue", "hitech_revenue", "employees", "scitech_staff")
    return [uscc_for(serial), year, *(figures[name] for name in names)]

"""What the file page shows of the file: IP co-owners, the tech-SME reasons, domestic R&D."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from gaoqi.accounts.models import Department, Role
from gaoqi.enterprises.models import Evaluation, FieldSource, FiscalYear, IPAsset
from gaoqi.enterprises.tests.role_district import build_district

pytestmark = pytest.mark.django_db
SIZE_TEXT = "最近一年职工 790 人；规模条件：不符合或无法确认。"
SIZE_ARTICLE = "《科技型中小企业评价办法》第六条（二）"


@pytest.fixture
def district():
    return build_district()


def _page(client, district) -> str:
    client.force_login(district.users[Role.BUREAU_OFFICER])
    return client.get(reverse("enterprises:detail", args=[district.a1.uscc])).content.decode()


def test_ip_items_show_their_co_owners(client, district):
    IPAsset.objects.create(
        enterprise=district.a1, kind="invention", title="共有专利", co_owners="浙江理工大学"
    )
    page = _page(client, district)
    assert "共有人" in page
    assert "浙江理工大学" in page


def test_the_tech_sme_verdict_gives_the_engine_reasons_with_articles(client, district):
    tech_sme = {
        "verdict": "fail",
        "direct": True,
        "explanations": [{"rule": "tech_sme.size", "text": SIZE_TEXT, "article": SIZE_ARTICLE}],
    }
    Evaluation.objects.filter(enterprise=district.a1).update(result={"tech_sme": tech_sme})
    page = _page(client, district)
    assert SIZE_TEXT in page
    assert SIZE_ARTICLE in page
    assert "符合直接认定条件。" not in page


def test_domestic_rd_is_the_categories_less_rd_entrusted_abroad(client, district):
    FiscalYear.objects.create(
        enterprise=district.a1,
        year=2025,
        rd_personnel=Decimal("300.5"),
        rd_direct=Decimal("100"),
        rd_entrusted_domestic=Decimal("40"),
        rd_entrusted_overseas=Decimal("60"),
    )
    client.force_login(district.users[Role.BUREAU_OFFICER])
    response = client.get(reverse("enterprises:detail", args=[district.a1.uscc]))
    table = response.context["indicators"]
    column = table["headers"].index("境内研发费用")
    row = next(row for row in table["rows"] if row["year"] == 2025)
    assert row["cells"][column]["value"] == Decimal("440.5")
    given = next(row for row in table["rows"] if row["year"] == 2024)
    assert given["cells"][column]["value"] is None  # the role district's 2024 gives no R&D at all


def test_a_value_from_a_department_names_the_department_in_chinese(client, district):
    FieldSource.objects.create(
        enterprise=district.a1,
        year=2024,
        field="total_revenue",
        value="1234.5",
        source_kind=FieldSource.Kind.DEPARTMENT,
        department=Department.TAX,
        reference="2024年度税务数据.xlsx",
    )
    client.force_login(district.users[Role.BUREAU_OFFICER])
    table = client.get(reverse("enterprises:detail", args=[district.a1.uscc])).context["indicators"]
    cell = next(row for row in table["rows"] if row["year"] == 2024)["cells"][1]
    assert "税务" in cell["source"] and "2024年度税务数据.xlsx" in cell["source"]
    assert "tax" not in cell["source"]

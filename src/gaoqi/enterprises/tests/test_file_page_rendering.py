"""The file page's rows rendered in Python (holdings, indicators, conditions, history), its queries
and its per-process reference copies: the same content as the templates gave, at a fixed query count."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gaoqi.accounts.models import Role
from gaoqi.enterprises.models import (
    Achievement,
    Certificate,
    Enterprise,
    Evaluation,
    FieldSource,
    FiscalYear,
    Incident,
    IPAsset,
    RDInstitution,
)
from gaoqi.enterprises.tests.role_district import build_district
from gaoqi.enterprises.views.holding_tables import HOLDING_TABLES
from gaoqi.enterprises.views.holdings import HOLDINGS
from gaoqi.reference import copies
from gaoqi.reference.copies import REFERENCE_TTL, forget_reference_copies
from gaoqi.reference.models import IndustryClass, Town

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    forget_reference_copies()  # a copy read in another test may hold names its rollback undid
    yield build_district()
    forget_reference_copies()


def _page(client, district, role=Role.BUREAU_OFFICER, firm=None) -> str:
    client.force_login(district.users[role])
    return client.get(reverse("enterprises:detail", args=[(firm or district.a1).uscc])).content.decode()


def _fill(firm, count: int) -> None:
    """``count`` items of every kind, five fiscal years with sources, and their audited changes."""
    for serial in range(count):
        IPAsset.objects.create(enterprise=firm, kind="utility_model", title=f"实用新型{serial}")
        Certificate.objects.create(enterprise=firm, kind="tech_sme", number=f"C{serial}", year=2020 + serial)
        RDInstitution.objects.create(enterprise=firm, name=f"研发中心{serial}", level="municipal")
        Achievement.objects.create(
            enterprise=firm, title=f"成果{serial}", year=2020 + serial, form="transfer"
        )
        Incident.objects.create(
            enterprise=firm, kind="quality", severity="other", occurred_on=date(2024, 1, 1)
        )
    for year in range(2020, 2020 + count):
        record, _created = FiscalYear.objects.get_or_create(enterprise=firm, year=year)
        record.employees = Decimal(year - 2000)
        record.save()
        FieldSource.objects.create(enterprise=firm, year=year, field="employees", value="10")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_file_page_runs_as_many_queries_however_much_the_file_holds(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    url = reverse("enterprises:detail", args=[district.a1.uscc])
    _fill(district.a1, 1)
    _queries(client, url)  # fills the per-process copy of the industry names
    few = _queries(client, url)
    _fill(district.a1, 5)
    assert _queries(client, url) == few


def test_each_holding_row_links_to_its_edit_and_delete_pages(client, district):
    firm = district.a1
    items = {
        "ip": IPAsset.objects.create(enterprise=firm, kind="invention", title="一种<染色>装置", number="ZL1"),
        "certificate": Certificate.objects.create(enterprise=firm, kind="tech_sme", number="C1", year=2024),
        "institution": RDInstitution.objects.create(enterprise=firm, name="企业研究院", level="municipal"),
        "achievement": Achievement.objects.create(
            enterprise=firm, title="低温染色", year=2024, form="transfer"
        ),
        "incident": Incident.objects.create(
            enterprise=firm, kind="quality", severity="serious", occurred_on=date(2025, 5, 6)
        ),
    }
    page = _page(client, district)
    for kind, item in items.items():
        assert f'href="{reverse("enterprises:holding_edit", args=[firm.uscc, kind, item.pk])}"' in page
        assert f'href="{reverse("enterprises:holding_delete", args=[firm.uscc, kind, item.pk])}"' in page
        assert f'href="{reverse("enterprises:holding_create", args=[firm.uscc, kind])}"' in page
    assert "<td>一种&lt;染色&gt;装置</td>" in page  # escaped like the template did
    assert "<td>发明专利</td><td>Ⅰ类</td>" in page  # choices by their labels
    assert "<td>2025-05-06</td>" in page
    read_only = _page(client, district, Role.DEPARTMENT_OFFICER)
    assert "一种&lt;染色&gt;装置" in read_only and "holding-actions" not in read_only


def test_a_certificate_past_its_expiry_is_marked(client, district):
    today = timezone.localdate()
    Certificate.objects.create(enterprise=district.a1, kind="tech_sme", expires_on=today - timedelta(days=1))
    Certificate.objects.create(enterprise=district.a1, kind="tech_sme", expires_on=today + timedelta(days=1))
    page = _page(client, district)
    assert page.count("已过期") == 1
    assert f'{today - timedelta(days=1):%Y-%m-%d} <span class="badge bg-secondary-lt">已过期</span>' in page


def test_every_holding_kind_has_a_table_on_the_file_page():
    assert set(HOLDING_TABLES) == set(HOLDINGS)


def test_the_indicator_rows_show_values_sources_and_edit_buttons(client, district):
    FieldSource.objects.create(
        enterprise=district.a1, year=2024, field="total_revenue", value="1234.5", reference="年报.xlsx"
    )
    page = _page(client, district)
    assert "<td>2024</td>" in page
    assert 'title="来源：' in page and "年报.xlsx" in page
    assert '1,234.50<span class="source-mark" aria-hidden="true"></span></td>' in page
    edit = reverse("enterprises:year_edit", args=[district.a1.uscc, 2024])
    assert f'href="{edit}" data-testid="edit-year-2024"' in page
    assert 'data-testid="edit-year-2024"' not in _page(client, district, Role.DEPARTMENT_OFFICER)


def test_the_condition_rows_show_value_threshold_and_gap(client, district):
    hnte = {
        "verdict": "fail",
        "conditions": {
            "registered_365_days": {"passed": True, "value": 900},
            "scitech_staff_ratio": {"passed": False, "value": 0.05, "threshold": 0.1, "gap": 3},
            "rd_ratio": {"passed": False, "value": 0.021, "threshold": 0.03, "gap": 12.5},
            "innovation_score": {"passed": None, "threshold": 70},
        },
    }
    Evaluation.objects.filter(enterprise=district.a1).update(result={"hnte": hnte})
    page = _page(client, district)
    assert '<td class="num">900 天</td><td class="num">≥ 365 天</td><td class="num">0</td>' in page
    assert '<td class="num">5.00%</td><td class="num">≥ 10%</td>' in page
    assert '<span class="text-danger">3 人</span>' in page
    assert '<span class="text-danger">12.5000 万元</span>' in page
    assert '<td class="num">—</td><td class="num">&gt; 70 分</td><td class="num">—</td>' in page
    assert '<span class="badge bg-red-lt">未达标</span>' in page
    assert '<span class="badge bg-secondary-lt">未知</span>' in page


def test_the_explanations_and_the_deduction_rows_show_their_sources(client, district):
    result = {
        "hnte": {
            "verdict": "pass",
            "explanations": [
                {"text": "注册成立 900 天：符合。", "document": "《工作指引》", "article": "三（一）"},
                "无来源的说明",
            ],
        },
        "deduction": {
            "years": [
                {"year": 2024, "rate": 1.0, "base": 100, "extra": 100, "tax_saved": 25, "estimated": True},
                {"year": 2023, "rate": 0.75, "base": 80, "extra": 60, "tax_saved": 15, "estimated": False},
            ]
        },
    }
    Evaluation.objects.filter(enterprise=district.a1).update(result=result)
    page = _page(client, district)
    assert (
        '<li>注册成立 900 天：符合。 <span class="text-secondary">（《工作指引》 三（一））</span></li>'
        in page
    )
    assert "<li>无来源的说明</li>" in page
    assert (
        '<tr><td>2024</td><td class="num">100.00%</td><td class="num">100.00</td><td class="num">100.00</td>'
        '<td class="num">25.00</td><td class="small text-secondary">按研发费用估算</td></tr>'
    ) in page
    assert '<td class="num">75.00%</td>' in page and "按加计扣除口径" in page


def test_a_file_never_evaluated_says_so(client, district):
    Evaluation.objects.filter(enterprise=district.a1).delete()
    page = _page(client, district)
    assert "该企业尚未测评。" in page
    assert 'data-testid="header-verdict"' not in page


def test_the_history_rows_show_who_changed_what_before_and_after(client, district):
    year = FiscalYear.objects.get(enterprise=district.a1, year=2024)
    year.employees = Decimal(42)
    year.save()
    page = _page(client, district)
    assert '<td class="text-nowrap">修改</td><td class="text-nowrap">年度指标 2024</td>' in page
    assert '职工总数（人）：<span class="text-secondary">—</span> → <strong>42</strong>' in page


def test_the_industry_names_follow_a_renamed_division(client, district):
    code = district.a1.industry_code
    assert IndustryClass.objects.get(code=code[:3]).name in _page(client, district)
    division = IndustryClass.objects.get(code=code[:3])
    division.name = "改名后的大类"
    division.save()
    section = IndustryClass.objects.get(code=code[:1]).name
    assert f"{code} {section} / 改名后的大类" in _page(client, district)


def test_the_town_follows_a_rename_and_a_town_added_after_the_copy_was_read(client, district):
    assert district.a1.town.name in _page(client, district)
    town = Town.objects.get(pk=district.a1.town_id)
    town.name = "改名后的街道"
    town.save()
    assert "改名后的街道" in _page(client, district)
    new_town = Town.objects.create(region=town.region, code="330603999", name="新设街道", kind="street")
    Enterprise.objects.filter(pk=district.a1.pk).update(town=new_town)
    assert "新设街道" in _page(client, district)  # a town the copy lacked reloads it


def test_a_town_renamed_by_another_process_shows_once_the_copy_is_older_than_its_ttl(
    client, district, monkeypatch
):
    assert district.a1.town.name in _page(client, district)
    Town.objects.filter(pk=district.a1.town_id).update(name="别处改名")  # no signal, as in another process
    assert "别处改名" not in _page(client, district)
    later = time.monotonic() + REFERENCE_TTL
    monkeypatch.setattr(copies.time, "monotonic", lambda: later)
    assert "别处改名" in _page(client, district)

"""Town scores against a hand-computed table (proportional part and cap), drill-downs, target entry."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from gaoqi.accounts.models import Role, User
from gaoqi.core.audit_models import AuditEntry
from gaoqi.cultivation.models import PoolEntry, TierRecord
from gaoqi.enterprises.models import Certificate
from gaoqi.monitoring.models import DoubleZeroBaseline, TownTarget
from gaoqi.monitoring.targets import Rule, rules_for, score, town_scores
from gaoqi.monitoring.tests.builders import TOWN_A, TOWN_B, firm, hnte, year
from gaoqi.reference.models import Town

pytestmark = pytest.mark.django_db
RULE = Rule("new_hnte", Decimal(30), Decimal("1.2"))


@pytest.mark.parametrize(
    ("actual", "target", "points"),
    [
        ("3", "4", "22.5"),  # proportional below the target
        ("4", "4", "30"),  # full marks at the target
        ("5", "4", "36"),  # 125 % capped at 120 %
        ("4.4", "4", "33"),  # 110 % below the cap
        ("0", "4", "0"),
        ("-0.1", "0.05", "0"),  # a fall never scores below zero
        ("0", "0", "30"),  # a zero target reached
    ],
)
def test_score_rule(actual: str, target: str, points: str) -> None:
    assert score(Decimal(actual), Decimal(target), RULE) == Decimal(points)


def test_no_rules_before_the_first_dated_rules(client: Client) -> None:
    assert rules_for(2019) == {}
    assert set(rules_for(2020)) == set(TownTarget.Indicator.values)
    client.force_login(User.objects.create_user("leader", role=Role.LEADER))
    assert "没有生效的考核评分规则" in client.get("/monitoring/targets/?year=2019").text


def test_unknown_actual_or_target_scores_nothing() -> None:
    assert score(None, Decimal(4), RULE) is None
    assert score(Decimal(4), None, RULE) is None


def tech_sme(company, **fields) -> Certificate:
    return Certificate.objects.create(enterprise=company, kind="tech_sme", **fields)


def pool(company, before: str | None, after: str) -> None:
    PoolEntry.objects.create(enterprise=company, year=2025, entered_on=date(2025, 2, 1), entry_reason="培育")
    if before:
        TierRecord.objects.create(enterprise=company, year=2024, as_of=date(2024, 12, 31), tier=before)
    TierRecord.objects.create(enterprise=company, year=2025, as_of=date(2025, 12, 31), tier=after)


@pytest.fixture
def towns() -> dict[str, Any]:
    a = [firm(200 + n) for n in range(8)]
    b = [firm(300 + n, TOWN_B) for n in range(7)]
    for company in a[:3] + b[:5]:
        hnte(company, date(2025, 11, 20))
    hnte(a[3], date(2022, 12, 1))
    hnte(a[3], date(2025, 12, 1))  # re-certified: not new
    tech_sme(a[4], year=2025, number="A4")
    tech_sme(a[5], issued_on=date(2025, 5, 1), number="A5")
    tech_sme(a[6], year=2024, number="A6-1")
    tech_sme(a[6], year=2025, number="A6-2")  # registered the year before: not new
    year(a[0], 2024, rd_total="100")
    year(a[0], 2025, rd_total="130")
    year(a[1], 2024, rd_personnel="60", rd_direct="40")
    year(a[1], 2025, rd_personnel="50", rd_direct="40")
    year(a[2], 2025, rd_total="500")  # no 2024 figure: left out of the growth
    year(b[0], 2024, rd_total="100")
    year(b[0], 2025, rd_total="90")
    pool(a[4], "tech_sme", "hnte")
    pool(a[5], None, "tech_sme")  # no record of 2024: no transition to count
    pool(a[7], "tech_sme", "tech_sme")  # stayed: not upgraded
    DoubleZeroBaseline.objects.create(year=2025, town=Town.objects.get(code=TOWN_B), no_rd_activity=[b[6].pk])
    targets = {
        TOWN_A: {
            "new_hnte": "4",
            "new_tech_sme": "2",
            "rd_growth": "0.08",
            "double_zero_cleared": "1",
            "pool_upgraded": "4",
        },
        TOWN_B: {"new_hnte": "4", "rd_growth": "0.05", "double_zero_cleared": "2"},
    }
    for code, values in targets.items():
        for indicator, target in values.items():
            TownTarget.objects.create(
                year=2025, town=Town.objects.get(code=code), indicator=indicator, target=Decimal(target)
            )
    return {"a": a, "b": b}


def test_town_scores_match_the_hand_computed_table(towns: dict[str, Any]) -> None:
    scores = {entry.town.code: entry for entry in town_scores(2025)}
    a, b = scores[TOWN_A], scores[TOWN_B]
    # indicator: (actual, points) — A: 3/4 HNTE, 2/2 tech SMEs, R&D 200 → 220 (+10 % against 8 %: capped),
    # no 双清零 baseline (unknown), 1 of 4 pool upgrades; B: 5/4 HNTE (capped), 1 of 2 cleared, R&D −10 %.
    expected_a = {
        "new_hnte": ("3", "22.5"),
        "new_tech_sme": ("2", "20"),
        "rd_growth": ("0.1", "24"),
        "double_zero_cleared": (None, None),
        "pool_upgraded": ("1", "2.5"),
    }
    expected_b = {"new_hnte": ("5", "36"), "rd_growth": ("-0.1", "0"), "double_zero_cleared": ("1", "10")}
    for entry, expected in ((a, expected_a), (b, expected_b)):
        items = {item.indicator: item for item in entry.items}
        for indicator, (actual, points) in expected.items():
            item = items[indicator]
            assert (item.actual.value if item.actual else None) == (
                None if actual is None else Decimal(actual)
            )
            assert item.points == (None if points is None else Decimal(points))
    assert (a.total, b.total) == (Decimal("69"), Decimal("46"))
    assert (a.rank, b.rank) == (1, 2)
    officer = User.objects.create_user("town_b", role=Role.TOWN_OFFICER, town_code=TOWN_B)
    assert [(entry.town.code, entry.rank) for entry in town_scores(2025, user=officer)] == [(TOWN_B, 2)]


def test_each_figure_drills_down_to_its_enterprises(towns: dict[str, Any]) -> None:
    client = Client()
    client.force_login(User.objects.create_user("bureau", role=Role.BUREAU_OFFICER))
    ranking = client.get("/monitoring/targets/?year=2025")
    assert ranking.status_code == 200 and f"/monitoring/targets/2025/{TOWN_A}/new_hnte/" in ranking.text
    page = client.get(f"/monitoring/targets/2025/{TOWN_A}/new_hnte/").text
    a = towns["a"]
    assert all(company.name in page for company in a[:3]) and a[3].name not in page
    upgraded = client.get(f"/monitoring/targets/2025/{TOWN_A}/pool_upgraded/").text
    assert a[4].name in upgraded and a[5].name not in upgraded and a[7].name not in upgraded
    pending = client.get(f"/monitoring/targets/2025/{TOWN_A}/double_zero_cleared/").text
    assert "暂无法计算" in pending


def test_the_ranking_exports_to_excel_and_is_audited(towns: dict[str, Any]) -> None:
    client = Client()
    client.force_login(User.objects.create_user("leader", role=Role.LEADER))
    response = client.get("/monitoring/targets/export/?year=2025")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("排名", "镇街", "新增高新技术企业（家）·实际")
    assert (rows[1][0], rows[1][1], rows[1][-1]) == (1, "柯桥街道", 69)
    assert (rows[2][0], rows[2][-1]) == (2, 46)
    assert AuditEntry.objects.filter(action="export", model_label="镇街目标考核排名").exists()


def test_the_bureau_sets_targets_in_the_grid_and_from_excel() -> None:
    bureau = Client()
    bureau.force_login(User.objects.create_user("bureau", role=Role.BUREAU_OFFICER))
    response = bureau.post(
        "/monitoring/targets/2026/edit/", {f"t_{TOWN_A}_new_hnte": "6", f"t_{TOWN_A}_rd_growth": "12.5"}
    )
    assert response.status_code == 302
    stored = dict(TownTarget.objects.filter(year=2026).values_list("indicator", "target"))
    assert stored == {"new_hnte": Decimal(6), "rd_growth": Decimal("0.125")}
    book = Workbook()
    book.active.append(["镇街", "新增高新技术企业（家）", "研发费用增长率"])
    book.active.append([TOWN_B, 3, 10])
    book.active.append(["华舍街道", 2, None])  # a town by its name
    content = io.BytesIO()
    book.save(content)
    content.seek(0)
    content.name = "targets.xlsx"
    bureau.post("/monitoring/targets/2026/import/", {"file": content})
    imported = dict(
        TownTarget.objects.filter(year=2026, town__code=TOWN_B).values_list("indicator", "target")
    )
    assert imported == {"new_hnte": Decimal(3), "rd_growth": Decimal("0.1")}
    assert TownTarget.objects.get(year=2026, town__name="华舍街道").target == Decimal(2)
    town = Client()
    town.force_login(User.objects.create_user("town_a", role=Role.TOWN_OFFICER, town_code=TOWN_A))
    assert town.post("/monitoring/targets/2026/edit/", {}).status_code == 403

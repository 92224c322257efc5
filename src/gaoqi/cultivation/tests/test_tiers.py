"""Tier records, transitions between years, and 双倍增 progress with its projection."""

from __future__ import annotations

import datetime as dt
import io
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from gaoqi.core.audit import AuditEntry
from gaoqi.cultivation import tiers
from gaoqi.cultivation.models import DoublingTarget, TierRecord
from gaoqi.cultivation.tests.district import make_firm, officer
from gaoqi.enterprises.models import Certificate
from gaoqi.enterprises.tests.builders import make_enterprise


def _history(rows: list[tuple[object, int, str, bool | None]]) -> None:
    for enterprise, year, tier, above in rows:
        TierRecord.objects.create(
            enterprise=enterprise, year=year, as_of=dt.date(year, 12, 31), tier=tier, above_scale=above
        )


@pytest.mark.django_db
def test_transitions_are_counted_and_listed_per_year():
    up, bigger, scaled, leading, new = (make_enterprise(serial) for serial in range(1, 6))
    _history(
        [
            (up, 2023, "tech_sme", False), (up, 2024, "hnte", False),  # 小升高 in 2024
            (bigger, 2023, "hnte", True), (bigger, 2024, "little_giant", True),  # 高壮大 in 2024
            (scaled, 2023, "none", False), (scaled, 2024, "none", True),  # 小升规 in 2024
            (leading, 2022, "none", None), (leading, 2023, "hnte", None), (leading, 2024, "leading", None),
            (new, 2024, "hnte", True),  # no 2023 record: no transition
        ]
    )  # fmt: skip
    history = tiers.history_frame(TierRecord.objects.all())
    counts = {row["year"]: row for row in tiers.transition_counts(history)}
    assert counts[2023] == {"year": 2023, "tech_to_hnte": 0, "to_above_scale": 0, "hnte_upward": 0}
    assert counts[2024] == {"year": 2024, "tech_to_hnte": 1, "to_above_scale": 1, "hnte_upward": 2}
    assert tiers.transitions_in(history, 2024, "hnte_upward") == sorted([bigger.pk, leading.pk])
    assert tiers.transitions_in(history, 2024, "tech_to_hnte") == [up.pk]
    by_year = tiers.counts_by_year(history)
    assert by_year[2024]["hnte"] == 4 and by_year[2024]["above_scale"] == 3 and by_year[2022]["hnte"] == 0


def test_progress_projects_the_current_linear_pace_to_the_target_year():
    target = DoublingTarget(
        name="双倍增", baseline_year=2020, target_year=2025,
        hnte_baseline=100, hnte_target=200, tech_sme_baseline=300, tech_sme_target=600,
    )  # fmt: skip
    counts = {2020: {"hnte": 100, "tech_sme": 300}, 2023: {"hnte": 160, "tech_sme": 390}}
    hnte = tiers.progress(target, counts, "hnte")
    assert (hnte.latest_year, hnte.current) == (2023, 160)
    assert hnte.pace == 20 and hnte.projection == 200 and hnte.on_track  # 160 + 2 × 20
    assert hnte.share_done == Fraction(3, 5) and hnte.needed_per_year == 20
    tech = tiers.progress(target, counts, "tech_sme")
    assert tech.pace == 30 and tech.projection == 450 and tech.on_track is False
    assert tech.needed_per_year == 105  # (600 − 390) / 2
    assert tiers.progress(target, {2020: {"hnte": 1, "tech_sme": 1}}, "hnte").current is None


@pytest.mark.django_db
def test_the_command_records_past_years_from_certificates_and_revenue():
    with override_settings(GAOQI_AUTO_EVALUATE=False):
        firm = make_firm(1, "150")  # fiscal years 2023–2025, sales 4,000 to 8,000 万元
        Certificate.objects.create(
            enterprise=firm, kind="hnte", number="GR2024", issued_on=dt.date(2024, 11, 1)
        )
        Certificate.objects.create(enterprise=firm, kind="tech_sme", number="2023TS", year=2023)
        Certificate.objects.create(
            enterprise=firm,
            kind="little_giant",
            issued_on=dt.date(2025, 9, 1),
            expires_on=dt.date(2028, 9, 1),
        )
        call_command("record_tiers", "2023", "2024", "2025", stdout=io.StringIO())
    records = {record.year: record for record in TierRecord.objects.filter(enterprise=firm)}
    assert (records[2023].tier, records[2023].tech_sme) == ("tech_sme", True)
    assert (records[2024].tier, records[2024].tech_sme) == ("hnte", False)
    assert records[2025].tier == "little_giant"  # the 小巨人 certificate raises the engine's HNTE tier
    assert records[2023].above_scale is None  # judged on fiscal 2022, which is not in the file
    assert records[2024].above_scale is True  # fiscal 2023: 4,000 万元 ≥ 2,000 万元
    moves = tiers.transition_counts(tiers.history_frame(TierRecord.objects.all()))
    assert {row["year"]: row["tech_to_hnte"] for row in moves} == {2024: 1, 2025: 0}
    assert {row["year"]: row["hnte_upward"] for row in moves} == {2024: 0, 2025: 1}


@pytest.mark.django_db
def test_the_tiers_table_exports_to_excel_per_year_and_is_audited(client):
    up, bigger, scaled = (make_enterprise(serial) for serial in range(1, 4))
    _history(
        [
            (up, 2023, "tech_sme", False), (up, 2024, "hnte", False),  # 小升高 in 2024
            (bigger, 2023, "hnte", True), (bigger, 2024, "little_giant", True),  # 高壮大 in 2024
            (scaled, 2023, "none", False), (scaled, 2024, "none", True),  # 小升规 in 2024
        ]
    )  # fmt: skip
    client.force_login(officer())

    response = client.get(reverse("cultivation:tiers_export"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[0] == "年度" and header[-3].startswith("小升高") and header[-1].startswith("高壮大")
    by_year = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_year[2023]["高新技术企业"] == 1 and by_year[2023][header[-3]] is None  # no year before
    assert by_year[2024]["有效高企"] == 2 and by_year[2024]["规上企业"] == 2
    assert [by_year[2024][name] for name in header[-3:]] == [1, 1, 1]
    assert AuditEntry.objects.filter(action="export", model_label="梯度培育年度统计").exists()


@pytest.mark.django_db
def test_the_doubling_table_exports_through_the_registry_and_is_audited(client):
    first, second = make_enterprise(1), make_enterprise(2)
    _history([(first, 2020, "hnte", False), (second, 2020, "none", False), (first, 2023, "hnte", False)])
    _history([(second, 2023, "hnte", False)])
    DoublingTarget.objects.create(
        name="=十四五", baseline_year=2020, target_year=2025,
        hnte_baseline=1, hnte_target=4, tech_sme_baseline=1, tech_sme_target=2,
    )  # fmt: skip
    client.force_login(officer())
    link = reverse("jobs:export_now", args=["doubling_targets"])
    assert link in client.get(reverse("cultivation:tiers")).content.decode()

    sheet = load_workbook(io.BytesIO(client.get(link).content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:4] == ["目标", "基准年", "目标年", "指标"] and len(rows) == 2
    hnte = dict(zip(header, rows[0], strict=True))
    assert (hnte["目标"], hnte["指标"], hnte["当前"], hnte["当前年度"]) == (
        "'=十四五",
        "高新技术企业",
        2,
        2023,
    )
    assert hnte["完成进度"] == pytest.approx(1 / 3)  # (2 − 1) / (4 − 1)
    assert (hnte["年均增量"], hnte["按当前速度预计"], hnte["尚需年均增量"]) == (0.3, 2.7, 1.0)
    assert rows[1][3] == "科技型中小企业"
    assert AuditEntry.objects.filter(action="export", model_label="双倍增目标").count() == 1

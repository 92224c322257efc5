"""District screening: stored results, ranking, and the diff against the previous run."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from gaoqi.cultivation.models import ScreeningResult, TierRecord, unpack
from gaoqi.cultivation.screening import is_stale, reproduce, run_screening
from gaoqi.cultivation.tests.district import AS_OF, make_firm, set_rd
from gaoqi.enterprises.models import Enterprise
from gaoqi.policy import load_parameters

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_auto_evaluation")]


@pytest.fixture
def no_auto_evaluation():
    with override_settings(GAOQI_AUTO_EVALUATE=False):
        yield


def _result(run, firm) -> ScreeningResult:
    return ScreeningResult.objects.get(run=run, enterprise=firm)


def test_results_are_stored_per_enterprise_with_failed_conditions_and_gaps():
    short = make_firm(1, "150", strong=True)
    run = run_screening(Enterprise.objects.all(), AS_OF)
    result = _result(run, short)
    assert run.enterprises == 1 and run.params_version == load_parameters(AS_OF).version
    assert result.hnte_verdict == "fail"
    assert result.failed == ["rd_ratio"]
    (gap,) = result.gaps
    # R&D over three years: 0.5·(150+100)+0.7·(150+100)+1·(150+100) = 550 against 4 % of 17,600 = 704
    assert gap["condition"] == "rd_ratio" and Decimal(str(gap["gap"])) == Decimal("154")
    assert TierRecord.objects.get(enterprise=short, year=AS_OF.year).run == run


def test_ranking_orders_by_failed_conditions_then_relative_gap_then_score():
    passing = make_firm(1, "600", strong=True)  # nothing fails
    near = make_firm(2, "150", strong=True)  # the R&D ratio fails, by 154 of 704 万元
    far = make_firm(3, "20", strong=True)  # the R&D ratio fails by more
    weak = make_firm(4, "600")  # only the innovation score fails, score far below the line
    two = make_firm(5, "20")  # R&D ratio and innovation score fail
    run = run_screening(Enterprise.objects.all(), AS_OF)
    ranked = list(
        ScreeningResult.objects.filter(run=run).order_by("rank").values_list("enterprise_id", flat=True)
    )
    assert ranked[0] == passing.pk
    assert ranked[-1] == two.pk
    assert ranked.index(near.pk) < ranked.index(far.pk)
    assert _result(run, near).failed_count == _result(run, weak).failed_count == 1
    assert _result(run, near).gap_relative < _result(run, weak).gap_relative
    assert ranked.index(near.pk) < ranked.index(weak.pk)


def test_a_changed_input_flips_the_verdict_and_names_the_input():
    firm = make_firm(1, "150", strong=True)
    steady = make_firm(2, "600", strong=True)
    first = run_screening(Enterprise.objects.all(), AS_OF)
    set_rd(firm, "600")
    second = run_screening(Enterprise.objects.all(), AS_OF)
    result = _result(second, firm)
    assert second.previous == first and second.flipped == 1
    assert result.flipped and not _result(second, steady).flipped
    assert result.change["before"]["hnte_verdict"] == "fail"
    assert result.change["after"]["hnte_verdict"] == "pass"
    assert result.change["inputs"] == [f"fiscal_years[{AS_OF.year - 1}].rd.personnel"]
    assert result.change["parameters"] == []
    # the new inputs are stored, the unchanged firm's inputs are not stored again
    assert result.inputs is not None and _result(second, steady).inputs is None
    assert unpack(result.trace)["hnte"]["verdict"] == "pass"


def test_a_changed_parameter_flips_the_verdict_and_names_the_parameter():
    firm = make_firm(1, "600", strong=True)  # 30 of 200 staff in science and technology: 15 %
    base = load_parameters(AS_OF)
    run_screening(Enterprise.objects.all(), AS_OF, params=base)
    stricter = base.with_overrides({"hnte.staff_ratio_min": Decimal("0.2")})
    second = run_screening(Enterprise.objects.all(), AS_OF, params=stricter)
    result = _result(second, firm)
    assert second.params_version != base.version
    assert [item["name"] for item in second.changed_parameters] == ["hnte.staff_ratio_min"]
    assert result.flipped and result.change["inputs"] == []
    assert result.change["parameters"] == ["hnte.staff_ratio_min"]
    assert (result.change["before"]["hnte_verdict"], result.change["after"]["hnte_verdict"]) == (
        "pass",
        "fail",
    )
    assert result.failed == ["scitech_staff_ratio"]
    assert is_stale(second)  # the parameters in force today are not those of the last run


def test_a_run_under_the_parameters_in_force_is_not_stale():
    make_firm(1, "150")
    assert not is_stale(run_screening(Enterprise.objects.all(), timezone.localdate()))


def test_a_result_without_a_stored_trace_is_reproduced_exactly():
    firm = make_firm(1, "150", strong=True)
    run = run_screening(Enterprise.objects.all(), AS_OF)
    result = _result(run, firm)
    assert result.trace is None
    reproduced = reproduce(result)
    assert reproduced["exact"]
    output = reproduced["output"]
    assert output["hnte"]["verdict"] == result.hnte_verdict
    assert output["hnte"]["score"]["min"] == result.score_min
    assert output["hnte"]["explanations"]

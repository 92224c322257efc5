"""Evaluations stored from the engine, skipped when nothing changed, and recomputed after an edit."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from gaoqi.enterprises.bridge import to_record
from gaoqi.enterprises.evaluation import evaluate_enterprises, inputs_hash
from gaoqi.enterprises.models import Enterprise, Evaluation, FiscalYear
from gaoqi.enterprises.tests.builders import make_applicant
from gaoqi.policy import load_parameters

pytest.importorskip("gaoqi.policy.output", reason="the engine's output module has not landed yet")
pytestmark = pytest.mark.django_db


def test_evaluations_are_stored_with_their_inputs_and_parameters():
    firms = [make_applicant(301, "200"), make_applicant(302, "50")]
    as_of = dt.date(timezone.localdate().year, 6, 1)
    assert evaluate_enterprises(Enterprise.objects.all(), as_of) == 2
    version = load_parameters(as_of, region="keqiao").version
    for firm in firms:
        evaluation = Evaluation.objects.get(enterprise=firm, is_latest=True)
        result = evaluation.result
        assert result["uscc"] == firm.uscc
        assert (evaluation.hnte_verdict, evaluation.tier) == (result["hnte"]["verdict"], result["tier"])
        assert evaluation.tech_sme_verdict == result["tech_sme"]["verdict"]
        assert evaluation.score_min <= evaluation.score_max
        assert (evaluation.as_of, evaluation.params_version) == (as_of, version)
        assert evaluation.inputs_hash == inputs_hash(to_record(firm, as_of))


def test_unchanged_enterprises_are_skipped_unless_forced():
    make_applicant(303, "200")
    as_of = dt.date(timezone.localdate().year, 6, 1)
    evaluate_enterprises(Enterprise.objects.all(), as_of)
    assert evaluate_enterprises(Enterprise.objects.all(), as_of) == 0
    assert evaluate_enterprises(Enterprise.objects.all(), as_of, force=True) == 1
    assert Evaluation.objects.count() == 2
    assert Evaluation.objects.filter(is_latest=True).count() == 1


def test_editing_a_fiscal_year_recomputes_the_evaluation_after_commit(django_capture_on_commit_callbacks):
    firm = make_applicant(304, "100")
    evaluate_enterprises(Enterprise.objects.filter(pk=firm.pk))
    before = Evaluation.objects.get(enterprise=firm, is_latest=True)
    year = FiscalYear.objects.filter(enterprise=firm).order_by("-year").first()
    year.rd_personnel = Decimal("600")
    with django_capture_on_commit_callbacks(execute=True):
        year.save()
    after = Evaluation.objects.get(enterprise=firm, is_latest=True)
    assert after.pk != before.pk and after.inputs_hash != before.inputs_hash
    ratio = "rd_ratio"
    assert (
        after.result["hnte"]["conditions"][ratio]["value"]
        > before.result["hnte"]["conditions"][ratio]["value"]
    )
    assert Evaluation.objects.filter(enterprise=firm).count() == 2


def test_saving_without_commit_evaluates_nothing():
    make_applicant(305, "100")
    assert not Evaluation.objects.exists()


def test_the_commands_print_a_record_and_reevaluate_on_a_date():
    firm = make_applicant(306, "100")
    output = StringIO()
    call_command("enterprise_record", firm.uscc, "--as-of", "2025-06-01", stdout=output)
    assert json.loads(output.getvalue()) == to_record(firm, dt.date(2025, 6, 1))
    call_command("reevaluate", "--as-of", "2025-06-01", stdout=StringIO())
    assert Evaluation.objects.get(enterprise=firm, is_latest=True).as_of == dt.date(2025, 6, 1)
    with pytest.raises(CommandError):
        call_command("enterprise_record", "91330621MA2BC1234C")


def test_a_record_the_engine_rejects_is_stored_with_its_error_and_no_verdict():
    firm = make_applicant(307, "100")
    FiscalYear.objects.filter(enterprise=firm).update(scitech_staff=Decimal("500"))  # above employees
    evaluate_enterprises(Enterprise.objects.filter(pk=firm.pk))
    evaluation = Evaluation.objects.get(enterprise=firm, is_latest=True)
    assert "科技人员" in evaluation.result["error"]
    assert (evaluation.hnte_verdict, evaluation.tier, evaluation.score_min) == ("", "none", None)


def test_one_transaction_evaluates_each_changed_enterprise_once(django_capture_on_commit_callbacks):
    first, second = make_applicant(308, "100"), make_applicant(309, "100")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for year in FiscalYear.objects.filter(enterprise__in=[first, second]):
            year.rd_direct = Decimal("150")
            year.save()
    assert Evaluation.objects.filter(is_latest=True).count() == Evaluation.objects.count() == 2


def test_a_failing_evaluation_does_not_undo_or_break_the_save(django_capture_on_commit_callbacks, settings):
    firm = make_applicant(310, "100")
    settings.GAOQI_REGION = "nowhere"  # the engine has no parameters for it: evaluation raises
    year = FiscalYear.objects.filter(enterprise=firm).first()
    year.rd_direct = Decimal("1")
    with django_capture_on_commit_callbacks(execute=True):
        year.save()
    assert FiscalYear.objects.get(pk=year.pk).rd_direct == Decimal("1")
    assert not Evaluation.objects.exists()

"""The enterprise file page (一企一档) and its lazily loaded cheapest-plan panel."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gaoqi.accounts.masking import mask_contact
from gaoqi.accounts.permissions import Perm, require
from gaoqi.core.audit import enterprise_history
from gaoqi.core.scopes import can_edit
from gaoqi.enterprises.bridge import to_record
from gaoqi.enterprises.filters import with_latest_evaluation
from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.enterprises.views.holding_tables import holdings
from gaoqi.enterprises.views.panel_rows import (
    condition_rows,
    deduction_rows,
    explanation_items,
    history_table_rows,
    indicator_rows,
    tech_sme_items,
    verdict_badges,
)
from gaoqi.enterprises.views.panels import (
    HISTORY_FIELDS,
    ILLUSTRATIVE_TIERS,
    evaluation_context,
    history_rows,
    indicator_charts,
    indicator_table,
    indicator_years,
    sources_by_year,
)
from gaoqi.enterprises.views.reference_copies import attach_references, industry_names
from gaoqi.policy import InputError, ParameterError, plan_for

HISTORY_LIMIT = 50


def scoped_enterprise(request: HttpRequest, uscc: str) -> Enterprise:
    """The enterprise with ``uscc`` if the user's scope includes it, else 404 (never a 403 that leaks it)."""
    queryset = Enterprise.objects.for_user(request.user).select_related(
        "town", "segment", "tech_field__parent"
    )
    return get_object_or_404(queryset, uscc=uscc)


def _file_enterprise(request: HttpRequest, uscc: str) -> Enterprise:
    """``scoped_enterprise`` with its latest evaluation joined as ``latest`` (one query for both) and
    its town, segment and technology field from the per-process reference copies."""
    queryset = with_latest_evaluation(Enterprise.objects.for_user(request.user)).select_related("latest")
    enterprise = get_object_or_404(queryset, uscc=uscc)
    attach_references(enterprise)
    return enterprise


def latest_evaluation(enterprise: Enterprise) -> Evaluation | None:
    """The evaluation the pages show (the one marked latest), if the enterprise was evaluated."""
    return enterprise.evaluations.filter(is_latest=True).first()


@require(Perm.VIEW_ENTERPRISES)
def enterprise_detail(request: HttpRequest, uscc: str) -> HttpResponse:
    """Profile, indicators with charts, holdings, the latest evaluation and the change history."""
    enterprise = _file_enterprise(request, uscc)
    years = indicator_years(enterprise)
    sources = sources_by_year(enterprise)
    editable = can_edit(request.user, enterprise)
    indicators = indicator_table(years, sources)
    entries = enterprise_history(enterprise.pk).only(*HISTORY_FIELDS)[:HISTORY_LIMIT]
    history = history_rows(entries, request.user)
    evaluation = evaluation_context(getattr(enterprise, "latest", None))  # unset when never evaluated
    context = {
        "enterprise": enterprise,
        "industry_names": industry_names(enterprise.industry_code),
        "contact_phone": mask_contact(enterprise.contact_phone, request.user),
        "contact_email": mask_contact(enterprise.contact_email, request.user),
        "indicators": indicators,
        "indicator_rows": indicator_rows(indicators, enterprise.uscc, editable),
        "identity_sources": sorted(set(sources.get(None, {}).values())),
        "charts": indicator_charts(years),
        "history": history,
        "history_rows": history_table_rows(history),
        "can_edit": editable,
        "illustrative_tiers": ILLUSTRATIVE_TIERS,
        "holdings": holdings(enterprise, editable),
        "badges": verdict_badges(evaluation),
        "condition_rows": condition_rows(evaluation.get("conditions", ())),
        "explanation_items": explanation_items(evaluation.get("explanations", ())),
        "tech_sme_items": tech_sme_items(evaluation.get("tech_sme", {}).get("explanations") or ()),
        "deduction_rows": deduction_rows(evaluation.get("deduction_years", ())),
        **evaluation,
    }
    return render(request, "enterprises/detail.html", context)


@require(Perm.VIEW_ENTERPRISES)
def enterprise_plan(request: HttpRequest, uscc: str) -> HttpResponse:
    """The engine's cheapest plan to pass HNTE, as of the latest evaluation's date (an HTMX fragment)."""
    enterprise = scoped_enterprise(request, uscc)
    evaluation = latest_evaluation(enterprise)
    as_of = evaluation.as_of if evaluation else timezone.localdate()
    try:
        plan = plan_for(to_record(enterprise, as_of), as_of)
    except (InputError, ParameterError) as error:
        plan = {"error": str(error)}
    return render(request, "enterprises/_plan.html", {"plan": plan, "enterprise": enterprise})

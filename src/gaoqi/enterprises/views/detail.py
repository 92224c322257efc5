"""The enterprise file page (一企一档) and its lazily loaded cheapest-plan panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gaoqi.accounts.masking import mask_contact
from gaoqi.accounts.permissions import Perm, require
from gaoqi.core.audit import enterprise_history
from gaoqi.core.scopes import can_edit
from gaoqi.enterprises.bridge import to_record
from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.enterprises.views.panels import (
    ILLUSTRATIVE_TIERS,
    evaluation_context,
    history_rows,
    indicator_charts,
    indicator_table,
    sources_by_year,
)
from gaoqi.policy import InputError, ParameterError, plan_for
from gaoqi.reference.models import IndustryClass

HISTORY_LIMIT = 50


def scoped_enterprise(request: HttpRequest, uscc: str) -> Enterprise:
    """The enterprise with ``uscc`` if the user's scope includes it, else 404 (never a 403 that leaks it)."""
    queryset = Enterprise.objects.for_user(request.user).select_related(
        "town", "segment", "tech_field__parent"
    )
    return get_object_or_404(queryset, uscc=uscc)


def latest_evaluation(enterprise: Enterprise) -> Evaluation | None:
    """The evaluation the pages show (the one marked latest), if the enterprise was evaluated."""
    return enterprise.evaluations.filter(is_latest=True).first()


def _industry_names(enterprise: Enterprise) -> str:
    codes = {enterprise.industry_code[:1], enterprise.industry_code[:3]}
    names = dict(IndustryClass.objects.filter(code__in=codes).values_list("code", "name"))
    return " / ".join(names[code] for code in sorted(codes, key=len) if code in names)


def _holdings(enterprise: Enterprise) -> dict[str, Any]:
    return {
        "ip_assets": list(enterprise.ip_assets.order_by("-granted_on", "pk")),
        "certificates": list(enterprise.certificates.order_by("-issued_on", "-year", "pk")),
        "institutions": list(enterprise.rd_institutions.order_by("-recognised_on", "pk")),
        "achievements": list(enterprise.achievements.order_by("-year", "pk")),
        "incidents": list(enterprise.incidents.order_by("-occurred_on", "pk")),
    }


@require(Perm.VIEW_ENTERPRISES)
def enterprise_detail(request: HttpRequest, uscc: str) -> HttpResponse:
    """Profile, indicators with charts, holdings, the latest evaluation and the change history."""
    enterprise = scoped_enterprise(request, uscc)
    years = list(enterprise.fiscal_years.order_by("year"))
    sources = sources_by_year(enterprise)
    context = {
        "enterprise": enterprise,
        "industry_names": _industry_names(enterprise),
        "contact_phone": mask_contact(enterprise.contact_phone, request.user),
        "contact_email": mask_contact(enterprise.contact_email, request.user),
        "indicators": indicator_table(years, sources),
        "identity_sources": sorted(set(sources.get(None, {}).values())),
        "charts": indicator_charts(years),
        "history": history_rows(enterprise_history(enterprise.pk)[:HISTORY_LIMIT], request.user),
        "can_edit": can_edit(request.user, enterprise),
        "today": timezone.localdate(),
        "illustrative_tiers": ILLUSTRATIVE_TIERS,
        **_holdings(enterprise),
        **evaluation_context(latest_evaluation(enterprise)),
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

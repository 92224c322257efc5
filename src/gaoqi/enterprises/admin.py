"""Django admin for the enterprise file (a maintenance tool for the bureau admin; pages live elsewhere)."""

from __future__ import annotations

from django.contrib import admin

from gaoqi.enterprises.models import (
    Achievement,
    Attachment,
    Certificate,
    Enterprise,
    Evaluation,
    FieldSource,
    FiscalYear,
    Incident,
    IPAsset,
    RDInstitution,
)


class FiscalYearInline(admin.TabularInline):
    model = FiscalYear
    extra = 0
    fields = (
        "year",
        "sales_revenue",
        "total_revenue",
        "hitech_revenue",
        "rd_total",
        "employees",
        "scitech_staff",
    )


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "town", "industry_code", "segment", "version", "updated_at")
    list_filter = ("town", "segment")
    search_fields = ("name", "uscc")
    list_select_related = ("town", "segment")
    readonly_fields = ("version", "created_at", "updated_at")
    inlines = (FiscalYearInline,)


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = (
        "enterprise",
        "as_of",
        "hnte_verdict",
        "tech_sme_verdict",
        "tier",
        "is_latest",
        "evaluated_at",
    )
    list_filter = ("is_latest", "hnte_verdict", "tier")
    search_fields = ("enterprise__name", "enterprise__uscc")
    list_select_related = ("enterprise",)
    raw_id_fields = ("enterprise",)


class EnterpriseRowAdmin(admin.ModelAdmin):
    """Rows hanging off an enterprise: searchable by it, never loading every enterprise into a select."""

    search_fields = ("enterprise__name", "enterprise__uscc")
    list_select_related = ("enterprise",)
    raw_id_fields = ("enterprise",)


for model, columns in (
    (FiscalYear, ("enterprise", "year", "sales_revenue", "rd_total", "version")),
    (IPAsset, ("title", "enterprise", "kind", "ip_class", "status", "expires_on")),
    (Achievement, ("title", "enterprise", "year", "form")),
    (RDInstitution, ("name", "enterprise", "level", "recognised_on")),
    (Certificate, ("enterprise", "kind", "number", "issued_on", "expires_on", "year")),
    (Incident, ("enterprise", "kind", "severity", "occurred_on")),
    (FieldSource, ("enterprise", "year", "field", "value", "source_kind", "recorded_at", "is_current")),
    (Attachment, ("title", "enterprise", "uploaded_at")),
):
    admin.site.register(
        model, type(f"{model.__name__}Admin", (EnterpriseRowAdmin,), {"list_display": columns})
    )

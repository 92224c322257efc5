"""The bureau admin's searchable audit log."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaoqi.accounts.permissions import Perm, require
from gaoqi.core.audit import model_title
from gaoqi.core.audit_models import AuditAction, AuditEntry
from gaoqi.enterprises.models import Enterprise

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    """Filters of the audit log; all optional."""

    user = forms.CharField(label=_("用户名"), required=False, max_length=150)
    model = forms.ChoiceField(label=_("对象类型"), required=False)
    action = forms.ChoiceField(label=_("操作"), required=False)
    enterprise = forms.CharField(
        label=_("企业"),
        required=False,
        max_length=128,
        widget=forms.TextInput(attrs={"placeholder": _("名称、统一社会信用代码或ID")}),
    )
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = (
            AuditEntry.objects.exclude(model_label="")
            .order_by("model_label")
            .values_list("model_label", flat=True)
        )
        self.fields["model"].choices = [
            ("", _("全部类型")),
            *((label, model_title(label)) for label in labels.distinct()),
        ]
        self.fields["action"].choices = [("", _("全部操作")), *AuditAction.choices]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def apply(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        """``entries`` narrowed by the valid filters."""
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        lookups: dict[str, Any] = {}
        if data["user"]:
            lookups["username__icontains"] = data["user"].strip()
        if data["model"]:
            lookups["model_label"] = data["model"]
        if data["action"]:
            lookups["action"] = data["action"]
        if data["enterprise"].strip():
            lookups["enterprise_id__in"] = _enterprise_ids(data["enterprise"].strip())
        if data["date_from"]:
            lookups["at__gte"] = timezone.make_aware(datetime.combine(data["date_from"], time.min))
        if data["date_to"]:
            lookups["at__lte"] = timezone.make_aware(datetime.combine(data["date_to"], time.max))
        return entries.filter(**lookups)


def _enterprise_ids(text: str) -> QuerySet[Enterprise]:
    """The ids of the enterprises ``text`` names: its unified social credit code, else digits as the
    internal id (not every name holding those digits), else a part of its name."""
    condition = Q(uscc=text.upper())
    if text.isdigit():
        condition |= Q(pk=int(text)) if int(text) < 2**63 else Q()
    else:
        condition |= Q(name__icontains=text)
    return Enterprise.objects.filter(condition).values("pk")


def audit_entries(query: QueryDict) -> tuple[AuditFilterForm, QuerySet[AuditEntry]]:
    """The filter form of ``query`` and the entries it selects, newest first (the page and its export)."""
    form = AuditFilterForm(query or None)
    entries = form.apply(AuditEntry.objects.all()) if form.is_bound else AuditEntry.objects.all()
    return form, entries.select_related("user").order_by("-at", "-id")


@require(Perm.VIEW_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    """Every audit entry, newest first, filtered by user, type, action, enterprise and dates."""
    form, entries = audit_entries(request.GET)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "core/audit_list.html", context)

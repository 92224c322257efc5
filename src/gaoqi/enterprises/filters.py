"""The enterprise list's filters: a form that validates the query string and narrows a scoped queryset."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import FilteredRelation, Q, QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.enterprises.validators import validate_uscc
from gaoqi.reference.models import IndustryClass, Segment, TechField, Town

NOT_EVALUATED = "none"


def with_latest_evaluation(queryset: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """Join each enterprise's latest evaluation as ``latest`` (at most one row: a unique constraint)."""
    return queryset.annotate(latest=FilteredRelation("evaluations", condition=Q(evaluations__is_latest=True)))


class PlainSelect(forms.Select):
    """A select of flat choices rendered in Python rather than through a template per option: the
    filters hold some 170 options, whose template rendering took half of the list page's time."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if key in chosen else "", label) for key, label in self._keyed_choices()),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )

    def _keyed_choices(self) -> list[tuple[str, Any]]:
        """The choices with their values as the strings the form submits (model choices by code)."""
        return [(str(key), label) for key, label in self.choices]


class EnterpriseFilterForm(forms.Form):
    """Every filter of the list; all optional, unknown values are reported as form errors and ignored."""

    q = forms.CharField(label=_("企业名称"), required=False, max_length=64)
    uscc = forms.CharField(label=_("统一社会信用代码"), required=False, max_length=18)
    town = forms.ModelChoiceField(
        label=_("镇街"),
        queryset=Town.objects.none(),
        required=False,
        widget=PlainSelect,
        to_field_name="code",
        empty_label=_("全部镇街"),
    )
    segment = forms.ModelChoiceField(
        label=_("细分领域"),
        queryset=Segment.objects.none(),
        required=False,
        widget=PlainSelect,
        empty_label=_("全部细分领域"),
    )
    section = forms.ModelChoiceField(
        label=_("行业门类"),
        queryset=IndustryClass.objects.filter(level=IndustryClass.Level.SECTION),
        required=False,
        widget=PlainSelect,
        to_field_name="code",
        empty_label=_("全部门类"),
    )
    division = forms.ModelChoiceField(
        label=_("行业大类"),
        queryset=IndustryClass.objects.filter(level=IndustryClass.Level.DIVISION),
        required=False,
        widget=PlainSelect,
        to_field_name="code",
        empty_label=_("全部大类"),
    )
    field = forms.ModelChoiceField(
        label=_("高新技术领域"),
        queryset=TechField.objects.filter(parent__isnull=True),
        required=False,
        widget=PlainSelect,
        to_field_name="code",
        empty_label=_("全部领域"),
    )
    tier = forms.ChoiceField(label=_("梯队"), required=False, widget=PlainSelect)
    verdict = forms.ChoiceField(label=_("高企测评"), required=False, widget=PlainSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = settings.GAOQI_REGION
        self.fields["town"].queryset = Town.objects.filter(region=region)
        self.fields["segment"].queryset = Segment.objects.filter(region=region)
        self.fields["tier"].choices = [("", _("全部梯队")), *Evaluation.Tier.choices]
        for name, field in self.fields.items():
            if name not in ("q", "uscc"):
                field.widget.attrs.update({"class": "form-select", "aria-label": field.label})
        self.fields["verdict"].choices = [
            ("", _("全部结论")),
            *Evaluation.Verdict.choices,
            (NOT_EVALUATED, _("尚未测评")),
        ]

    def clean_uscc(self) -> str:
        """Accept a full code (check digit validated) or a fragment of one to search by prefix."""
        value = self.cleaned_data["uscc"].strip().upper()
        if len(value) == 18:
            validate_uscc(value)
        return value

    def active_filters(self) -> dict[str, str]:
        """The filters in force, as Chinese label → shown value (for the export's audit record)."""
        if not self.is_valid():
            return {}
        shown = {}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            field = self.fields[name]
            choices = dict(field.choices) if type(field) is forms.ChoiceField else {}
            shown[str(field.label)] = str(choices.get(value, value))
        return shown

    def apply(self, queryset: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
        """``queryset`` (already scoped) narrowed by the valid filters.

        Tier and verdict select through the latest evaluations (a semi-join), not through a join the
        caller made, so that counting the result needs no join at all."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        lookups: dict[str, Any] = {}
        if data["q"]:
            lookups["name__icontains"] = data["q"].strip()
        if data["uscc"]:
            lookups["uscc__startswith"] = data["uscc"]
        if data["town"]:
            lookups["town"] = data["town"]
        if data["segment"]:
            lookups["segment"] = data["segment"]
        for level in ("section", "division"):
            if data[level]:
                queryset = queryset.filter(industry_code__startswith=data[level].code)
        if data["field"]:
            lookups["tech_field__parent"] = data["field"]
        latest = Evaluation.objects.filter(is_latest=True)
        if data["tier"]:
            queryset = queryset.filter(pk__in=latest.filter(tier=data["tier"]).values("enterprise_id"))
        if data["verdict"] == NOT_EVALUATED:
            queryset = queryset.exclude(pk__in=latest.values("enterprise_id"))
        elif data["verdict"]:
            queryset = queryset.filter(
                pk__in=latest.filter(hnte_verdict=data["verdict"]).values("enterprise_id")
            )
        return queryset.filter(**lookups)

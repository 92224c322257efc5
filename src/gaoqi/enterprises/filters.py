"""The enterprise list's filters: a form that validates the query string and narrows a scoped queryset."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import FilteredRelation, Model, Q, QuerySet
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.enterprises.validators import validate_uscc
from gaoqi.reference.copies import COPIES, INDUSTRIES, SEGMENTS, TECH_FIELDS, TOWNS
from gaoqi.reference.models import IndustryClass

NOT_EVALUATED = "none"


def with_latest_evaluation(queryset: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """Join each enterprise's latest evaluation as ``latest`` (at most one row: a unique constraint)."""
    return queryset.annotate(latest=FilteredRelation("evaluations", condition=Q(evaluations__is_latest=True)))


@lru_cache(maxsize=4096)
def _option(value: str, label: str) -> str:
    """An unselected ``<option>``, escaped once per process: the list's filters repeat the same 170."""
    return f'<option value="{html.escape(value)}">{html.escape(label)}</option>'


class PlainSelect(forms.Select):
    """A select of flat choices rendered in Python rather than through a template per option: the
    filters hold some 170 options, whose template rendering took half of the list page's time."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        options = []
        for key, label in self._keyed_choices():
            if hasattr(label, "__html__"):  # already safe: as the template would, not escaped again
                shown = f'<option value="{html.escape(key)}">{label.__html__()}</option>'
            else:
                shown = _option(key, str(label))
            options.append(shown.replace(">", " selected>", 1) if key in chosen else shown)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),  # every value and unsafe label is escaped above
        )

    def _keyed_choices(self) -> list[tuple[str, Any]]:
        """The choices with their values as the strings the form submits (model choices by code)."""
        return [(str(key), label) for key, label in self.choices]


@dataclass(frozen=True)
class ReferenceChoices:
    """One region's options of the reference filters, by filter: ``(value, label)`` pairs in display
    order, and the rows by value (what a valid choice cleans to)."""

    options: dict[str, list[tuple[str, str]]]
    rows: dict[str, dict[str, Model]]


_reference_cache: dict[str, tuple[tuple[float, ...], ReferenceChoices]] = {}


def _reference_rows(region: str) -> dict[str, tuple[list[Any], str]]:
    """Each reference filter's rows (from the per-process copies) and the field its values come from."""
    industries = INDUSTRIES.rows()
    return {
        "town": ([row for row in TOWNS.rows() if row.region == region], "code"),
        "segment": ([row for row in SEGMENTS.rows() if row.region == region], "pk"),
        "section": ([row for row in industries if row.level == IndustryClass.Level.SECTION], "code"),
        "division": ([row for row in industries if row.level == IndustryClass.Level.DIVISION], "code"),
        "field": ([row for row in TECH_FIELDS.rows() if row.parent_id is None], "code"),
    }


def reference_choices(region: str) -> ReferenceChoices:
    """The reference filters' options of ``region``, built from the per-process reference copies
    (``gaoqi.reference.copies``: five queries saved per list page) and built again whenever a copy is
    read again."""
    for copy in COPIES:
        copy.refresh()
    stamp = tuple(copy.read_at for copy in COPIES)
    cached = _reference_cache.get(region)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    options: dict[str, list[tuple[str, str]]] = {}
    by_value: dict[str, dict[str, Model]] = {}
    for name, (found, value_field) in _reference_rows(region).items():
        keyed = [(str(getattr(row, value_field)), row) for row in found]
        options[name] = [(value, str(row)) for value, row in keyed]
        by_value[name] = dict(keyed)
    choices = ReferenceChoices(options, by_value)
    _reference_cache[region] = (stamp, choices)
    return choices


class ReferenceOptions(BaseChoiceIterator):
    """A reference filter's choices: the empty one, then the cached options. Already in the form Django
    normalises choices to, and given as an iterator so that each form does not normalise them again."""

    def __init__(self, empty_label: Any, options: list[tuple[str, str]]) -> None:
        self.empty_label = empty_label
        self.options = options

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        yield "", self.empty_label
        yield from self.options


class ReferenceChoiceField(forms.ChoiceField):
    """A choice of one reference table's rows, optional, cleaned to the row (as ``ModelChoiceField``
    does, with its message) but offered and validated from ``reference_choices``, without a query."""

    default_error_messages: ClassVar[dict[str, Any]] = {
        "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
    }

    def __init__(self, reference: str, *, empty_label: Any, **kwargs: Any) -> None:
        super().__init__(required=False, widget=PlainSelect, **kwargs)
        self.reference = reference
        self.empty_label = empty_label
        self.rows: dict[str, Model] = {}

    def offer(self, choices: ReferenceChoices) -> None:
        """Take the options and rows of ``choices``."""
        self.rows = choices.rows[self.reference]
        self.choices = ReferenceOptions(self.empty_label, choices.options[self.reference])

    def to_python(self, value: Any) -> Model | None:
        if value in self.empty_values:
            return None
        row = self.rows.get(str(value))
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return row

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)  # membership was checked by ``to_python``


class EnterpriseFilterForm(forms.Form):
    """Every filter of the list; all optional, unknown values are reported as form errors and ignored."""

    q = forms.CharField(label=_("企业名称"), required=False, max_length=64)
    uscc = forms.CharField(label=_("统一社会信用代码"), required=False, max_length=18)
    town = ReferenceChoiceField("town", label=_("镇街"), empty_label=_("全部镇街"))
    segment = ReferenceChoiceField("segment", label=_("细分领域"), empty_label=_("全部细分领域"))
    section = ReferenceChoiceField("section", label=_("行业门类"), empty_label=_("全部门类"))
    division = ReferenceChoiceField("division", label=_("行业大类"), empty_label=_("全部大类"))
    field = ReferenceChoiceField("field", label=_("高新技术领域"), empty_label=_("全部领域"))
    tier = forms.ChoiceField(label=_("梯队"), required=False, widget=PlainSelect)
    verdict = forms.ChoiceField(label=_("高企测评"), required=False, widget=PlainSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reference = reference_choices(settings.GAOQI_REGION)
        self.fields["tier"].choices = [("", _("全部梯队")), *Evaluation.Tier.choices]
        for name, field in self.fields.items():
            if isinstance(field, ReferenceChoiceField):
                field.offer(reference)
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
        """``queryset`` (already scoped) narrowed by the valid filters. Tier and verdict are those of the
        latest evaluation, as the enterprise row keeps them (``sort_keys``): no evaluation, no verdict."""
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
        if data["tier"]:
            lookups["list_tier"] = data["tier"]
        if data["verdict"] == NOT_EVALUATED:
            lookups["list_verdict__isnull"] = True
        elif data["verdict"]:
            lookups["list_verdict"] = data["verdict"]
        return queryset.filter(**lookups)

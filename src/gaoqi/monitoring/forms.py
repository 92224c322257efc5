"""Forms: 双清零 follow-up actions, the town-target grid and its Excel import."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gaoqi.accounts.models import Role, User
from gaoqi.monitoring.models import DoubleZeroAction, TownTarget
from gaoqi.reference.models import Town

PERCENT_INDICATORS = frozenset({TownTarget.Indicator.RD_GROWTH})


class DoubleZeroActionForm(forms.ModelForm):
    """A follow-up action; the owner is a bureau officer or an officer of the enterprise's town."""

    class Meta:
        model = DoubleZeroAction
        fields = ("target_list", "description", "owner", "deadline", "status", "notes")
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, town_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).filter(
            Q(role__in=(Role.BUREAU_ADMIN, Role.BUREAU_OFFICER))
            | Q(role=Role.TOWN_OFFICER, town_code=town_code)
        )
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


def target_field_name(town: Town, indicator: str) -> str:
    """The grid field of one town and indicator."""
    return f"t_{town.code}_{indicator}"


def target_input(indicator: str, stored: Decimal) -> Decimal:
    """A stored target as people type it (R&D growth in percent)."""
    return stored * 100 if indicator in PERCENT_INDICATORS else stored


def target_stored(indicator: str, typed: Decimal) -> Decimal:
    """A typed target as stored (R&D growth as a fraction)."""
    return typed / 100 if indicator in PERCENT_INDICATORS else typed


class TargetGridForm(forms.Form):
    """One number per town and indicator; an empty cell means no target."""

    def __init__(self, *args: Any, towns: list[Town], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.towns = towns
        for town in towns:
            for indicator, label in TownTarget.Indicator.choices:
                self.fields[target_field_name(town, indicator)] = forms.DecimalField(
                    required=False,
                    max_digits=12,
                    decimal_places=4,
                    label=f"{town.name} {label}",
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "any"}),
                )

    def cells(self) -> dict[tuple[Town, str], Decimal | None]:
        """The cleaned grid: ``{(town, indicator): stored target or None}``."""
        return {
            (town, indicator): (
                None
                if (value := self.cleaned_data.get(target_field_name(town, indicator))) is None
                else target_stored(indicator, value)
            )
            for town in self.towns
            for indicator in TownTarget.Indicator.values
        }


class TargetImportForm(forms.Form):
    """An .xlsx file laid out like the grid (see docs/monitoring.md)."""

    file = forms.FileField(label=_("Excel 文件（.xlsx）"))

"""Forms of the cultivation pages: screening filters, pool entry, exit, plan actions, visits, targets."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaoqi.accounts.models import Role, User
from gaoqi.cultivation.models import DoublingTarget, PlanAction, PoolEntry, ScreeningResult, Visit
from gaoqi.enterprises.models import Evaluation
from gaoqi.reference.models import Segment, TechField, Town

DATE = {"type": "date", "class": "form-control"}


def _styled(form: forms.Form) -> None:
    """Tabler classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class ScreeningFilterForm(forms.Form):
    """Filters of the screening list: name, segment, technology field, town, tier and verdict."""

    q = forms.CharField(label=_("企业名称"), required=False, max_length=64)
    segment = forms.ModelChoiceField(
        label=_("细分领域"), queryset=Segment.objects.none(), required=False, empty_label=_("全部细分领域")
    )
    field = forms.ModelChoiceField(
        label=_("高新技术领域"),
        queryset=TechField.objects.filter(parent__isnull=True),
        required=False,
        to_field_name="code",
        empty_label=_("全部领域"),
    )
    town = forms.ModelChoiceField(
        label=_("镇街"),
        queryset=Town.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("全部镇街"),
    )
    tier = forms.ChoiceField(label=_("梯队"), required=False)
    verdict = forms.ChoiceField(label=_("高企测评"), required=False)
    flipped = forms.BooleanField(label=_("仅看结论变化"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.filter(region=settings.GAOQI_REGION)
        self.fields["town"].queryset = Town.objects.filter(region=settings.GAOQI_REGION)
        self.fields["tier"].choices = [("", _("全部梯队")), *Evaluation.Tier.choices]
        self.fields["verdict"].choices = [("", _("全部结论")), *Evaluation.Verdict.choices]
        _styled(self)
        self.fields["flipped"].widget.attrs["class"] = "form-check-input"

    def apply(self, results: QuerySet[ScreeningResult]) -> QuerySet[ScreeningResult]:
        """``results`` narrowed by the valid filters."""
        if not self.is_valid():
            return results
        data = self.cleaned_data
        lookups: dict[str, Any] = {}
        if data["q"]:
            lookups["enterprise__name__icontains"] = data["q"].strip()
        if data["segment"]:
            lookups["enterprise__segment"] = data["segment"]
        if data["field"]:
            lookups["enterprise__tech_field__parent"] = data["field"]
        if data["town"]:
            lookups["enterprise__town"] = data["town"]
        if data["tier"]:
            lookups["tier"] = data["tier"]
        if data["verdict"]:
            lookups["hnte_verdict"] = data["verdict"]
        if data["flipped"]:
            lookups["flipped"] = True
        return results.filter(**lookups)

    def active_filters(self) -> dict[str, str]:
        """The filters in force as Chinese label → shown value (for the export's audit record)."""
        if not self.is_valid():
            return {}
        shown = {}
        for name, value in self.cleaned_data.items():
            if value in (None, "", False):
                continue
            field = self.fields[name]
            choices = dict(field.choices) if type(field) is forms.ChoiceField else {}
            shown[str(field.label)] = str(choices.get(value, value))
        return shown


class AddToPoolForm(forms.Form):
    """A selection of screened enterprises to enter in one year's pool."""

    enterprises = forms.TypedMultipleChoiceField(label=_("企业"), coerce=int, choices=())
    year = forms.IntegerField(label=_("培育年度"), min_value=2000, max_value=2100)
    reason = forms.CharField(label=_("入库理由"), max_length=500)
    run = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, allowed: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = allowed.values_list("pk", flat=True) if allowed is not None else []
        self.fields["enterprises"].choices = [(pk, pk) for pk in ids]
        self.fields["enterprises"].error_messages["required"] = _("请至少勾选一家企业。")
        self.fields["enterprises"].error_messages["invalid_choice"] = _("所选企业不在您的管理范围内。")
        self.fields["year"].initial = timezone.localdate().year
        _styled(self)


def owner_choices(enterprise: Any = None) -> QuerySet[User]:
    """Officers who may own a pool entry: bureau officers, and town officers of the enterprise's town."""
    town = (
        Q(role=Role.TOWN_OFFICER)
        if enterprise is None
        else Q(role=Role.TOWN_OFFICER, town_code=enterprise.town.code)
    )
    return User.objects.filter(Q(role__in=(Role.BUREAU_ADMIN, Role.BUREAU_OFFICER)) | town, is_active=True)


class VersionedForm(forms.ModelForm):
    """A model form that carries the version it showed, for ``save_versioned``."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        _styled(self)


class PoolEntryForm(VersionedForm):
    """The officer in charge, the target tier and the entry reason."""

    class Meta:
        model = PoolEntry
        fields = ("owner", "target_tier", "entry_reason")
        widgets: ClassVar[dict[str, Any]] = {"entry_reason": forms.Textarea({"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(self.instance.enterprise)


class ExitForm(VersionedForm):
    """Taking an enterprise out of the pool: date, kind and reason, all required."""

    class Meta:
        model = PoolEntry
        fields = ("exited_on", "exit_kind", "exit_reason")
        widgets: ClassVar[dict[str, Any]] = {
            "exited_on": forms.DateInput(DATE),
            "exit_reason": forms.Textarea({"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].required = True
        self.fields["exited_on"].initial = timezone.localdate()


class PlanActionForm(VersionedForm):
    """An officer's own action of the plan."""

    class Meta:
        model = PlanAction
        fields = ("description", "responsible", "deadline", "cost", "status", "note")
        widgets: ClassVar[dict[str, Any]] = {
            "deadline": forms.DateInput(DATE),
            "note": forms.Textarea({"rows": 2}),
        }


class VisitForm(VersionedForm):
    """A visit record: date (not in the future), people, notes and follow-ups."""

    class Meta:
        model = Visit
        fields = ("visited_on", "people", "notes", "follow_ups")
        widgets: ClassVar[dict[str, Any]] = {
            "visited_on": forms.DateInput(DATE),
            "notes": forms.Textarea({"rows": 3}),
            "follow_ups": forms.Textarea({"rows": 2}),
        }

    def clean_visited_on(self) -> Any:
        """A visit has happened: its date is not after today."""
        day = self.cleaned_data["visited_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("走访日期不能晚于今天。"))
        return day


class DoublingTargetForm(VersionedForm):
    """A 双倍增 target."""

    class Meta:
        model = DoublingTarget
        fields = (
            "name",
            "baseline_year",
            "target_year",
            "hnte_baseline",
            "hnte_target",
            "tech_sme_baseline",
            "tech_sme_target",
            "note",
        )
        widgets: ClassVar[dict[str, Any]] = {"note": forms.Textarea({"rows": 2})}

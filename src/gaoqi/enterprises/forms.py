"""Edit forms of the enterprise file: the same model rules validate a web edit and an import.

Each form carries the ``version`` it showed (optimistic locking): saving an older version raises
``StaleEditError`` instead of overwriting someone else's change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from gaoqi.core.models import VersionedModel
from gaoqi.core.scopes import EDIT_ALL_ROLES
from gaoqi.enterprises.models import Attachment, Enterprise, FieldSource, FiscalYear
from gaoqi.enterprises.models.fiscal import DEDUCTION_FIELDS, RD_CATEGORY_FIELDS, RD_TOTAL_FIELDS
from gaoqi.reference.models import Segment, TechField, Town


class VersionedForm(forms.ModelForm):
    """A model form that remembers the row version it was shown and saves only onto that version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        """Validate, then mark the widgets of fields with errors for the page's styling."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()

    def save_versioned(self, user: Any) -> VersionedModel:
        """Save the edit onto the version the form was shown (``StaleEditError`` if the row moved on)
        and record ``user``'s manual entry as the source of every changed value."""
        instance = self.save(commit=False)
        instance.save_versioned(self.cleaned_data["version"])
        self._record_sources(user)
        return instance

    def source_key(self) -> tuple[int, int | None]:
        """The enterprise id and fiscal year (``None`` for identity fields) the values belong to."""
        raise NotImplementedError

    def _record_sources(self, user: Any) -> None:
        changed = [name for name in self.changed_data if name not in ("version", "year")]
        if not changed:
            return
        enterprise_id, year = self.source_key()
        FieldSource.objects.filter(
            enterprise_id=enterprise_id, year=year, field__in=changed, is_current=True
        ).update(is_current=False)
        FieldSource.objects.bulk_create(
            FieldSource(
                enterprise_id=enterprise_id,
                year=year,
                field=name,
                value="" if self.cleaned_data[name] is None else str(self.cleaned_data[name]),
                source_kind=FieldSource.Kind.MANUAL,
                reference=str(_("网页编辑")),
                recorded_by=user,
            )
            for name in changed
        )


class EnterpriseForm(VersionedForm):
    """The enterprise's identity and flags (the USCC is the file's key and is not edited here)."""

    class Meta:
        model = Enterprise
        fields = (
            "name",
            "registered_on",
            "town",
            "industry_code",
            "tech_field",
            "segment",
            "address",
            "legal_representative",
            "contact_name",
            "contact_phone",
            "contact_email",
            "standards_drafted",
            "national_award_top3_5y",
            "led_standard_5y",
            "ic_or_mother_machine",
        )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = settings.GAOQI_REGION
        self.fields["town"].queryset = Town.objects.filter(region=region)
        self.fields["segment"].queryset = Segment.objects.filter(region=region)
        self.fields["tech_field"].queryset = TechField.objects.filter(parent__isnull=False)
        self.fields["registered_on"].widget = forms.DateInput(
            attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
        )
        self.fields["industry_code"].help_text = _("GB/T 4754-2017 行业代码，例如 C1713")
        if user is None or not (user.is_superuser or user.role in EDIT_ALL_ROLES):
            self.fields["town"].disabled = True

    def source_key(self) -> tuple[int, int | None]:
        """Identity fields have no fiscal year."""
        return self.instance.pk, None


MONEY_GROUPS: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (_("收入"), ("sales_revenue", "total_revenue", "hitech_revenue")),
    (_("研发费用（按类别，高企口径）"), RD_CATEGORY_FIELDS),
    (_("研发费用（合计，已按委托研发 80% 折算）"), RD_TOTAL_FIELDS),
    (_("研发费用加计扣除口径"), DEDUCTION_FIELDS),
    (_("资产与成本"), ("net_assets", "total_assets", "cost_total")),
    (_("人员"), ("employees", "scitech_staff")),
)


class FiscalYearForm(VersionedForm):
    """One fiscal year's indicators, in 万元 and persons; cross-field rules come from the model."""

    class Meta:
        model = FiscalYear
        fields = tuple(name for _label, names in MONEY_GROUPS for name in names)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.widget.attrs.update({"step": "0.0001", "inputmode": "decimal"})

    def source_key(self) -> tuple[int, int | None]:
        """The enterprise and the year of this fiscal year."""
        return self.instance.enterprise_id, self.instance.year

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The fields grouped as the form shows them."""
        return [(label, [self[name] for name in names]) for label, names in MONEY_GROUPS]


class NewFiscalYearForm(FiscalYearForm):
    """A fiscal year not yet in the file: its year first, then the same indicators."""

    class Meta(FiscalYearForm.Meta):
        fields = ("year", *FiscalYearForm.Meta.fields)

    def clean_year(self) -> int:
        """Refuse a year the enterprise already has (it is edited, not added twice)."""
        year = self.cleaned_data["year"]
        if FiscalYear.objects.filter(enterprise_id=self.instance.enterprise_id, year=year).exists():
            raise ValidationError(
                _("%(year)s 年度指标已存在，请在年度指标中直接编辑。"), params={"year": year}
            )
        return year

    def source_key(self) -> tuple[int, int | None]:
        """The enterprise and the year typed in."""
        return self.instance.enterprise_id, self.cleaned_data["year"]

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The year, then the indicator groups."""
        return [(_("年度"), [self["year"]]), *super().groups()]


ATTACHMENT_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "zip")
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


class AttachmentForm(forms.ModelForm):
    """A file for the enterprise file: a known document or image type, at most 20 MB."""

    class Meta:
        model = Attachment
        fields = ("title", "file")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        refused = _("不支持该文件类型（%(extension)s），请上传 PDF、Word、Excel、图片或 ZIP 文件。")
        self.fields["file"].validators.append(FileExtensionValidator(ATTACHMENT_EXTENSIONS, refused))
        self.fields["file"].widget.attrs.update(
            {"class": "form-control", "accept": ",".join(f".{ext}" for ext in ATTACHMENT_EXTENSIONS)}
        )
        self.fields["title"].widget.attrs.update(
            {"class": "form-control", "placeholder": _("如：2025年度审计报告")}
        )

    def clean_file(self) -> Any:
        """Refuse files above the size limit."""
        upload = self.cleaned_data["file"]
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise ValidationError(_("文件不能超过 20 MB。"), code="too_large")
        return upload


class HoldingForm(VersionedForm):
    """An item the enterprise holds or records (IP, certificate, institution, achievement, incident):
    versioned like the file's other forms; the item is its own record, so no field sources apply."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(
                    attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
                )

    def save_versioned(self, user: Any) -> VersionedModel:
        """Save a new item, or the edit onto the version the form was shown (``StaleEditError``)."""
        instance = self.save(commit=False)
        instance.save_versioned(self.cleaned_data["version"])
        return instance

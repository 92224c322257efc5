"""Forms of the import pages: the upload (kind, source department, unit, file) and the column mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoqi.exchange.conf import SOURCE_CHOICES
from gaoqi.exchange.kinds import KIND_CHOICES, ImportKind
from gaoqi.exchange.models import UNIT_CHOICES
from gaoqi.exchange.reading import FileRejected, check_size_of

ACCEPTED = (".xlsx", ".csv")


class UploadForm(forms.Form):
    """What the file is, where it comes from, its money unit, and the file itself (size checked here)."""

    kind = forms.ChoiceField(label=_("数据类型"), choices=KIND_CHOICES)
    department = forms.ChoiceField(label=_("来源部门"), choices=SOURCE_CHOICES)
    unit = forms.ChoiceField(
        label=_("金额单位"), choices=UNIT_CHOICES, help_text=_("文件中金额列的单位；系统统一按万元保存。")
    )
    file = forms.FileField(label=_("文件"), help_text=_("Excel（.xlsx）或 CSV（UTF-8 或 GB18030 编码）"))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if getattr(user, "department", ""):
            self.fields["department"].initial = user.department
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "file" else "form-select"
        self.fields["file"].widget.attrs["accept"] = ",".join(ACCEPTED)

    def clean_file(self) -> Any:
        """Refuse other types, an empty file or one over the size limit, before anything reads it."""
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ACCEPTED):
            raise forms.ValidationError(_("请上传 .xlsx 或 .csv 文件（.xls 请先另存为 .xlsx）。"))
        try:
            check_size_of(upload.size)
        except FileRejected as rejected:
            raise forms.ValidationError(rejected.message) from rejected
        return upload


class MappingForm(forms.Form):
    """One choice per header of the file: the field it fills, or none."""

    def __init__(self, *args: Any, kind: ImportKind, columns: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("（不导入）")), *((spec.name, spec.label(kind.model)) for spec in kind.specs)]
        self.headers = list(columns)
        for number, (header, field) in enumerate(columns.items()):
            self.fields[f"col{number}"] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=field,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def columns(self) -> dict[str, str]:
        """The chosen mapping, header → field ("" for none)."""
        return {header: self.cleaned_data.get(f"col{n}", "") for n, header in enumerate(self.headers)}

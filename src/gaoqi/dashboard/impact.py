"""District policy impact: change one parameter in force (a threshold, a rate, a tier rule's bound)
from a date and list the enterprises of the user's scope whose HNTE or tech-SME verdict or tier flips.

A choice names a scalar parameter (``"hnte.staff_ratio_min"``) or one numeric cell of a table parameter
(``"hnte.rd_ratio_brackets#1.min_ratio"``: row 1, column ``min_ratio``). Ratios and rates are entered as
percentages and converted exactly (``Decimal``). The comparison is ``gaoqi.policy.simulate`` over the
bridge's tables, run as the background job ``policy_impact``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi import policy
from gaoqi.enterprises.bridge import build_tables
from gaoqi.enterprises.models import Enterprise
from gaoqi.jobs.errors import JobError
from gaoqi.jobs.models import Job
from gaoqi.jobs.progress import JobProgress

NUMERIC_UNITS = ("wan_yuan", "ratio", "rate", "days", "years", "persons", "points", "count")
PERCENT_UNITS = ("ratio", "rate")
INTEGER_UNITS = ("days", "years")
SKIPPED_FAMILIES = ("plan_costs.", "region.")
COLUMN_LABELS = {
    "sales_up_to": gettext_lazy("销售收入上限（万元）"),
    "sales_min": gettext_lazy("销售收入下限（万元）"),
    "min_ratio": gettext_lazy("比例下限"),
    "rd_ratio_min": gettext_lazy("研发费用比例下限"),
    "min_rate": gettext_lazy("增长率下限"),
    "class1_min": gettext_lazy("Ⅰ类知识产权件数下限"),
    "class2_min": gettext_lazy("Ⅱ类知识产权件数下限"),
    "min_count": gettext_lazy("件数下限"),
    "min_points": gettext_lazy("最低分"),
    "max_points": gettext_lazy("最高分"),
    "points": gettext_lazy("分值"),
}


@dataclass(frozen=True)
class Choice:
    """One changeable number: the parameter, the table cell (row, column) if any, unit and value."""

    key: str
    name: str
    row: int | None
    column: str
    unit: str
    value: Any
    description: str

    @property
    def shown_value(self) -> str:
        """The value in force as people read it (ratios as percentages)."""
        if self.value is None:
            return _("不设上限")
        number = self.value
        if isinstance(number, Fraction):
            number = Decimal(number.numerator) / number.denominator
        shown = Decimal(number) * 100 if self.unit in PERCENT_UNITS else Decimal(number)
        return format(shown.normalize(), "f") + ("%" if self.unit in PERCENT_UNITS else "")

    @property
    def title(self) -> str:
        """The parameter's description up to its first aside, and the table cell if any."""
        short = self.description.split("（")[0].split("，")[0]
        if self.row is None:
            return short
        column = COLUMN_LABELS.get(self.column, self.column)
        return short + _("（第%(row)s档 %(column)s）") % {"row": self.row + 1, "column": column}

    @property
    def label(self) -> str:
        """The choice in the form: title and value in force."""
        return f"{self.title}：{_('现行')} {self.shown_value}"

    def entered(self, text: str) -> str:
        """A value entered for this choice as people read it (a percentage keeps its sign)."""
        text = text.strip().rstrip("%")
        return f"{text}%" if self.unit in PERCENT_UNITS else text


def _cell_unit(column: str, value: Any) -> str | None:
    """The unit of a numeric table cell, read from the column names the parameter files use (the
    engine's unit check still validates the changed table); ``None`` for text, codes and flags."""
    if isinstance(value, bool | str | tuple | list):
        return None
    if any(part in column for part in ("ratio", "rate", "share")):
        return "ratio"
    if column.startswith("sales") or column.endswith("cost"):
        return "wan_yuan"
    return "points" if "points" in column else "count"


def choices(as_of: dt.date) -> dict[str, Choice]:
    """Every changeable number in force on ``as_of`` for the region, keyed for the form."""
    params = policy.load_parameters(as_of, region=settings.GAOQI_REGION)
    found: dict[str, Choice] = {}
    for name, value in params.in_force().items():
        if name.startswith(SKIPPED_FAMILIES):
            continue
        source = params.source(name)
        if source.unit in NUMERIC_UNITS:
            found[name] = Choice(name, name, None, "", source.unit, value, source.description)
        elif source.unit == "table":
            for index, row in enumerate(cast("Sequence[Mapping[str, Any]]", value)):
                for column, cell in row.items():
                    unit = _cell_unit(column, cell)
                    if unit is not None:
                        key = f"{name}#{index}.{column}"
                        found[key] = Choice(key, name, index, column, unit, cell, source.description)
    return found


def parse_value(choice: Choice, text: str) -> Decimal | int:
    """The entered number in the parameter's unit (a percentage becomes a ratio); ``ValueError`` if not."""
    try:
        number = Decimal(text.strip().rstrip("%"))
    except InvalidOperation:
        raise ValueError(_("“%(text)s”不是数字。") % {"text": text}) from None
    if not number.is_finite():
        raise ValueError(_("“%(text)s”不是数字。") % {"text": text})
    if choice.unit in PERCENT_UNITS:
        return number / 100
    if choice.unit in INTEGER_UNITS:
        if number != number.to_integral_value():
            raise ValueError(_("该参数应为整数。"))
        return int(number)
    return number


def overrides(params: policy.ParameterSet, choice: Choice, value: Decimal | int) -> dict[str, Any]:
    """The ``with_overrides`` change setting ``choice`` to ``value``."""
    if choice.row is None:
        return {choice.name: value}
    rows = [dict(row) for row in params.value(choice.name)]
    rows[choice.row][choice.column] = value
    return {choice.name: rows}


class ImpactForm(forms.Form):
    """The parameter to change, its new value and the date the change takes effect."""

    parameter = forms.ChoiceField(label=gettext_lazy("参数"))
    value = forms.CharField(label=gettext_lazy("新取值（比例填百分数，如 4.5 表示 4.5%）"), max_length=32)
    effective_on = forms.DateField(
        label=gettext_lazy("生效日期"),
        widget=forms.DateInput({"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices(timezone.localdate())
        self.fields["parameter"].choices = [(key, choice.label) for key, choice in self.choices.items()]
        self.fields["parameter"].widget.attrs["class"] = "form-select"
        self.fields["value"].widget.attrs["class"] = "form-control"
        self.fields["effective_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        """The value parsed in the parameter's unit and checked by the engine's own unit check."""
        data = super().clean()
        choice = self.choices.get(data.get("parameter", ""))
        if choice is None or "value" not in data or "effective_on" not in data:
            return data
        try:
            value = parse_value(choice, data["value"])
            base = policy.load_parameters(data["effective_on"], region=settings.GAOQI_REGION)
            base.with_overrides(overrides(base, choice, value), effective_on=data["effective_on"])
        except (ValueError, policy.ParameterError) as error:
            self.add_error("value", str(error))
        else:
            data["parsed"] = value
        return data

    def job_params(self) -> dict[str, Any]:
        """The job's JSON parameters."""
        data = self.cleaned_data
        return {
            "parameter": data["parameter"],
            "value": data["value"].strip(),
            "effective_on": data["effective_on"].isoformat(),
            "label": self.choices[data["parameter"]].label,
            "new": self.choices[data["parameter"]].entered(data["value"]),
        }


def run_impact(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Simulate the job's change over the requester's scope; the full answer is saved as the job's file."""
    as_of = dt.date.fromisoformat(job.params["effective_on"])
    choice = choices(as_of).get(job.params["parameter"])
    if choice is None:
        raise JobError(_("参数“%(name)s”在生效日期不存在。") % {"name": job.params["parameter"]})
    try:
        value = parse_value(choice, job.params["value"])
    except ValueError as error:
        raise JobError(str(error)) from None
    base = policy.load_parameters(as_of, region=settings.GAOQI_REGION)
    changed = base.with_overrides(overrides(base, choice, value), effective_on=as_of)
    progress.update(0, 2, _("正在读取企业数据"))
    scoped = Enterprise.objects.for_user(job.requested_by).order_by("pk")
    built = build_tables(scoped, as_of, base)
    progress.update(1, 2, _("正在按两套参数评价"))
    result = policy.simulate(built.tables, as_of, base, changed)
    result["parameter"] = {"label": job.params.get("label", choice.label), "value": job.params.get("new", "")}
    content = json.dumps(result, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")
    job.file.save(f"impact-{job.pk}.json", ContentFile(content), save=False)
    Job.objects.filter(pk=job.pk).update(file=job.file.name, file_name=f"impact-{job.pk}.json")
    return {"as_of": as_of.isoformat(), "evaluated": result["evaluated"], "flipped": result["flipped"]}


def load_result(job: Job) -> dict[str, Any] | None:
    """The saved answer of a finished impact job, if any."""
    if not job.file:
        return None
    with job.file.open("rb") as handle:
        return json.loads(handle.read().decode("utf-8"))

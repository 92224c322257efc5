"""Edit forms of the enterprise file, with optimistic locking and re-evaluation after a save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Model
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.accounts.permissions import Perm, require
from gaoqi.core.audit import enterprise_history
from gaoqi.core.models import StaleEditError
from gaoqi.core.scopes import can_edit
from gaoqi.enterprises.forms import EnterpriseForm, FiscalYearForm, NewFiscalYearForm, VersionedForm
from gaoqi.enterprises.models import Enterprise, FiscalYear
from gaoqi.enterprises.views.detail import latest_evaluation, scoped_enterprise


def editable_enterprise(request: HttpRequest, uscc: str) -> Enterprise:
    """The enterprise if the user sees it (else 404) and may edit it (else 404 too: nothing to offer)."""
    enterprise = scoped_enterprise(request, uscc)
    if not can_edit(request.user, enterprise):
        raise Http404(_("无权编辑该企业档案"))
    return enterprise


def _conflict_message(enterprise: Enterprise, record: Model) -> str:
    """Who saved ``record`` last and when, for the optimistic-lock conflict message."""
    last = (
        enterprise_history(enterprise.pk)
        .filter(model_label=record._meta.label, object_id=str(record.pk))
        .first()
    )
    if last is None:
        return _("保存失败：该记录已被他人修改。请查看最新内容后重新填写，您的修改未被保存。")
    return _("保存失败：%(user)s 已于 %(at)s 修改了该记录。请查看最新内容后重新填写，您的修改未被保存。") % {
        "user": last.user or last.username or _("其他用户"),
        "at": f"{timezone.localtime(last.at):%Y-%m-%d %H:%M}",
    }


def _shown(field: forms.Field, value: Any) -> str:
    """A stored or initial value as the user reads it (a reference by its name, not its id)."""
    if value is None or value == "":
        return "—"
    if isinstance(field, forms.ModelChoiceField) and not isinstance(value, Model):
        value = field.queryset.filter(pk=value).first()
    return str(value)


def _differences(form: VersionedForm) -> list[dict[str, str]]:
    """Where the stored record now differs from what the user typed (the server cannot know what the
    user saw, only its version): the stored value beside the unsaved one, field by field."""
    current = model_to_dict(type(form.instance).objects.get(pk=form.instance.pk))
    rows = []
    for name, field in form.fields.items():
        if name == "version" or field.disabled or name not in current:
            continue
        typed = form.cleaned_data.get(name)
        if (typed.pk if isinstance(typed, Model) else typed) != current[name]:
            rows.append(
                {
                    "label": str(field.label),
                    "stored": _shown(field, current[name]),
                    "typed": _shown(field, typed),
                }
            )
    return rows


def _saved_message(enterprise: Enterprise) -> str:
    evaluation = latest_evaluation(enterprise)
    if evaluation is None or not evaluation.hnte_verdict:
        return _("已保存。")
    return _("已保存，重新测评完成：高企认定结论为「%(verdict)s」。") % {
        "verdict": evaluation.get_hnte_verdict_display()
    }


def edit_page(
    request: HttpRequest,
    enterprise: Enterprise,
    form: VersionedForm,
    extra: dict[str, Any],
    tab: str = "",
) -> HttpResponse:
    """Validate and save ``form`` as one transaction; a conflict or an invalid form writes nothing.
    After a save, back to the file page (at ``tab``, an anchor of the page's tabs)."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save_versioned(request.user)
        except StaleEditError:
            form.add_error(None, _conflict_message(enterprise, form.instance))
            extra = {**extra, "conflicts": _differences(form)}
        else:
            messages.success(request, _saved_message(enterprise))
            return redirect(reverse("enterprises:detail", args=[enterprise.uscc]) + tab)
    return render(request, "enterprises/edit.html", {"enterprise": enterprise, "form": form, **extra})


@require(Perm.EDIT_ENTERPRISES)
def enterprise_edit(request: HttpRequest, uscc: str) -> HttpResponse:
    """Edit the enterprise's identity and flags."""
    enterprise = editable_enterprise(request, uscc)
    data = request.POST if request.method == "POST" else None
    form = EnterpriseForm(data, instance=enterprise, user=request.user)
    return edit_page(request, enterprise, form, {"title": _("编辑企业基本信息")})


@require(Perm.EDIT_ENTERPRISES)
def fiscal_year_edit(request: HttpRequest, uscc: str, year: int) -> HttpResponse:
    """Edit one fiscal year's indicators."""
    enterprise = editable_enterprise(request, uscc)
    fiscal_year = get_object_or_404(enterprise.fiscal_years, year=year)
    data = request.POST if request.method == "POST" else None
    form = FiscalYearForm(data, instance=fiscal_year)
    title = _("编辑 %(year)s 年度指标") % {"year": year}
    return edit_page(request, enterprise, form, {"title": title, "fiscal_year": fiscal_year})


@require(Perm.EDIT_ENTERPRISES)
def fiscal_year_create(request: HttpRequest, uscc: str) -> HttpResponse:
    """Add a fiscal year (by default the one after the latest on file)."""
    enterprise = editable_enterprise(request, uscc)
    latest = enterprise.fiscal_years.order_by("-year").values_list("year", flat=True).first()
    initial = {"year": latest + 1 if latest else timezone.localdate().year - 1}
    data = request.POST if request.method == "POST" else None
    form = NewFiscalYearForm(data, instance=FiscalYear(enterprise=enterprise), initial=initial)
    return edit_page(request, enterprise, form, {"title": _("新增年度指标"), "fiscal_year": form.instance})

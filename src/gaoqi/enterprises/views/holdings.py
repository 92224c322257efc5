"""Create, edit and delete the items an enterprise holds or records, through one generic path.

A kind in ``HOLDINGS`` names the model, its form fields and the page titles; the three views below
serve every kind the same way (scope, permission, optimistic locking, Chinese validation messages
from the model's ``clean()``). The audit and re-evaluation signals see these saves like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.db.models import Model
from django.forms import ModelForm, modelform_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.accounts.permissions import Perm, require
from gaoqi.enterprises.forms import HoldingForm
from gaoqi.enterprises.models import (
    Achievement,
    Certificate,
    Enterprise,
    Incident,
    IPAsset,
    RDInstitution,
)
from gaoqi.enterprises.views.edit import edit_page, editable_enterprise

TAB = "#tab-holdings"


@dataclass(frozen=True)
class Holding:
    """One kind of item: its model, the fields its form edits, and its name in page titles."""

    model: type[Model]
    fields: tuple[str, ...]
    noun: Promise

    def form_class(self) -> type[ModelForm]:
        """The versioned model form of this kind."""
        return modelform_factory(self.model, form=HoldingForm, fields=self.fields)


HOLDINGS: dict[str, Holding] = {
    "ip": Holding(
        IPAsset,
        (
            "kind",
            "number",
            "title",
            "granted_on",
            "expires_on",
            "status",
            "acquisition",
            "co_owners",
            "hnte_used_year",
            "supports_main_product",
        ),
        gettext_lazy("知识产权"),
    ),
    "certificate": Holding(
        Certificate, ("kind", "number", "issued_on", "expires_on", "year"), gettext_lazy("资质证书")
    ),
    "institution": Holding(
        RDInstitution, ("name", "level", "kind", "recognised_on"), gettext_lazy("研发机构")
    ),
    "achievement": Holding(
        Achievement, ("title", "year", "form", "transformed_on"), gettext_lazy("成果转化记录")
    ),
    "incident": Holding(
        Incident, ("kind", "severity", "occurred_on", "description"), gettext_lazy("事故与信用记录")
    ),
}


def _holding(kind: str) -> Holding:
    if kind not in HOLDINGS:
        raise Http404(_("未知的记录类型"))
    return HOLDINGS[kind]


def _item(request: HttpRequest, enterprise: Enterprise, holding: Holding, pk: int) -> Model:
    """The enterprise's item ``pk`` of this kind, found through the user's scope (else 404)."""
    queryset = holding.model.objects.for_user(request.user)
    return get_object_or_404(queryset, enterprise=enterprise, pk=pk)


@require(Perm.EDIT_ENTERPRISES)
def holding_create(request: HttpRequest, uscc: str, kind: str) -> HttpResponse:
    """Add an item of ``kind`` to the enterprise's file."""
    enterprise = editable_enterprise(request, uscc)
    holding = _holding(kind)
    data = request.POST if request.method == "POST" else None
    form = holding.form_class()(data, instance=holding.model(enterprise=enterprise))
    title = _("新增%(noun)s") % {"noun": holding.noun}
    return edit_page(request, enterprise, form, {"title": title}, tab=TAB)


@require(Perm.EDIT_ENTERPRISES)
def holding_edit(request: HttpRequest, uscc: str, kind: str, pk: int) -> HttpResponse:
    """Edit one item of ``kind``."""
    enterprise = editable_enterprise(request, uscc)
    holding = _holding(kind)
    data = request.POST if request.method == "POST" else None
    form = holding.form_class()(data, instance=_item(request, enterprise, holding, pk))
    title = _("编辑%(noun)s") % {"noun": holding.noun}
    return edit_page(request, enterprise, form, {"title": title}, tab=TAB)


@require(Perm.EDIT_ENTERPRISES)
def holding_delete(request: HttpRequest, uscc: str, kind: str, pk: int) -> HttpResponse:
    """Ask to confirm, then delete the item if it is still the version the user confirmed."""
    enterprise = editable_enterprise(request, uscc)
    holding = _holding(kind)
    item = _item(request, enterprise, holding, pk)
    error = ""
    if request.method == "POST":
        with transaction.atomic():
            current = holding.model.objects.select_for_update().get(pk=item.pk)
            if str(current.version) == request.POST.get("version"):
                current.delete()
                done = _("已删除%(noun)s：%(item)s") % {"noun": holding.noun, "item": item}
                messages.success(request, done)
                return redirect(reverse("enterprises:detail", args=[enterprise.uscc]) + TAB)
        error = _("删除未执行：该记录在您确认前已被他人修改，请核对最新内容后再确认是否删除。")
        item = current
    context = {"enterprise": enterprise, "item": item, "noun": holding.noun, "error": error}
    return render(request, "enterprises/holding_delete.html", context)

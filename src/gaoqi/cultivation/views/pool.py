"""The cultivation pool pages: the list, adding a selection, an entry with its plan and visits, forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoqi.accounts.permissions import Perm, require
from gaoqi.core.models import StaleEditError
from gaoqi.cultivation import pool
from gaoqi.cultivation.forms import AddToPoolForm, ExitForm, PlanActionForm, PoolEntryForm, VisitForm
from gaoqi.cultivation.models import PlanAction, PoolEntry, Visit
from gaoqi.cultivation.permissions import may_manage, may_update_action
from gaoqi.cultivation.pool_exports import pool_entries, pool_year
from gaoqi.cultivation.views.screening import scoped_enterprises
from gaoqi.enterprises.models import Evaluation

PAGE_SIZE = 50


def _entry(request: HttpRequest, pk: int) -> PoolEntry:
    """The entry if the user's scope includes its enterprise, else 404."""
    scoped = PoolEntry.objects.for_user(request.user).select_related("enterprise__town", "owner")
    return get_object_or_404(scoped, pk=pk)


def _managed(request: HttpRequest, pk: int) -> PoolEntry:
    entry = _entry(request, pk)
    if not may_manage(request.user, entry.enterprise):
        raise PermissionDenied
    return entry


@require(Perm.VIEW_ENTERPRISES)
def pool_list(request: HttpRequest) -> HttpResponse:
    """The pool of a year (default this year): active entries first, with plan progress."""
    years = sorted(set(PoolEntry.objects.for_user(request.user).values_list("year", flat=True)), reverse=True)
    this_year = timezone.localdate().year
    year = pool_year(request.GET)
    entries = pool_entries(request.user, year)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "year": year,
        "years": sorted({*years, this_year}, reverse=True),
        "tier_labels": dict(Evaluation.Tier.choices),
    }
    return render(request, "cultivation/pool_list.html", context)


@require_POST
@require(Perm.VIEW_ENTERPRISES)
def pool_add(request: HttpRequest) -> HttpResponse:
    """Enter the checked enterprises in the pool (HTMX: a message fragment and a table refresh)."""
    form = AddToPoolForm(request.POST, allowed=scoped_enterprises(request))
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        context["added"] = pool.add_to_pool(
            request.user, data["enterprises"], data["year"], data["reason"], run_id=data["run"]
        )
    response = render(request, "cultivation/_pool_added.html", context)
    if "added" in context:
        response["HX-Trigger"] = "poolChanged"
    return response


@require(Perm.VIEW_ENTERPRISES)
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An entry: the enterprise, the officer, the plan's actions and the visits."""
    entry = _entry(request, pk)
    context = {
        "entry": entry,
        "actions": list(entry.actions.order_by("status", "deadline", "pk")),
        "visits": list(entry.visits.select_related("recorded_by")),
        "can_manage": may_manage(request.user, entry.enterprise),
        "can_update": may_update_action(request.user, entry.enterprise),
        "statuses": PlanAction.Status.choices,
        "today": timezone.localdate(),
        "tier_labels": dict(Evaluation.Tier.choices),
    }
    return render(request, "cultivation/entry_detail.html", context)


def save_form(request: HttpRequest, form: ModelForm, **extra: Any) -> bool:
    """Validate and save ``form`` (versioned for an existing row); report a conflict on the form."""
    if not form.is_valid():
        return False
    instance = form.save(commit=False)
    for name, value in extra.items():
        setattr(instance, name, value)
    try:
        if instance.pk:
            instance.save_versioned(form.cleaned_data.get("expected_version") or instance.version)
        else:
            instance.save()
    except StaleEditError as error:
        form.add_error(None, error.message)
        return False
    return True


def _form_page(request: HttpRequest, entry: PoolEntry, form: ModelForm, title: str) -> HttpResponse:
    return render(request, "cultivation/form_page.html", {"entry": entry, "form": form, "title": title})


def _edit_page(
    request: HttpRequest,
    entry: PoolEntry,
    form: ModelForm,
    labels: tuple[str, str],
    fields: dict[str, Any] | None = None,
) -> HttpResponse:
    """The form page of one of ``entry``'s records, ``labels`` its title and the message once saved: a
    valid POST saves it (setting ``fields`` on a new record) and returns to the entry."""
    title, saved = labels
    if request.method == "POST" and save_form(request, form, **(fields or {})):
        messages.success(request, saved)
        return redirect("cultivation:entry", entry.pk)
    return _form_page(request, entry, form, title)


@require(Perm.VIEW_ENTERPRISES)
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the officer in charge, the target tier and the reason."""
    entry = _managed(request, pk)
    form = PoolEntryForm(request.POST or None, instance=entry)
    return _edit_page(request, entry, form, (_("编辑培育信息"), _("已保存。")))


@require(Perm.VIEW_ENTERPRISES)
def entry_exit(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the enterprise out of the pool with a date, a kind and a reason."""
    entry = _managed(request, pk)
    form = ExitForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pool.exit_entry(
                request.user,
                entry,
                exited_on=data["exited_on"],
                kind=data["exit_kind"],
                reason=data["exit_reason"],
                expected_version=data.get("expected_version") or entry.version,
            )
        except StaleEditError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已出库。"))
            return redirect("cultivation:entry", entry.pk)
    return _form_page(request, entry, form, _("出库"))


@require(Perm.VIEW_ENTERPRISES)
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an officer's own action to the plan."""
    entry = _managed(request, pk)
    form = PlanActionForm(request.POST or None)
    labels = (_("添加培育措施"), _("已添加培育措施。"))
    return _edit_page(request, entry, form, labels, {"entry": entry, "source": PlanAction.Source.OFFICER})


@require(Perm.VIEW_ENTERPRISES)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an action of the plan."""
    action = get_object_or_404(PlanAction.objects.for_user(request.user).select_related("entry"), pk=pk)
    entry = _managed(request, action.entry_id)
    form = PlanActionForm(request.POST or None, instance=action)
    return _edit_page(request, entry, form, (_("编辑培育措施"), _("已保存。")))


@require_POST
@require(Perm.VIEW_ENTERPRISES)
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Set an action's status (HTMX: the action's row again)."""
    action = get_object_or_404(
        PlanAction.objects.for_user(request.user).select_related("entry__enterprise__town"), pk=pk
    )
    version = int(request.POST.get("version") or action.version)
    error = ""
    try:
        pool.set_action_status(request.user, action, request.POST.get("status", ""), version)
    except StaleEditError as stale:
        error = stale.message
        action.refresh_from_db()
    except ValueError:
        error = _("无效的状态。")
    context = {
        "action": action,
        "error": error,
        "can_update": True,
        "statuses": PlanAction.Status.choices,
        "today": timezone.localdate(),
    }
    return render(request, "cultivation/_action_row.html", context)


@require(Perm.VIEW_ENTERPRISES)
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a visit."""
    entry = _managed(request, pk)
    form = VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    labels = (_("记录走访"), _("已记录走访。"))
    return _edit_page(request, entry, form, labels, {"entry": entry, "recorded_by": request.user})


@require(Perm.VIEW_ENTERPRISES)
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a visit record."""
    visit = get_object_or_404(Visit.objects.for_user(request.user), pk=pk)
    entry = _managed(request, visit.entry_id)
    form = VisitForm(request.POST or None, instance=visit)
    return _edit_page(request, entry, form, (_("编辑走访记录"), _("已保存。")))

"""The alert inbox: the user's alerts, unread first in the badge, filter by kind and read state."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gaoqi.jobs.framework import run_job
from gaoqi.monitoring.alerts import inbox, mark_all_read, mark_read, unread_count
from gaoqi.monitoring.models import Alert
from gaoqi.monitoring.tasks import may_raise_alerts

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> tuple[str, str]:
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    return (kind if kind in Alert.Kind.values else "", state if state in ("unread", "read") else "")


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    """The inbox, filtered by ``kind`` and ``state`` (unread/read); HTMX refreshes only the list."""
    alerts = inbox(request.user)
    kind, state = _filters(request)
    if kind:
        alerts = alerts.filter(kind=kind)
    if state:
        alerts = alerts.filter(is_read=state == "read")
    page = Paginator(
        alerts.order_by("is_read", "-raised_on", F("due_on").asc(nulls_last=True), "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kind": kind,
        "state": state,
        "kinds": Alert.Kind.choices,
        "unread": unread_count(request.user),
        "can_run": may_raise_alerts(request.user),
    }
    template = "monitoring/_alert_list.html" if request.htmx else "monitoring/inbox.html"
    return render(request, template, context)


@login_required
@require_POST
def read_alert(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one alert read and open the enterprise file it is about."""
    alert = get_object_or_404(inbox(request.user), pk=pk)
    mark_read(request.user, Alert.objects.filter(pk=alert.pk))
    return redirect("enterprises:detail", uscc=alert.enterprise.uscc)


@login_required
@require_POST
def run_now(request: HttpRequest) -> HttpResponse:
    """Start today's alert check as a background job and show its progress (bureau roles)."""
    job = run_job("raise_alerts", {}, request.user)  # JobNotAllowed is a 403
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    """Mark every alert (of the filtered kind) read."""
    kind, _state = _filters(request)
    mark_all_read(request.user, kind)
    target = reverse("monitoring:alerts:inbox")
    return redirect(f"{target}?kind={kind}" if kind else target)

"""The alert inbox: the user's alerts, unread first in the badge, filter by kind and read state."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gaoqi.jobs.framework import run_job
from gaoqi.monitoring.alert_exports import filtered_inbox, inbox_filters
from gaoqi.monitoring.alerts import inbox, mark_all_read, mark_read, unread_count
from gaoqi.monitoring.models import Alert
from gaoqi.monitoring.tasks import may_raise_alerts

PAGE_SIZE = 50


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    """The inbox, filtered by ``kind`` and ``state`` (unread/read); HTMX refreshes only the list."""
    kind, state = inbox_filters(request.GET)
    page = Paginator(filtered_inbox(request.user, request.GET), PAGE_SIZE).get_page(request.GET.get("page"))
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
    kind, _state = inbox_filters(request.GET)
    mark_all_read(request.user, kind)
    target = reverse("monitoring:alerts:inbox")
    return redirect(f"{target}?kind={kind}" if kind else target)

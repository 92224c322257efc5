"""Detectors about single items: an IP item expiring, a cultivation-plan action overdue."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from gaoqi.cultivation.models import PlanAction
from gaoqi.enterprises.models import IPAsset
from gaoqi.monitoring.alerts import AlertDraft
from gaoqi.monitoring.models import Alert
from gaoqi.policy import ParameterSet


def ip_expiry(today: dt.date, params: ParameterSet) -> list[AlertDraft]:
    """A valid class I or II IP item expiring within the lead time: once per item."""
    horizon = today + dt.timedelta(days=int(params["alerts.ip_expiry_lead_days"]))
    items = IPAsset.objects.filter(
        status=IPAsset.Status.VALID,
        ip_class__in=(IPAsset.IPClass.CLASS_I, IPAsset.IPClass.CLASS_II),
        expires_on__gte=today,
        expires_on__lte=horizon,
    ).select_related("enterprise")
    return [
        AlertDraft(
            enterprise_id=item.enterprise_id,
            kind=str(Alert.Kind.IP_EXPIRY),
            period=f"ip{item.pk}",
            title=_("%(name)s：知识产权“%(title)s”即将到期")
            % {"name": item.enterprise.name, "title": item.title},
            message=_("%(kind)s（%(number)s）将于 %(expires)s 到期，到期后不再计入高企认定的知识产权。")
            % {"kind": item.get_kind_display(), "number": item.number or "—", "expires": item.expires_on},
            due_on=item.expires_on,
        )
        for item in items
    ]


def plan_overdue(today: dt.date, params: ParameterSet) -> list[AlertDraft]:
    """A cultivation-plan action of an active pool entry past its deadline and not done: once per action."""
    actions = (
        PlanAction.objects.overdue(today)
        .filter(entry__exited_on__isnull=True)
        .select_related("entry__enterprise")
    )
    return [
        AlertDraft(
            enterprise_id=action.entry.enterprise_id,
            kind=str(Alert.Kind.PLAN_OVERDUE),
            period=f"action{action.pk}",
            title=_("%(name)s：培育措施逾期") % {"name": action.entry.enterprise.name},
            message=_(
                "培育措施“%(description)s”的完成期限为 %(deadline)s，目前状态：%(status)s，责任人：%(who)s。"
            )
            % {
                "description": action.description,
                "deadline": action.deadline,
                "status": action.get_status_display(),
                "who": action.responsible or "—",
            },
            due_on=action.deadline,
        )
        for action in actions
    ]

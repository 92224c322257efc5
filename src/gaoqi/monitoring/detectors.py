"""Detectors: for a day, the alerts that are due, as ``AlertDraft``s (stored once by ``alerts``).

Each detector reads the file in a few queries and decides the *period* of its alert, so the same
alert is never raised twice: a certificate and its lead time, a year, a year and an indicator, an IP
item, a plan action. Dates, lead times and margins come from ``gaoqi.monitoring.params``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from gaoqi.enterprises.models import Certificate, Evaluation, FiscalYear, IPAsset
from gaoqi.enterprises.models.fiscal import RD_CATEGORY_FIELDS
from gaoqi.monitoring.alerts import AlertDraft
from gaoqi.monitoring.models import Alert
from gaoqi.monitoring.params import monitoring_parameters, month_day
from gaoqi.policy import ParameterSet, load_parameters

Detector = Callable[[dt.date, ParameterSet], Iterable[AlertDraft]]
DRIFT_INDICATORS = ("rd_ratio", "hitech_revenue_share", "scitech_staff_ratio")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, clamped to the month's last day.

    >>> add_months(dt.date(2026, 8, 31), -6)
    datetime.date(2026, 2, 28)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def valid_until(certificate: Certificate, validity_years: int) -> dt.date:
    """The last day an HNTE certificate is valid: its ``expires_on``, else the day before the
    ``validity_years``-th anniversary of its issue."""
    if certificate.expires_on is not None:
        return certificate.expires_on
    issued = certificate.issued_on
    return add_months(issued, 12 * validity_years) - dt.timedelta(days=1)


def _validity_years(today: dt.date) -> int:
    engine = load_parameters(today, region=settings.GAOQI_REGION)
    return int(str(engine.value("hnte.validity_years")))


def latest_hnte_certificates(today: dt.date) -> list[tuple[Certificate, dt.date]]:
    """Each enterprise's most recent HNTE certificate issued by ``today``, with its last valid day."""
    years = _validity_years(today)
    rows = (
        Certificate.objects.filter(kind=Certificate.Kind.HNTE, issued_on__lte=today)
        .select_related("enterprise")
        .order_by("enterprise_id", "-issued_on", "-pk")
    )
    latest: dict[int, Certificate] = {}
    for certificate in rows:
        latest.setdefault(certificate.enterprise_id, certificate)
    return [(certificate, valid_until(certificate, years)) for certificate in latest.values()]


def _latest_results(enterprise_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    rows = Evaluation.objects.filter(enterprise_id__in=list(enterprise_ids), is_latest=True)
    return dict(rows.values_list("enterprise_id", "result"))


def _verdict_text(result: dict[str, Any] | None) -> str:
    """The re-certification verdict on the latest data, with the conditions it fails."""
    if not result:
        return _("尚无评价结果，请补充最新数据后评价。")
    hnte = result.get("hnte") or {}
    labels = dict(Evaluation.Verdict.choices)
    failed = [name for name, item in (hnte.get("conditions") or {}).items() if item.get("passed") is False]
    text = _("按最新数据预评重新认定：%(verdict)s。") % {"verdict": labels.get(hnte.get("verdict"), "—")}
    if failed:
        text += _("未达标条件：%(names)s。") % {
            "names": "、".join(condition_labels().get(n, n) for n in failed)
        }
    return text


def condition_labels() -> dict[str, str]:
    """Chinese names of the HNTE conditions named in alerts."""
    return {
        "registered_365_days": _("注册成立一年以上"),
        "core_ip": _("核心自主知识产权"),
        "tech_field": _("高新技术领域"),
        "scitech_staff_ratio": _("科技人员占比"),
        "rd_ratio": _("研发费用占比"),
        "domestic_rd_share": _("境内研发费用占比"),
        "hitech_revenue_share": _("高新技术产品（服务）收入占比"),
        "innovation_score": _("创新能力评价得分"),
        "no_major_incident": _("无重大事故"),
    }


def hnte_expiry(today: dt.date, params: ParameterSet) -> list[AlertDraft]:
    """An HNTE certificate expiring within a lead time (12 and 6 months): once per certificate and lead;
    only the nearest lead already reached is raised."""
    leads = sorted(int(row["months"]) for row in params["alerts.hnte_expiry_leads_months"])
    certificates = [(c, until) for c, until in latest_hnte_certificates(today) if today <= until]
    results = _latest_results(c.enterprise_id for c, _until in certificates)
    drafts = []
    for certificate, until in certificates:
        months = next((m for m in leads if add_months(until, -m) <= today), None)
        if months is None:
            continue
        name = certificate.enterprise.name
        drafts.append(
            AlertDraft(
                enterprise_id=certificate.enterprise_id,
                kind=Alert.Kind.HNTE_EXPIRY,
                period=f"cert{certificate.pk}:{months}m",
                title=_("%(name)s：高企证书%(months)s个月内到期") % {"name": name, "months": months},
                message=_("高新技术企业证书（%(number)s）有效期至 %(until)s。")
                % {
                    "number": certificate.number or "—",
                    "until": until.isoformat(),
                }
                + _verdict_text(results.get(certificate.enterprise_id)),
                due_on=until,
            )
        )
    return drafts


def annual_report(today: dt.date, params: ParameterSet) -> list[AlertDraft]:
    """HNTEs valid at the end of last year must file last year's report by the due date (31 May)."""
    due = month_day(params, "alerts.annual_report_due", today.year)
    if not due - dt.timedelta(days=int(params["alerts.annual_report_lead_days"])) <= today <= due:
        return []
    year_end = dt.date(today.year - 1, 12, 31)
    return [
        AlertDraft(
            enterprise_id=certificate.enterprise_id,
            kind=Alert.Kind.ANNUAL_REPORT,
            period=str(today.year),
            title=_("%(name)s：请于%(due)s前报送高企年报")
            % {"name": certificate.enterprise.name, "due": due},
            message=_(
                "高新技术企业须在有效期内每年报送上一年度（%(year)s年）知识产权、科技人员、研发费用和经营收入等年度发展情况报表；累计两年未按期报送将被取消资格。"
            )
            % {"year": today.year - 1},
            due_on=due,
        )
        for certificate, until in latest_hnte_certificates(today)
        if certificate.issued_on <= year_end <= until
    ]


def tech_sme_update(today: dt.date, params: ParameterSet) -> list[AlertDraft]:
    """Enterprises registered as tech SMEs last year must update their information by the due date."""
    due = month_day(params, "alerts.tech_sme_update_due", today.year)
    if not due - dt.timedelta(days=int(params["alerts.tech_sme_update_lead_days"])) <= today <= due:
        return []
    last = today.year - 1
    registered = Certificate.objects.filter(kind=Certificate.Kind.TECH_SME).filter(
        Q(year=last) | Q(year__isnull=True, issued_on__year=last)
    )
    names = dict(registered.values_list("enterprise_id", "enterprise__name"))
    return [
        AlertDraft(
            enterprise_id=pk,
            kind=Alert.Kind.TECH_SME_UPDATE,
            period=str(today.year),
            title=_("%(name)s：请于%(due)s前更新科技型中小企业信息") % {"name": name, "due": due},
            message=_(
                "已入库的科技型中小企业须在每年3月底前更新信息并重新自评，逾期未更新的将被移出信息库（入库登记编号失效）。"
            ),
            due_on=due,
        )
        for pk, name in names.items()
    ]


def _rd(row: dict[str, Any]) -> Decimal | None:
    parts = [row[name] for name in RD_CATEGORY_FIELDS if row[name] is not None]
    return sum(parts, Decimal(0)) if parts else row["rd_total"]


def _ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    return None if part is None or not whole else part / whole


YEARLY_RATIOS: dict[str, Callable[[dict[str, Any]], Decimal | None]] = {
    "rd_ratio": lambda row: _ratio(_rd(row), row["sales_revenue"]),
    "hitech_revenue_share": lambda row: _ratio(row["hitech_revenue"], row["total_revenue"]),
    "scitech_staff_ratio": lambda row: _ratio(row["scitech_staff"], row["employees"]),
}


def _yearly_rows(enterprise_ids: list[int], years: tuple[int, int]) -> dict[tuple[int, int], dict[str, Any]]:
    fields = ("enterprise_id", "year", "sales_revenue", "total_revenue", "hitech_revenue", "rd_total")
    rows = FiscalYear.objects.filter(enterprise_id__in=enterprise_ids, year__in=years).values(
        *fields, *RD_CATEGORY_FIELDS, "employees", "scitech_staff"
    )
    return {(row["enterprise_id"], row["year"]): row for row in rows}


def is_drifting(
    value: Decimal, threshold: Decimal, margin: Decimal, previous: Decimal | None, last: Decimal | None
) -> bool:
    """A met condition close to its threshold: within ``margin`` above it, or falling year on year so
    that the same fall once more would take the last year's ratio below it."""
    near = value < threshold + margin
    falling = (
        previous is not None and last is not None and last < previous and 2 * last - previous < threshold
    )
    return near or falling


def indicator_drift(today: dt.date, params: ParameterSet) -> list[AlertDraft]:
    """A valid HNTE whose R&D ratio, high-tech revenue share or sci-tech staff ratio drifts toward its
    threshold: once per indicator per year."""
    margins = {row["indicator"]: row["margin"] for row in params["alerts.drift_margins"]}
    holders = {
        c.enterprise_id: c.enterprise for c, until in latest_hnte_certificates(today) if today <= until
    }
    results = _latest_results(holders)
    years = (today.year - 2, today.year - 1)
    yearly = _yearly_rows(list(holders), years)
    drafts = []
    for pk, result in results.items():
        conditions = (result.get("hnte") or {}).get("conditions") or {}
        for name in DRIFT_INDICATORS:
            item = conditions.get(name) or {}
            if item.get("passed") is not True or name not in margins or item.get("value") is None:
                continue
            ratios = [yearly.get((pk, year)) for year in years]
            previous, last = (YEARLY_RATIOS[name](row) if row else None for row in ratios)
            value, threshold = Decimal(str(item["value"])), Decimal(str(item["threshold"]))
            if not is_drifting(value, threshold, margins[name], previous, last):
                continue
            label = condition_labels()[name]
            drafts.append(
                AlertDraft(
                    enterprise_id=pk,
                    kind=Alert.Kind.INDICATOR_DRIFT,
                    period=f"{today.year}:{name}",
                    title=_("%(name)s：%(label)s接近认定门槛") % {"name": holders[pk].name, "label": label},
                    message=_(
                        "%(label)s为 %(value).2f%%，认定门槛为 %(threshold).2f%%%(trend)s，请及早采取措施。"
                    )
                    % {
                        "label": label,
                        "value": value * 100,
                        "threshold": threshold * 100,
                        "trend": _drift_trend(previous, last),
                    },
                )
            )
    return drafts


def _drift_trend(previous: Decimal | None, last: Decimal | None) -> str:
    if previous is None or last is None or last >= previous:
        return ""
    return _("；上年单年比例由 %(previous).2f%% 降至 %(last).2f%%") % {
        "previous": previous * 100,
        "last": last * 100,
    }


def ip_reused(today: dt.date, params: ParameterSet) -> list[AlertDraft]:
    """Before re-certification: class II IP items already used in an HNTE application cannot count again."""
    horizon = today + dt.timedelta(days=int(params["alerts.ip_reuse_lead_days"]))
    certificates = {
        c.enterprise_id: c for c, until in latest_hnte_certificates(today) if today <= until <= horizon
    }
    used = IPAsset.objects.filter(
        enterprise_id__in=list(certificates),
        ip_class=IPAsset.IPClass.CLASS_II,
        status=IPAsset.Status.VALID,
        hnte_used_year__isnull=False,
    ).values_list("enterprise_id", "hnte_used_year")
    years: dict[int, list[int]] = defaultdict(list)
    for pk, year in used:
        years[pk].append(year)
    return [
        AlertDraft(
            enterprise_id=pk,
            kind=Alert.Kind.IP_REUSED,
            period=f"cert{certificates[pk].pk}",
            title=_("%(name)s：%(count)s项Ⅱ类知识产权已用于高企申报")
            % {
                "name": certificates[pk].enterprise.name,
                "count": len(used_years),
            },
            message=_("这些Ⅱ类知识产权已在 %(years)s 年的申报中使用，重新认定时不能再次使用，请提前布局。")
            % {"years": "、".join(str(year) for year in sorted(set(used_years)))},
        )
        for pk, used_years in years.items()
    ]


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
            kind=Alert.Kind.IP_EXPIRY,
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
    """A cultivation-plan action (``gaoqi.cultivation``) past its deadline and not done: once per action.

    Raises nothing while the cultivation app is not installed.
    """
    if not apps.is_installed("gaoqi.cultivation"):
        return []
    PlanAction = apps.get_model("cultivation", "PlanAction")
    actions = PlanAction.objects.filter(
        deadline__lt=today, status__in=("open", "in_progress"), entry__exited_on__isnull=True
    ).select_related("entry__enterprise")
    return [
        AlertDraft(
            enterprise_id=action.entry.enterprise_id,
            kind=Alert.Kind.PLAN_OVERDUE,
            period=f"action{action.pk}",
            title=_("%(name)s：培育措施逾期") % {"name": action.entry.enterprise.name},
            message=_("培育措施“%(description)s”的完成期限为 %(deadline)s，目前状态：%(status)s。")
            % {
                "description": action.description,
                "deadline": action.deadline,
                "status": action.get_status_display(),
            },
            due_on=action.deadline,
        )
        for action in actions
    ]


DETECTORS: tuple[Detector, ...] = (
    hnte_expiry,
    annual_report,
    tech_sme_update,
    indicator_drift,
    ip_reused,
    ip_expiry,
    plan_overdue,
)


def detect_all(today: dt.date) -> list[AlertDraft]:
    """Every detector's drafts for ``today``."""
    params = monitoring_parameters(today)
    return [draft for detector in DETECTORS for draft in detector(today, params)]

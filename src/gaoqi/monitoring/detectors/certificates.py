"""Detectors about certificates and registrations: HNTE expiry, annual report, tech-SME update, class II
IP already used before a re-certification."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from gaoqi.enterprises.models import Certificate, Evaluation, IPAsset
from gaoqi.monitoring.alerts import AlertDraft
from gaoqi.monitoring.figures import add_months, chunked, tech_sme_registrations, valid_until, validity_years
from gaoqi.monitoring.models import Alert
from gaoqi.monitoring.params import month_day
from gaoqi.policy import ParameterSet


def latest_hnte_certificates(today: dt.date) -> list[tuple[Certificate, dt.date]]:
    """Each enterprise's most recent HNTE certificate issued by ``today``, with its last valid day."""
    years = validity_years(today)
    rows = (
        Certificate.objects.filter(kind=Certificate.Kind.HNTE, issued_on__lte=today)
        .select_related("enterprise")
        .order_by("enterprise_id", "-issued_on", "-pk")
    )
    latest: dict[int, Certificate] = {}
    for certificate in rows:
        latest.setdefault(certificate.enterprise_id, certificate)
    return [(certificate, valid_until(certificate, years)) for certificate in latest.values()]


def latest_hnte_results(enterprise_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The HNTE part of each enterprise's latest evaluation, only ``verdict`` and ``conditions`` read
    from the stored JSON (not the explanations)."""
    found = {}
    for batch in chunked(enterprise_ids):
        rows = Evaluation.objects.filter(enterprise_id__in=batch, is_latest=True).values_list(
            "enterprise_id", "result__hnte__verdict", "result__hnte__conditions"
        )
        found.update(
            {pk: {"verdict": verdict, "conditions": conditions or {}} for pk, verdict, conditions in rows}
        )
    return found


def _verdict_text(hnte: dict[str, Any] | None) -> str:
    """The re-certification verdict on the latest data, with the conditions it fails."""
    if not hnte:
        return _("尚无评价结果，请补充最新数据后评价。")
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
    results = latest_hnte_results(c.enterprise_id for c, _until in certificates)
    drafts = []
    for certificate, until in certificates:
        months = next((m for m in leads if add_months(until, -m) <= today), None)
        if months is None:
            continue
        name = certificate.enterprise.name
        drafts.append(
            AlertDraft(
                enterprise_id=certificate.enterprise_id,
                kind=str(Alert.Kind.HNTE_EXPIRY),
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
            kind=str(Alert.Kind.ANNUAL_REPORT),
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
    """Enterprises registered as tech SMEs last year must update their information by the due date
    (from the 2017 evaluation rules on)."""
    if "alerts.tech_sme_update_due" not in params.in_force():
        return []
    due = month_day(params, "alerts.tech_sme_update_due", today.year)
    if not due - dt.timedelta(days=int(params["alerts.tech_sme_update_lead_days"])) <= today <= due:
        return []
    last = today.year - 1
    registered = tech_sme_registrations(last)
    names = dict(registered.values_list("enterprise_id", "enterprise__name"))
    return [
        AlertDraft(
            enterprise_id=pk,
            kind=str(Alert.Kind.TECH_SME_UPDATE),
            period=str(today.year),
            title=_("%(name)s：请于%(due)s前更新科技型中小企业信息") % {"name": name, "due": due},
            message=_(
                "已入库的科技型中小企业须在每年3月底前更新信息并重新自评，逾期未更新的将被移出信息库（入库登记编号失效）。"
            ),
            due_on=due,
        )
        for pk, name in names.items()
    ]


def ip_reused(today: dt.date, params: ParameterSet) -> list[AlertDraft]:
    """Before re-certification: class II IP items already used in an HNTE application cannot count again."""
    horizon = today + dt.timedelta(days=int(params["alerts.ip_reuse_lead_days"]))
    certificates = {
        c.enterprise_id: c for c, until in latest_hnte_certificates(today) if today <= until <= horizon
    }
    used = IPAsset.objects.filter(
        ip_class=IPAsset.IPClass.CLASS_II, status=IPAsset.Status.VALID, hnte_used_year__isnull=False
    ).values_list("enterprise_id", "hnte_used_year")
    years: dict[int, list[int]] = defaultdict(list)
    for pk, year in used:
        if pk in certificates:
            years[pk].append(year)
    return [
        AlertDraft(
            enterprise_id=pk,
            kind=str(Alert.Kind.IP_REUSED),
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

"""Core views: the workbench a user lands on after logging in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.accounts.models import Role
from gaoqi.accounts.permissions import Perm, has_perm
from gaoqi.enterprises.models import Certificate, Enterprise, Evaluation

EXPIRY_WINDOW_DAYS = 365
HNTE_VALID_YEARS = 3  # an HNTE certificate is valid from its date of issue for three years (contract)
EXPIRING_SHOWN = 10
_VERDICT_COLOURS = {"pass": "#2fb344", "uncertain": "#f59f00", "fail": "#d63939"}


def _shift_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved by ``years`` years, later when positive (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _valid_hnte(certificates: QuerySet[Certificate], today: dt.date) -> QuerySet[Certificate]:
    """HNTE certificates valid on ``today``: issued on or before it, less than three years before."""
    return certificates.filter(
        kind=Certificate.Kind.HNTE, issued_on__lte=today, issued_on__gt=_shift_years(today, -HNTE_VALID_YEARS)
    )


def _figures(enterprises: QuerySet[Enterprise], user: Any, today: dt.date) -> dict[str, Any]:
    """The headline figures of the user's scope, each counted in the database."""
    certificates = Certificate.objects.for_user(user)
    latest = Evaluation.objects.for_user(user).filter(is_latest=True)
    verdicts = latest.aggregate(
        **{key: Count("pk", filter=Q(hnte_verdict=key)) for key in _VERDICT_COLOURS},
        evaluated=Count("pk"),
    )
    horizon = today + dt.timedelta(days=EXPIRY_WINDOW_DAYS)
    expiring = _valid_hnte(certificates, today).filter(
        issued_on__lte=_shift_years(horizon, -HNTE_VALID_YEARS)
    )
    return {
        "enterprise_count": enterprises.count(),
        "hnte_valid": _valid_hnte(certificates, today).values("enterprise").distinct().count(),
        "verdicts": verdicts,
        "expiring_count": expiring.count(),
        "expiring": [
            (certificate, _shift_years(certificate.issued_on, HNTE_VALID_YEARS))
            for certificate in expiring.select_related("enterprise__town").order_by("issued_on")[
                :EXPIRING_SHOWN
            ]
        ],
    }


def _charts(user: Any, verdicts: dict[str, int]) -> dict[str, dict[str, Any]]:
    """ECharts options: the verdict mix and, per town, the latest verdicts stacked."""
    labels = {key: str(Evaluation.Verdict(key).label) for key in ("pass", "uncertain", "fail")}
    rows = (
        Evaluation.objects.for_user(user)
        .filter(is_latest=True)
        .values("enterprise__town__name", "enterprise__town__sort_order")
        .annotate(**{key: Count("pk", filter=Q(hnte_verdict=key)) for key in labels})
        .order_by("enterprise__town__sort_order")
    )
    towns = [row["enterprise__town__name"] for row in rows]
    return {
        "chart-verdicts": {
            "tooltip": {"trigger": "item"},
            "legend": {"bottom": 0},
            "color": [_VERDICT_COLOURS[key] for key in labels],
            "series": [
                {
                    "type": "pie",
                    "radius": ["45%", "70%"],
                    "data": [{"name": labels[key], "value": verdicts[key]} for key in labels],
                }
            ],
        },
        "chart-towns": {
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 0},
            "grid": {"left": 40, "right": 16, "top": 32, "bottom": 64},
            "color": [_VERDICT_COLOURS[key] for key in labels],
            "xAxis": {"type": "category", "data": towns, "axisLabel": {"rotate": 40}},
            "yAxis": {"type": "value", "name": _("家")},
            "series": [
                {"name": labels[key], "type": "bar", "stack": "total", "data": [row[key] for row in rows]}
                for key in labels
            ],
        },
    }


def _own_file(user: Any, today: dt.date) -> dict[str, Any]:
    """An enterprise user's own file at a glance: the latest evaluation and the valid HNTE certificate."""
    enterprise = Enterprise.objects.for_user(user).first()
    if enterprise is None:
        return {}
    certificate = _valid_hnte(Certificate.objects.for_user(user), today).order_by("-issued_on").first()
    return {
        "own_enterprise": enterprise,
        "own_evaluation": enterprise.evaluations.filter(is_latest=True).first(),
        "own_hnte_until": _shift_years(certificate.issued_on, HNTE_VALID_YEARS) if certificate else None,
    }


# What the roles without access to enterprise files do on the platform (their modules come later).
ROLE_GUIDES: dict[str, dict[str, Any]] = {
    Role.UNIVERSITY_USER: {
        "intro": gettext_lazy(
            "高校院所用户在平台上发布科研能力与科技成果，对接企业技术需求，参与揭榜挂帅等攻关项目。"
        ),
        "tasks": (
            gettext_lazy("维护本单位的研究方向、科研团队和可转化成果"),
            gettext_lazy("查看与本单位能力相匹配的企业技术需求（企业出题、高校解题）"),
            gettext_lazy("申报揭榜挂帅、赛马制、悬赏制攻关项目，跟踪里程碑与验收"),
            gettext_lazy("登记成果转让、许可和技术合同"),
        ),
    },
    Role.EXPERT: {
        "intro": gettext_lazy("评审专家对分配给您的项目申报进行评分，并如实申报利益冲突。"),
        "tasks": (
            gettext_lazy("查看分配给您的评审任务和截止时间"),
            gettext_lazy("逐项打分并填写评审意见"),
            gettext_lazy("与申报单位存在利益关系时申报回避"),
        ),
    },
    Role.FINANCE_USER: {
        "intro": gettext_lazy("金融机构用户发布科技金融产品，对接已授权的科技企业（六位一体）。"),
        "tasks": (
            gettext_lazy("发布和维护贷款、保险、担保、投资、上市辅导等金融产品"),
            gettext_lazy("查看按梯队和指标匹配、且已授权本机构查看的企业"),
            gettext_lazy("受理企业的融资申请并登记办理结果"),
        ),
    },
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The workbench: figures and charts of the user's scope, an enterprise user's own file at a glance, or
    a guide for roles whose modules come later."""
    context: dict[str, Any] = {"today": timezone.localdate()}
    if request.user.role == Role.ENTERPRISE_USER:
        context.update(_own_file(request.user, context["today"]))
    elif has_perm(request.user, Perm.VIEW_ENTERPRISES):
        figures = _figures(Enterprise.objects.for_user(request.user), request.user, context["today"])
        context.update(figures, charts=_charts(request.user, figures["verdicts"]))
    context["guide"] = ROLE_GUIDES.get(request.user.role)
    return render(request, "core/home.html", context)

"""District screening runs and their per-enterprise results (reproducible and comparable)."""

from __future__ import annotations

import json
import zlib
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaoqi.core.scopes import ScopedQuerySet
from gaoqi.enterprises.models import Evaluation


def pack_text(text: str) -> bytes:
    """Text compressed for storage (``unpack_text`` reverses it)."""
    return zlib.compress(text.encode("utf-8"), 6)


def unpack_text(blob: bytes | memoryview | None) -> str | None:
    """The text stored by ``pack_text`` (``None`` stays ``None``)."""
    return None if blob is None else zlib.decompress(bytes(blob)).decode("utf-8")


def pack(data: Any) -> bytes:
    """JSON ``data`` compressed for storage (``unpack`` reverses it)."""
    return pack_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def unpack(blob: bytes | memoryview | None) -> Any:
    """The JSON value stored by ``pack`` (``None`` stays ``None``)."""
    text = unpack_text(blob)
    return None if text is None else json.loads(text)


class ScreeningRun(models.Model):
    """One district-wide screening: the date, the parameters it ran under, who asked, and the counts."""

    as_of = models.DateField(_("评价基准日"))
    region = models.CharField(_("地区"), max_length=32)
    params_version = models.CharField(_("参数版本"), max_length=64)
    parameters = models.JSONField(_("参数取值"), default=dict)
    previous = models.ForeignKey(
        "self", verbose_name=_("上一次筛选"), null=True, blank=True, on_delete=models.SET_NULL
    )
    job = models.ForeignKey(
        "jobs.Job", verbose_name=_("后台任务"), null=True, blank=True, on_delete=models.SET_NULL
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    enterprises = models.PositiveIntegerField(_("企业数"), default=0)
    counts = models.JSONField(_("统计"), default=dict)
    flipped = models.PositiveIntegerField(_("结论变化数"), default=0)
    changed_parameters = models.JSONField(_("变化的参数"), default=list)
    seconds = models.FloatField(_("用时（秒）"), null=True, blank=True)
    timings = models.JSONField(_("各阶段用时（秒）"), default=dict)

    class Meta:
        verbose_name = _("筛选批次")
        verbose_name_plural = _("筛选批次")
        ordering = ("-started_at", "-pk")

    def __str__(self) -> str:
        return f"{self.as_of} #{self.pk}"


class ScreeningResult(models.Model):
    """One enterprise in one run: verdicts, distance to certification, inputs hash and (packed) trace.

    ``inputs`` holds the packed engine input text (``cultivation.inputs``) when it differs from the
    enterprise's result in the previous run (otherwise an earlier result with the same ``inputs_hash``
    holds it); ``trace`` holds the packed engine output with explanations where it is needed (flips,
    pool enterprises) and is reproduced from the inputs and the run's parameters otherwise.
    """

    scope_path: ClassVar[str] = "enterprise__"

    run = models.ForeignKey(
        ScreeningRun, verbose_name=_("筛选批次"), on_delete=models.CASCADE, related_name="results"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveIntegerField(_("距认定排序"))
    hnte_verdict = models.CharField(_("高企认定结论"), max_length=16, choices=Evaluation.Verdict.choices)
    tech_sme_verdict = models.CharField(
        _("科技型中小企业结论"), max_length=16, choices=Evaluation.Verdict.choices, blank=True
    )
    tier = models.CharField(_("梯队"), max_length=16, choices=Evaluation.Tier.choices)
    score_min = models.PositiveSmallIntegerField(_("创新能力评分下限"), null=True, blank=True)
    score_max = models.PositiveSmallIntegerField(_("创新能力评分上限"), null=True, blank=True)
    failed_count = models.PositiveSmallIntegerField(_("未达标条件数"))
    unknown_count = models.PositiveSmallIntegerField(_("待补数据条件数"))
    gap_relative = models.FloatField(_("相对差距"))
    failed = models.JSONField(_("未达标条件"), default=list)
    gaps = models.JSONField(_("差距"), default=dict)
    inputs_hash = models.CharField(_("输入摘要"), max_length=64)
    inputs = models.BinaryField(_("输入记录（压缩）"), null=True, blank=True)
    trace = models.BinaryField(_("评价结果与说明（压缩）"), null=True, blank=True)
    flipped = models.BooleanField(_("结论变化"), default=False)
    change = models.JSONField(_("变化说明"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("筛选结果")
        verbose_name_plural = _("筛选结果")
        ordering = ("run", "rank")
        constraints = (
            models.UniqueConstraint(fields=("run", "enterprise"), name="screening_result_run_enterprise"),
        )
        indexes = (
            models.Index(fields=("run", "rank"), name="screening_result_rank"),
            models.Index(fields=("enterprise", "inputs_hash"), name="screening_result_inputs"),
        )

    def __str__(self) -> str:
        return f"{self.run_id}:{self.enterprise_id}"

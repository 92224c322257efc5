"""District screening: evaluate every enterprise in one batch, store the results, compare with the last run.

``run_screening`` reads the file once (``bridge.build_tables``), evaluates the whole batch with
``gaoqi.policy.evaluate_tables``, ranks by distance to certification (``ranking``), and writes one
``ScreeningResult`` per enterprise in bulk, plus the year's ``TierRecord``s. Against the previous run it
marks who flipped (HNTE verdict, tech-SME verdict or tier) and why: the inputs that changed (contract
records compared path by path) and the parameters that changed (snapshots compared). The packed input
text (``inputs``: the enterprise's rows of the engine tables) is kept only when it changed since the
previous run; the packed trace (engine output with explanations) only for flips and active pool
enterprises; ``reproduce`` recomputes any other result from the stored inputs.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from gaoqi import policy
from gaoqi.cultivation import compare, inputs, ranking, tiers
from gaoqi.cultivation.models import (
    PoolEntry,
    ScreeningResult,
    ScreeningRun,
    pack,
    pack_text,
    unpack,
    unpack_text,
)
from gaoqi.cultivation.storage import write_frame
from gaoqi.enterprises.bridge import build_tables, records_from_tables
from gaoqi.enterprises.models import Enterprise

OUTCOMES = ("hnte_verdict", "tech_sme_verdict", "tier")
INTEGER_UNITS = frozenset({"days", "years", "count"})
NUMERIC_UNITS = INTEGER_UNITS | {"wan_yuan", "ratio", "rate", "persons", "points"}
Report = Callable[[str], None]


def latest_run() -> ScreeningRun | None:
    """The most recent finished run."""
    return ScreeningRun.objects.filter(finished_at__isnull=False).order_by("-finished_at", "-pk").first()


def current_version(as_of: dt.date | None = None) -> str:
    """The parameter version a run on ``as_of`` (default today) would use."""
    return policy.load_parameters(as_of or timezone.localdate(), region=settings.GAOQI_REGION).version


def is_stale(run: ScreeningRun) -> bool:
    """Whether the parameters in force today differ from those the run used (a new run is due)."""
    return run.params_version != current_version()


def run_screening(
    enterprises: QuerySet[Enterprise],
    as_of: dt.date,
    *,
    user: Any = None,
    job: Any = None,
    params: policy.ParameterSet | None = None,
    report: Report | None = None,
) -> ScreeningRun:
    """Screen ``enterprises`` on ``as_of`` under ``params`` (default: those in force for the region)."""
    stages = _Stages(report)
    params = params or policy.load_parameters(as_of, region=settings.GAOQI_REGION)
    stages.start("read")
    built = build_tables(enterprises.order_by("pk"), as_of, params)
    stages.start("evaluate")
    frame = ranking.ranked(policy.evaluate_tables(built.tables, as_of, params=params))
    stages.start("inputs")
    texts = inputs.input_texts(built.tables)
    frame = frame.with_columns(
        pl.Series("enterprise_id", built.enterprise_ids, dtype=pl.Int64),
        pl.Series("inputs_hash", [inputs.digest(text) for text in texts], dtype=pl.String),
    )
    stages.start("compare")
    previous = latest_run()
    snapshot = compare.parameter_snapshot(params, as_of)
    frame = _against_previous(frame, previous)
    stages.start("write")
    with transaction.atomic():
        run = ScreeningRun.objects.create(
            as_of=as_of,
            region=params.region,
            params_version=params.version,
            parameters=snapshot,
            previous=previous,
            job=job,
            started_by=user,
            changed_parameters=compare.changed_parameters(previous.parameters, snapshot) if previous else [],
        )
        rows = _result_rows(frame, texts, built.tables, run, previous, params)
        write_frame(ScreeningResult, rows, json_columns=("failed", "gaps", "change"))
        tiers.store_year(frame, built.tables, enterprises, run, params)
        stages.start("")
        ScreeningRun.objects.filter(pk=run.pk).update(
            timings=stages.seconds,
            finished_at=timezone.now(),
            enterprises=frame.height,
            counts=_counts(frame),
            flipped=int(frame["flipped"].sum()),
            seconds=round(sum(stages.seconds.values()), 3),
        )
    run.refresh_from_db()
    return run


class _Stages:
    """Wall-clock seconds per stage, and the stage reported to ``report`` as it starts."""

    def __init__(self, report: Report | None) -> None:
        self.report: Report | None = report
        self.seconds: dict[str, float] = {}
        self.stage, self.at = "", time.monotonic()

    def start(self, stage: str) -> None:
        """End the current stage and start ``stage`` (``""`` ends the last one)."""
        now = time.monotonic()
        if self.stage:
            self.seconds[self.stage] = round(now - self.at, 3)
        self.stage, self.at = stage, now
        if stage and self.report is not None:
            self.report(stage)


def _against_previous(frame: pl.DataFrame, previous: ScreeningRun | None) -> pl.DataFrame:
    """``frame`` with the previous run's hash and outcomes (``prev_*``) and ``flipped``/``new_inputs``."""
    columns = ("enterprise_id", "inputs_hash", *OUTCOMES)
    rows = ScreeningResult.objects.filter(run=previous).values_list(*columns) if previous is not None else []
    schema = {"enterprise_id": pl.Int64, **{name: pl.String for name in columns[1:]}}
    before = pl.DataFrame(list(rows), schema=schema, orient="row").rename(
        {name: f"prev_{name}" for name in columns[1:]}
    )
    joined = frame.join(before, on="enterprise_id", how="left", maintain_order="left")
    known = pl.col("prev_inputs_hash").is_not_null()
    differs = pl.any_horizontal(pl.col(name).ne_missing(pl.col(f"prev_{name}")) for name in OUTCOMES)
    return joined.with_columns(
        (known & differs).alias("flipped"),
        pl.col("inputs_hash").ne_missing(pl.col("prev_inputs_hash")).alias("new_inputs"),
    )


def _result_rows(
    frame: pl.DataFrame,
    texts: Sequence[str],
    tables: policy.InputTables,
    run: ScreeningRun,
    previous: ScreeningRun | None,
    params: policy.ParameterSet,
) -> pl.DataFrame:
    """The ``ScreeningResult`` columns: outcomes, distance, packed inputs, traces and change notes."""
    new_inputs = frame["new_inputs"].to_list()
    ids = frame["enterprise_id"].to_list()
    traced = _traced_positions(ids, frame["flipped"].to_list())
    trace_at = dict(zip(traced, _traces(tables, traced, run.as_of, params), strict=True))
    changes = _changes(frame, texts, previous, run)
    return frame.select(
        pl.lit(run.pk, dtype=pl.Int64).alias("run_id"),
        "enterprise_id",
        pl.col("rank").cast(pl.Int64),
        pl.col("hnte_verdict").fill_null(""),
        pl.col("tech_sme_verdict").fill_null(""),
        pl.col("tier").fill_null("none"),
        "score_min",
        "score_max",
        "failed_count",
        "unknown_count",
        "gap_relative",
        _json_column("failed"),
        _json_column("gaps"),
        "inputs_hash",
        pl.Series(
            "inputs",
            [pack_text(text) if new else None for text, new in zip(texts, new_inputs, strict=True)],
            dtype=pl.Binary,
        ),
        pl.Series("trace", [trace_at.get(i) for i in range(len(ids))], dtype=pl.Binary),
        "flipped",
        pl.Series("change", [changes.get(i) for i in range(len(ids))], dtype=pl.String),
    )


def _json_column(name: str) -> pl.Expr:
    """A list column as JSON text, encoded by Polars (the struct's encoding without its wrapper)."""
    wrapped = pl.struct(pl.col(name)).struct.json_encode()
    return wrapped.str.strip_prefix(f'{{"{name}":').str.strip_suffix("}").alias(name)


def _traced_positions(ids: list[int], flipped: list[bool]) -> list[int]:
    """Positions whose trace is kept: flips and enterprises active in the pool."""
    pooled = set(PoolEntry.objects.filter(exited_on__isnull=True).values_list("enterprise_id", flat=True))
    return [i for i, (pk, flip) in enumerate(zip(ids, flipped, strict=True)) if flip or pk in pooled]


def _traces(
    tables: policy.InputTables, positions: list[int], as_of: dt.date, params: policy.ParameterSet
) -> list[bytes]:
    """The packed engine output with explanations of the enterprises at ``positions``."""
    if not positions:
        return []
    records = records_from_tables(inputs.subset(tables, positions))
    return [pack(result) for result in policy.evaluate_records(records, as_of, params=params, explain=True)]


def _changes(
    frame: pl.DataFrame, texts: Sequence[str], previous: ScreeningRun | None, run: ScreeningRun
) -> dict[int, str]:
    """JSON notes of why each flipped enterprise changed, by position."""
    if previous is None:
        return {}
    flips = frame.with_row_index("position").filter(pl.col("flipped"))
    if flips.is_empty():
        return {}
    keys = list(zip(flips["enterprise_id"], flips["prev_inputs_hash"], strict=True))
    old_texts = stored_inputs(keys)
    changed_inputs = _changed_input_paths(flips.filter(pl.col("new_inputs")), texts, old_texts)
    notes = {}
    for row in flips.iter_rows(named=True):
        note = {
            "before": {name: row[f"prev_{name}"] for name in OUTCOMES},
            "after": {name: row[name] for name in OUTCOMES},
            "inputs": changed_inputs.get(row["position"], []),
            "parameters": [item["name"] for item in run.changed_parameters],
            "as_of_changed": previous.as_of != run.as_of,
        }
        notes[row["position"]] = json.dumps(note, ensure_ascii=False)
    return notes


def _changed_input_paths(
    changed: pl.DataFrame, texts: Sequence[str], old_texts: dict[tuple[int, str], str]
) -> dict[int, list[str]]:
    """For flips whose inputs changed: the input paths that differ from the previous run's, by position."""
    positions = changed["position"].to_list()
    olds = [
        old_texts.get(key) for key in zip(changed["enterprise_id"], changed["prev_inputs_hash"], strict=True)
    ]
    new_records = inputs.records_from_texts([texts[position] for position in positions])
    old_records = iter(inputs.records_from_texts([text for text in olds if text is not None]))
    return {
        position: compare.changed_inputs(next(old_records) if text is not None else None, record)
        for position, text, record in zip(positions, olds, new_records, strict=True)
    }


def stored_inputs(keys: list[tuple[int, str]]) -> dict[tuple[int, str], str]:
    """The input texts stored for ``(enterprise_id, inputs_hash)`` pairs (one query)."""
    if not keys:
        return {}
    wanted = set(keys)
    rows = ScreeningResult.objects.filter(
        enterprise_id__in={pk for pk, _hash in keys}, inputs__isnull=False
    ).values_list("enterprise_id", "inputs_hash", "inputs")
    return {(pk, digest): unpack_text(blob) or "" for pk, digest, blob in rows if (pk, digest) in wanted}


def _counts(frame: pl.DataFrame) -> dict[str, Any]:
    """Headline counts of a run: verdicts, tiers and how many enterprises failed N conditions."""

    def tally(column: str) -> dict[str, int]:
        counted = frame.group_by(pl.col(column).fill_null("").cast(pl.String)).len()
        return {key: int(count) for key, count in counted.iter_rows()}

    return {name: tally(name) for name in (*OUTCOMES, "failed_count")}


def reproduce(result: ScreeningResult) -> dict[str, Any]:
    """The engine's output (with explanations) for a stored result, from its inputs and the run's
    parameters: the stored trace when there is one, else evaluated again (``exact`` says whether the
    run's parameters could all be restored; no output when the inputs are no longer stored)."""
    if result.trace is not None:
        return {"output": unpack(result.trace), "exact": True}
    key = (result.enterprise_id, result.inputs_hash)
    text = stored_inputs([key]).get(key)
    if text is None:  # the run that stored these inputs was deleted
        return {"output": None, "exact": False}
    (record,) = inputs.records_from_texts([text])
    params, exact = run_parameters(result.run)
    output = policy.evaluate_records([record], result.run.as_of, params=params, explain=True)[0]
    return {"output": output, "exact": exact}


def run_parameters(run: ScreeningRun) -> tuple[policy.ParameterSet, bool]:
    """The parameters a run used: today's files with the run's numeric values restored where they
    differ; ``False`` when some differing value (a table or a code) could not be restored."""
    params = policy.load_parameters(run.as_of, region=run.region)
    if params.version == run.params_version:
        return params, True
    now = compare.parameter_snapshot(params, run.as_of)
    restored, exact = {}, True
    for item in compare.changed_parameters(run.parameters, now):
        value = _numeric(params, item["name"], item["before"])
        if value is None:
            exact = False
        else:
            restored[item["name"]] = value
    return (params.with_overrides(restored, effective_on=run.as_of) if restored else params), exact


def _numeric(params: policy.ParameterSet, name: str, text: Any) -> Any:
    """A snapshot's text back as the parameter's number, or ``None`` when it is not a number."""
    if not params.has(name) or not isinstance(text, str) or params.source(name).unit not in NUMERIC_UNITS:
        return None
    if "/" in text:
        return text
    number = Decimal(text)
    return int(number) if params.source(name).unit in INTEGER_UNITS else number

"""Dated policy parameters: the strict loader and ``ParameterSet``.

Files live in ``parameters/`` (one per rule family) and ``parameters/regions/<region>.yaml``.
A parameter is addressed by ``"<family>.<name>"``, e.g. ``"hnte.rd_ratio_brackets"``. A region file
lists parameters by their full name: a national name overrides the national parameter (same unit),
a new name adds a regional parameter.

Using a ``ParameterSet`` (``params = load_parameters(date(2025, 6, 1))``):

- ``params["hnte.staff_ratio_min"]`` / ``params.value(name, on=None)``: value in force on ``as_of``
  (or on ``on``): the one with the latest date key ≤ that date.
- ``params.source(name, on=None)``: ``ParameterSource`` (description, unit, reference document and
  article, effective date of the value in force, file, whether a region set it).
- ``params.yearly_average(name, year)``: month-weighted average over the calendar year of a
  numeric parameter (values in force on the 1st of each month); 2022's general super-deduction
  rate gives ``Fraction(13, 16)`` (0.8125).
- ``params.version``: a stable short hash of every value dated on or before ``as_of`` (the values
  that can affect an evaluation on that date), plus the region.
- ``params.with_overrides({"hnte.staff_ratio_min": Decimal("0.08")}, effective_on=None)``: a changed
  copy for what-if and simulation. Values are checked against the unit like the loader does
  (``Decimal``/``int``/``Fraction`` or ``"p/q"`` text; tables as lists of dicts). Without
  ``effective_on`` the new value replaces the whole history; with it, it is added from that date.
- ``params.names()``, ``params.in_force(on=None)``, ``params.has(name)``, ``params.at(as_of)``,
  ``params.memo(key, build)`` (values derived once per set, e.g. the compiled rule expressions).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from gaoqi.policy.errors import ParameterError
from gaoqi.policy.param_units import UNITS, UnitError, check_value, value_from_node
from gaoqi.policy.param_yaml import compose, dated_mapping, fail, mapping, scalar

PARAMETER_DIR = Path(__file__).with_name("parameters")
_PARAMETER_KEYS = ("description", "unit", "reference", "values")


@dataclass(frozen=True)
class ParameterSource:
    """Where a value in force comes from."""

    name: str
    description: str
    unit: str
    document: str
    article: str
    effective_on: dt.date
    file: str
    regional: bool


@dataclass(frozen=True)
class Parameter:
    """One parameter with its whole dated history (ascending dates)."""

    name: str
    description: str
    unit: str
    document: str
    article: str
    values: tuple[tuple[dt.date, object], ...]
    file: str
    regional: bool = False
    columns: Mapping[str, str] | None = None

    def entry_on(self, on: dt.date) -> tuple[dt.date, object] | None:
        """The (date, value) in force on ``on``, or ``None`` before the first date."""
        found = None
        for effective, value in self.values:
            if effective > on:
                break
            found = (effective, value)
        return found


class ParameterSet:
    """The parameters of one region, read for one assessment date (see the module docstring)."""

    def __init__(self, parameters: Mapping[str, Parameter], as_of: dt.date, region: str) -> None:
        self._parameters = dict(parameters)
        self.as_of = as_of
        self.region = region
        self._memo: dict[Hashable, Any] = {}

    def __repr__(self) -> str:
        return f"ParameterSet(region={self.region!r}, as_of={self.as_of}, version={self.version!r})"

    def __getitem__(self, name: str) -> Any:
        return self.value(name)

    def names(self) -> list[str]:
        """All parameter names, sorted."""
        return sorted(self._parameters)

    def has(self, name: str) -> bool:
        """Whether the parameter exists (regional parameters may be absent in another region)."""
        return name in self._parameters

    def at(self, as_of: dt.date) -> ParameterSet:
        """The same parameters read for another assessment date (itself for the same date)."""
        return self if as_of == self.as_of else ParameterSet(self._parameters, as_of, self.region)

    def memo(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """A value derived from these parameters (e.g. compiled rule expressions), built once: the
        set never changes, so the value stays right for its lifetime."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def value(self, name: str, on: dt.date | None = None) -> Any:
        """The value in force on ``on`` (default ``as_of``)."""
        return self._entry(name, on)[1]

    def source(self, name: str, on: dt.date | None = None) -> ParameterSource:
        """Description, unit, reference and effective date of the value in force."""
        parameter = self._get(name)
        effective, _ = self._entry(name, on)
        return ParameterSource(
            name=name,
            description=parameter.description,
            unit=parameter.unit,
            document=parameter.document,
            article=parameter.article,
            effective_on=effective,
            file=parameter.file,
            regional=parameter.regional,
        )

    def in_force(self, on: dt.date | None = None) -> dict[str, object]:
        """Every parameter's value in force on ``on`` (default ``as_of``); absent ones are skipped."""
        day = on or self.as_of
        result = {}
        for name in self.names():
            entry = self._parameters[name].entry_on(day)
            if entry is not None:
                result[name] = entry[1]
        return result

    def yearly_average(self, name: str, year: int) -> Fraction | None:
        """Month-weighted average (exact) of a numeric parameter over ``year``; ``None`` if some
        month has no value in force. Computed once per set (explanations ask for it per call)."""
        return self.memo(("yearly_average", name, year), lambda: self._yearly_average(name, year))

    def _yearly_average(self, name: str, year: int) -> Fraction | None:
        parameter = self._get(name)
        total = Fraction(0)
        for month in range(1, 13):
            entry = parameter.entry_on(dt.date(year, month, 1))
            if entry is None:
                return None
            value = entry[1]
            if not isinstance(value, int | Decimal | Fraction) or isinstance(value, bool):
                raise ParameterError(f"{name} 不是数值参数，不能按月加权平均")
            total += Fraction(value)
        return total / 12

    @property
    def version(self) -> str:
        """Stable hash of the region and every value dated on or before ``as_of``."""
        payload = {
            name: [[str(day), _canonical(value)] for day, value in parameter.values if day <= self.as_of]
            for name, parameter in sorted(self._parameters.items())
        }
        text = json.dumps([self.region, payload], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def with_overrides(
        self, changes: Mapping[str, object], *, effective_on: dt.date | None = None
    ) -> ParameterSet:
        """A copy with changed values (checked against each unit); see the module docstring."""
        updated = dict(self._parameters)
        for name, raw in changes.items():
            parameter = self._get(name)
            try:
                value = check_value(parameter.unit, raw, parameter.columns)
            except UnitError as exc:
                raise ParameterError(f"参数 {name} 的替换值不符合单位 {parameter.unit}：{exc}") from exc
            history: tuple[tuple[dt.date, object], ...]
            if effective_on is None:
                history = ((dt.date.min, value),)
            else:
                kept = tuple(item for item in parameter.values if item[0] != effective_on)
                history = tuple(sorted((*kept, (effective_on, value)), key=lambda item: item[0]))
            updated[name] = replace(parameter, values=history)
        return ParameterSet(updated, self.as_of, self.region)

    def _get(self, name: str) -> Parameter:
        try:
            return self._parameters[name]
        except KeyError:
            raise ParameterError(f"没有名为 {name} 的参数") from None

    def _entry(self, name: str, on: dt.date | None) -> tuple[dt.date, object]:
        day = on or self.as_of
        entry = self._get(name).entry_on(day)
        if entry is None:
            raise ParameterError(f"参数 {name} 在 {day} 没有生效的取值")
        return entry


def load_parameters(
    as_of: dt.date | None = None, region: str = "keqiao", *, directory: Path | None = None
) -> ParameterSet:
    """Load the national files and the region's file from ``directory`` (default: the package's).

    Parsed files and sets are cached while the files' modification times stay the same."""
    root = directory or PARAMETER_DIR
    region_path = root / "regions" / f"{region}.yaml"
    if not region_path.is_file():
        raise ParameterError(f"没有地区参数文件 regions/{region}.yaml")
    paths = (*_national_files(str(root), root.stat().st_mtime_ns), region_path)
    stamp = tuple((str(path), path.stat().st_mtime_ns) for path in paths)
    return _parameter_set(stamp, region, as_of or dt.date.today())


@lru_cache(maxsize=16)
def _national_files(root: str, modified_ns: int) -> tuple[Path, ...]:
    """The national files of ``root``, listed again only when the directory changes (a file added,
    removed or renamed changes its modification time)."""
    return tuple(sorted(Path(root).glob("*.yaml")))


@lru_cache(maxsize=64)
def _parameter_set(stamp: tuple[tuple[str, int], ...], region: str, as_of: dt.date) -> ParameterSet:
    """One shared (immutable) set per files, region and date, so its memoised values are reused."""
    return ParameterSet(_read_all(stamp, region), as_of, region)


@lru_cache(maxsize=16)
def _read_all(stamp: tuple[tuple[str, int], ...], region: str) -> Mapping[str, Parameter]:
    """National files then the region's file (the last path of ``stamp``), merged by name."""
    *national_paths, region_path = (Path(name) for name, _ in stamp)
    parameters: dict[str, Parameter] = {}
    for path in national_paths:
        for parameter in read_file(path):
            parameters[parameter.name] = parameter
    for parameter in read_file(region_path, region=region, national=parameters):
        parameters[parameter.name] = parameter
    return MappingProxyType(parameters)


def read_file(
    path: Path, *, region: str | None = None, national: Mapping[str, Parameter] | None = None
) -> Iterator[Parameter]:
    """Read one parameter file strictly (national, or a region's when ``region`` is given)."""
    root = compose(path)
    if region is None:
        top = mapping(path, root, required=("family", "title", "parameters"))
        family = scalar(path, top["family"])
        if not isinstance(family, str) or family != path.stem:
            raise fail(path, top["family"], f"family 应与文件名一致（{path.stem}）")
    else:
        top = mapping(path, root, required=("region", "title", "parameters"))
        if scalar(path, top["region"]) != region:
            raise fail(path, top["region"], f"region 应为 {region}")
    for key, node in mapping(path, top["parameters"]).items():
        name = key if region is not None else f"{family}.{key}"
        if region is not None and "." not in name:
            raise fail(path, node, f"地区参数名 {name!r} 应写成 <family>.<name>")
        previous = (national or {}).get(name)
        yield _read_parameter(path, name, node, regional=region is not None, previous=previous)


def _read_parameter(
    path: Path, name: str, node: yaml.Node, *, regional: bool, previous: Parameter | None
) -> Parameter:
    fields = mapping(path, node, required=_PARAMETER_KEYS, optional=("columns",))
    unit = scalar(path, fields["unit"])
    if unit not in UNITS:
        raise fail(path, fields["unit"], f"未知的单位 {unit!r}")
    columns = _columns(path, fields.get("columns"), unit, node)
    if previous is not None and (previous.unit, previous.columns) != (unit, columns):
        raise fail(path, fields["unit"], f"地区参数 {name} 的单位与全国参数不同（{previous.unit}）")
    reference = mapping(path, fields["reference"], required=("document", "article"))
    values = tuple(
        (day, value_from_node(path, value_node, unit, columns))
        for day, value_node in dated_mapping(path, fields["values"])
    )
    return Parameter(
        name=name,
        description=_required_text(path, fields["description"]),
        unit=unit,
        document=_required_text(path, reference["document"]),
        article=_required_text(path, reference["article"]),
        values=values,
        file=path.name if not regional else f"regions/{path.name}",
        regional=regional,
        columns=columns,
    )


def _columns(path: Path, node: yaml.Node | None, unit: str, owner: yaml.Node) -> dict[str, str] | None:
    if (node is None) != (unit != "table"):
        raise fail(path, node or owner, "只有 table 单位需要（且必须）声明 columns")
    if node is None:
        return None
    columns = {}
    for name, unit_node in mapping(path, node).items():
        column_unit = scalar(path, unit_node)
        if column_unit not in UNITS or column_unit == "table":
            raise fail(path, unit_node, f"列 {name} 的单位 {column_unit!r} 无效")
        columns[name] = column_unit
    return columns


def _required_text(path: Path, node: yaml.Node) -> str:
    text = scalar(path, node)
    if not isinstance(text, str) or not text.strip():
        raise fail(path, node, "应为非空文本")
    return text


def _canonical(value: object) -> object:
    if isinstance(value, tuple | list):
        return [_canonical(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _canonical(item) for key, item in sorted(value.items())}
    if isinstance(value, bool | None):
        return value
    return str(value)

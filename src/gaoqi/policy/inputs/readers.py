"""``read_input``: JSON Lines, the Excel/CSV platform layout and Parquet, chosen by the file name.

File conventions (docs/engine-input-layout.md):
- ``.jsonl``/``.json``: one contract record per line (a ``.json`` file may also hold one array);
- ``.xlsx``: sheets 企业基本信息 and 年度指标;
- ``.csv``: ``<stem>.企业基本信息.csv`` and ``<stem>.年度指标.csv`` side by side (name either one, or
  ``<stem>.csv``), UTF-8 with or without BOM, or GB18030;
- ``.parquet`` or a directory: ``<stem>.enterprises.parquet`` and ``<stem>.years.parquet`` (name either
  one), or a directory holding ``enterprises.parquet`` and ``years.parquet``; either the flat layout, or
  exactly the normalised tables (as ``write_tables`` writes them), which skip decoding.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
from python_calamine import CalamineWorkbook

from gaoqi.policy.errors import InputError, RecordError
from gaoqi.policy.inputs.decode import Columns
from gaoqi.policy.inputs.fields import ENTERPRISE_SHEET, YEAR_SHEET
from gaoqi.policy.inputs.frames import batch_from_frames
from gaoqi.policy.inputs.layout import HEADER_TO_COLUMN, LINK, header_key
from gaoqi.policy.inputs.messages import record_error
from gaoqi.policy.inputs.records import batch_from_columns
from gaoqi.policy.inputs.validate import batch_from_normalised
from gaoqi.policy.tables import ENTERPRISE_SCHEMA, YEAR_SCHEMA, InputBatch, InputTables

SHEETS = (ENTERPRISE_SHEET, YEAR_SHEET)
PARQUET_PARTS = ("enterprises", "years")
PARQUET_CODEC = "lz4"


def read_input(path: str | Path) -> InputBatch:
    """Read and validate enterprise records from ``path``; raise ``InputError`` if it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir() or suffix == ".parquet":
        return _read_parquet(path)
    readers = {".jsonl": _read_json, ".json": _read_json, ".xlsx": _read_excel, ".csv": _read_csv}
    reader = readers.get(suffix)
    if reader is None:
        raise InputError(f"无法识别输入文件类型“{path.name}”：支持 .jsonl、.json、.xlsx、.csv、.parquet")
    return reader(path)


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"无法读取输入文件“{path}”：{error.strerror or error}") from error


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} 不是合法的数值")


def _loads(text: str) -> Any:
    return json.loads(text, parse_float=Decimal, parse_constant=_no_constants)


def json_records(path: str | Path) -> Iterator[Any]:
    """The records of a JSON Lines file, in order; a line that is not JSON yields a ``RecordError`` in
    its place. A ``.json`` file may also hold one array of records or one record."""
    path = Path(path)
    text = _text(path, ("utf-8-sig",))
    if path.suffix.lower() == ".json" and text.lstrip()[:1] in ("[", "{"):
        try:
            document = _loads(text)
        except ValueError as error:
            if text.lstrip().startswith("["):
                raise InputError(f"输入文件“{path.name}”不是合法的 JSON：{error}") from error
        else:  # one array of records, or one record spread over several lines
            yield from document if isinstance(document, list) else [document]
            return
    position = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield _loads(line)
        except ValueError as error:
            yield record_error(
                position, None, None, "", "not_json", f"第 {number} 行不是合法的 JSON：{error}"
            )
        position += 1


def _read_json(path: Path) -> InputBatch:
    columns = Columns()
    for item in json_records(path):
        if isinstance(item, RecordError):
            columns.reject(item)
        else:
            columns.add(item)
    return batch_from_columns(columns)


def _text(path: Path, encodings: tuple[str, ...]) -> str:
    data = _bytes(path)
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"输入文件“{path.name}”的编码无法识别：请使用 {' 或 '.join(encodings)}")


def _read_excel(path: Path) -> InputBatch:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own error types for unreadable files
        raise InputError(f"无法读取 Excel 文件“{path.name}”：{error}") from error
    missing = [name for name in SHEETS if name not in workbook.sheet_names]
    if missing:
        raise InputError(f"Excel 文件“{path.name}”缺少工作表：{'、'.join(missing)}")
    frames = [
        _sheet_frame(workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in SHEETS
    ]
    return batch_from_frames(*frames)


def _sheet_frame(rows: list[list[Any]]) -> pl.DataFrame:
    """A sheet's rows as a frame of text columns (numbers through their shortest repr)."""
    start = _header_row(rows)
    headers = [str(cell).strip() for cell in rows[start]] if rows else []
    named = [header for header in headers if header]
    if len(set(named)) != len(named):
        repeated = sorted({header for header in named if named.count(header) > 1})
        raise InputError(f"表头重复：{'、'.join(repeated)}")
    body = [row for row in rows[start + 1 :] if any(_cell_text(cell) is not None for cell in row)]
    data = {
        header: [_cell_text(row[i]) if i < len(row) else None for row in body]
        for i, header in enumerate(headers)
        if header
    }
    return pl.DataFrame(data, schema=dict.fromkeys(data, pl.String))


def _header_row(rows: list[list[Any]]) -> int:
    """The header row: the first of the first 20 rows naming the USCC column (title rows above it are
    skipped), else the first row."""
    for number, row in enumerate(rows[:20]):
        if any(
            HEADER_TO_COLUMN.get(header_key(cell)) == LINK.column for cell in row if cell not in (None, "")
        ):
            return number
    return 0


def _cell_text(cell: Any) -> str | None:
    if cell is None or cell == "":
        return None
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float):
        return repr(int(cell)) if cell.is_integer() and abs(cell) < 2**53 else repr(cell)
    return str(cell)


def _read_csv(path: Path) -> InputBatch:
    frames = []
    for sheet, part in zip(SHEETS, _siblings(path, SHEETS, ".csv"), strict=True):
        text = _text(part, ("utf-8-sig", "gb18030"))
        try:
            frames.append(pl.read_csv(io.StringIO(text), infer_schema=False))
        except pl.exceptions.PolarsError as error:
            raise InputError(f"无法解析 CSV 文件“{part.name}”（{sheet}）：{error}") from error
    return batch_from_frames(*frames)


def _read_parquet(path: Path) -> InputBatch:
    parts = [path / f"{name}.parquet" for name in PARQUET_PARTS] if path.is_dir() else None
    sources = []
    for part in parts or _siblings(path, PARQUET_PARTS, ".parquet"):
        if not part.is_file():
            raise InputError(f"找不到 Parquet 文件“{part}”")
        sources.append((part, _scan(part)))
    (ent_part, enterprises), (year_part, years) = sources
    if enterprises.collect_schema() == ENTERPRISE_SCHEMA and years.collect_schema() == YEAR_SCHEMA:
        return batch_from_normalised(_collect(ent_part, enterprises), _collect(year_part, years))
    try:  # the flat layout is read lazily: only its columns, decoded in one streaming pass per table
        return batch_from_frames(enterprises, years)
    except (OSError, pl.exceptions.ComputeError) as error:  # a file whose data pages cannot be read
        raise InputError(f"无法读取 Parquet 文件“{ent_part.name}”或“{year_part.name}”：{error}") from error


def _scan(part: Path) -> pl.LazyFrame:
    try:
        source = pl.scan_parquet(part)
        source.collect_schema()
    except (OSError, pl.exceptions.PolarsError) as error:
        raise InputError(f"无法读取 Parquet 文件“{part.name}”：{error}") from error
    return source


def _collect(part: Path, source: pl.LazyFrame) -> pl.DataFrame:
    try:
        return source.collect()
    except (OSError, pl.exceptions.PolarsError) as error:
        raise InputError(f"无法读取 Parquet 文件“{part.name}”：{error}") from error


def write_tables(tables: InputTables, directory: str | Path) -> Path:
    """Write normalised tables as ``enterprises.parquet`` and ``years.parquet`` in ``directory``
    (amounts in yuan, head counts in ten-thousandths); ``read_input(directory)`` reads them back.
    LZ4 compression: about a third larger than zstd and decoded twice as fast, which for a large
    batch is most of the read."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tables.enterprises.write_parquet(directory / "enterprises.parquet", compression=PARQUET_CODEC)
    tables.years.write_parquet(directory / "years.parquet", compression=PARQUET_CODEC)
    return directory


def _siblings(path: Path, names: tuple[str, ...], suffix: str) -> Iterator[Path]:
    """The files ``<stem>.<name><suffix>`` for each name, given any one of them or ``<stem><suffix>``."""
    stem = path.name[: -len(suffix)]
    for name in names:
        stem = stem.removesuffix(f".{name}")
    for name in names:
        part = path.with_name(f"{stem}.{name}{suffix}")
        if not part.is_file():
            raise InputError(f"找不到输入文件“{part}”：{suffix} 输入需要 {'、'.join(names)} 两个文件")
        yield part

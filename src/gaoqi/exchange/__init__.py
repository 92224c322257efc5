"""Data exchange: department spreadsheets in (read, map, validate, preview, commit), templates out.

Public entry points: ``gaoqi.exchange.pipeline.preview`` / ``commit`` for a stored ``ImportBatch``,
``gaoqi.exchange.kinds.KINDS`` for the kinds of file, ``gaoqi.exchange.blank.template_bytes`` for the
downloadable templates. The design and the benchmark figures are in docs/imports.md.
"""

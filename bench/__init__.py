"""Benchmarks (``python -m bench [name ...]``, ``make bench``). Each benchmark is a module with ``run``."""

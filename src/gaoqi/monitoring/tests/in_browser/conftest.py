"""The shared browser fixtures (headless Chromium, a page, screenshots), run from tests/browser/conftest.py
by its path: pytest may bind the name ``tests`` to another package when it collects this directory."""

from pathlib import Path
from runpy import run_path

_SHARED = run_path(str(Path(__file__).resolve().parents[5] / "tests" / "browser" / "conftest.py"))

browser, page, screenshot = _SHARED["browser"], _SHARED["page"], _SHARED["screenshot"]

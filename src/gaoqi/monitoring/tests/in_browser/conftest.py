"""The shared browser fixtures (headless Chromium, a page, screenshots), loaded from tests/browser/conftest.py
by its path: pytest may bind the name ``tests`` to another package when it collects this directory."""

from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

_PATH = Path(__file__).resolve().parents[5] / "tests" / "browser" / "conftest.py"
_SPEC = spec_from_file_location("gaoqi_shared_browser_fixtures", _PATH)
_SHARED = module_from_spec(_SPEC)
_SPEC.loader.exec_module(_SHARED)

browser, page, screenshot = _SHARED.browser, _SHARED.page, _SHARED.screenshot

"""The shared browser fixtures (headless Chromium, a page, screenshots) of tests/browser."""

from tests.browser.conftest import browser, page, screenshot  # noqa: F401

"""Copy the front-end files the pages use from ``node_modules`` into ``var/vendor`` (no CDN)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from gaoqi.config.settings import BASE_DIR, VAR_DIR

ASSETS = {
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "echarts/dist/echarts.min.js": "echarts/echarts.min.js",
    "@tabler/core/dist/css/tabler.min.css": "tabler/css/tabler.min.css",
    "@tabler/core/dist/js/tabler.min.js": "tabler/js/tabler.min.js",
}


def copy_assets(node_modules: Path = BASE_DIR / "node_modules", target: Path = VAR_DIR / "vendor") -> None:
    """Copy each listed asset; fail with a clear message when ``npm install`` has not run."""
    for source, destination in ASSETS.items():
        origin = node_modules / source
        if not origin.exists():
            raise SystemExit(f"缺少前端资源 {origin}，请先运行 npm install（make setup）")
        out = target / destination
        out.parent.mkdir(parents=True, exist_ok=True)
        if not out.exists() or out.stat().st_mtime < origin.stat().st_mtime:
            shutil.copy2(origin, out)


if __name__ == "__main__":
    copy_assets()
    sys.exit(0)

"""The ``gaoqi`` command line.

Engine commands (``evaluate``, ``explain``, ``params``, ``simulate``) run without Django; every other
command is a Django management command, so ``gaoqi demo-data`` runs ``manage.py demo_data``.
"""

from __future__ import annotations

import os
import sys

ENGINE_COMMANDS = frozenset({"evaluate", "explain", "params", "simulate", "sample-input"})


def main(argv: list[str] | None = None) -> int:
    """Dispatch ``gaoqi COMMAND ...`` to the engine or to Django."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ENGINE_COMMANDS:
        from gaoqi.policy.cli import main as engine_main

        return engine_main(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaoqi.config.settings")
    from django.core.management import execute_from_command_line

    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["gaoqi", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())

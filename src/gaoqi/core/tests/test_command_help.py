"""Every management command of our own prints its ``--help`` (argparse needs real strings, not lazy
translations)."""

from __future__ import annotations

import pytest
from django.core.management import get_commands, load_command_class

OUR_COMMANDS = sorted(name for name, app in get_commands().items() if app.startswith("gaoqi."))


def test_our_commands_are_found() -> None:
    assert {"issue_token", "create_user", "export", "raise_alerts"} <= set(OUR_COMMANDS)


@pytest.mark.parametrize("name", OUR_COMMANDS)
def test_help_prints(name: str) -> None:
    command = load_command_class(get_commands()[name], name)
    text = command.create_parser("gaoqi", name).format_help()
    assert f"gaoqi {name}" in text
    assert str(command.help).strip()[:10] in text.replace("\n", "")

"""Every command has help, is documented in the README, and follows the flag conventions."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from triangulate.cli import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("name", _commands())
def test_cli_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "-h"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


@pytest.mark.parametrize("name", _commands())
def test_cli_every_command_is_documented(name: str) -> None:
    assert f"triangulate {name}" in README


@pytest.mark.parametrize("name", _commands())
def test_cli_no_multi_letter_short_flags(name: str) -> None:
    command = cli.commands[name]
    for param in command.params:
        if isinstance(param, click.Option):
            for opt in param.opts + param.secondary_opts:
                if opt.startswith("-") and not opt.startswith("--"):
                    assert len(opt) == 2, f"{name}: {opt}"


def test_cli_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert "triangulate" in result.output

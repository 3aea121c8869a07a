"""The ``triangulate`` command line: a thin layer over the library."""

from __future__ import annotations

import logging
import sys

import click

from .. import __version__
from ..errors import TriangulateError
from .check import check
from .corpus import failures, ingest, stories, story

__all__ = ["cli", "main"]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="triangulate")
def cli() -> None:
    """Verify a news story across its sources, claim by claim.

    Give it several reports of one story; it tells you what they agree on,
    where they contradict each other, and what one of them states alone.
    """


for _command in (check, ingest, stories, story, failures):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point: domain errors exit 1 with their coded message."""
    try:
        cli.main(prog_name="triangulate", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except TriangulateError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(1)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)


def configure_logging(verbose: int, quiet: bool) -> None:
    """Logs go to stderr; -v info, -vv debug, -q errors only."""
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
